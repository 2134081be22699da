import { createRouter, createWebHistory } from "vue-router";
import type { MessageKey } from "./i18n.js";
import HomeView from "./views/HomeView.vue";
import NotFoundView from "./views/NotFoundView.vue";

declare module "vue-router" {
  interface RouteMeta {
    /** Translated into the document title, so every page has a distinct, localised title. */
    titleKey: MessageKey;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: "/", name: "home", component: HomeView, meta: { titleKey: "home.title" } },
    // The host rewrites every unknown path to index.html (navigationFallback); this catches it.
    { path: "/:pathMatch(.*)*", name: "not-found", component: NotFoundView, meta: { titleKey: "notFound.title" } },
  ],
  scrollBehavior: (_to, _from, savedPosition) => savedPosition ?? { top: 0 },
});
