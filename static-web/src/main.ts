import { createApp } from "vue";
import App from "./App.vue";
import { showLocale, i18n, languageFromQuery, rememberedLocale } from "./i18n.js";
import { router } from "./router.js";
import "./styles.css";

showLocale(rememberedLocale());
router.beforeEach(languageFromQuery);

const app = createApp(App).use(i18n).use(router);
// Mount after the first navigation so a `?lang=` link never flashes the default language.
void router.isReady().then(() => app.mount("#app"));
