import { fileURLToPath } from "node:url";
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  plugins: [vue()],
  define: {
    // vue-i18n feature flags: composition API only, no devtools in production builds.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: here("../dist/static-web"),
    emptyOutDir: true,
    // Everything stays a file: the Content-Security-Policy allows no inline script or style.
    assetsInlineLimit: 0,
  },
  server: {
    // The local host serves the Functions on :4280, as Static Web Apps does under /api.
    proxy: { "/api": "http://localhost:4280" },
  },
});
