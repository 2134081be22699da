// First: configures zod for the CSP before any schema is built (see api/zod.ts).
import "./api/zod.js";
import { createApp } from "vue";
import { requireRoles, signInAgainWhenSessionEnds } from "./access.js";
import App from "./App.vue";
import { showLocale, i18n, languageFromQuery, rememberedLocale } from "./i18n.js";
import { router } from "./router.js";
import { loadSession } from "./session.js";
import "./styles.css";
import "./forms.css";

showLocale(rememberedLocale());
void loadSession();
router.beforeEach(languageFromQuery);
router.beforeEach(requireRoles);
signInAgainWhenSessionEnds(router);

const app = createApp(App).use(i18n).use(router);
// Mount after the first navigation so a `?lang=` link never flashes the default language.
void router.isReady().then(() => app.mount("#app"));
