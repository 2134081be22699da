import { createRouter, createWebHistory } from "vue-router";
import { Role } from "../../shared/identity/roles.js";
import type { MessageKey } from "./i18n.js";
import HomeView from "./views/HomeView.vue";
import NotFoundView from "./views/NotFoundView.vue";

declare module "vue-router" {
  interface RouteMeta {
    /** Translated into the document title, so every page has a distinct, localised title. */
    titleKey: MessageKey;
    /** Who may open the page: a signed-in person holding one of these roles (absent: anyone). */
    roles?: readonly Role[];
    /**
     * The page's label in the header menu, which lists these routes in this file's order, each
     * only for the roles it allows. Pages without one are reached from other pages.
     */
    navKey?: MessageKey;
  }
}

const schoolStaff = ["teacher", "schoolAdmin"] as const satisfies readonly Role[];

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: "/", name: "home", component: HomeView, meta: { titleKey: "home.title", navKey: "nav.home" } },
    { path: "/login", name: "login", component: () => import("./views/LoginView.vue"), meta: { titleKey: "login.title" } },
    {
      path: "/profiel",
      name: "profile",
      component: () => import("./views/ProfileView.vue"),
      meta: { titleKey: "profile.title", navKey: "nav.profile", roles: Role.options },
    },
    {
      path: "/school/klassen",
      name: "school-classes",
      component: () => import("./views/SchoolClassesView.vue"),
      meta: { titleKey: "classes.title", navKey: "nav.classes", roles: schoolStaff },
    },
    {
      path: "/school/klassen/:groupId",
      name: "school-class",
      component: () => import("./views/SchoolClassView.vue"),
      props: true,
      meta: { titleKey: "group.title", roles: schoolStaff },
    },
    {
      path: "/school/personen",
      name: "school-people",
      component: () => import("./views/SchoolPeopleView.vue"),
      meta: { titleKey: "people.title", navKey: "nav.people", roles: ["schoolAdmin"] },
    },
    // Importing people and classes from a roster file (OneRoster or the school's own CSV list).
    {
      path: "/school/import",
      name: "school-import",
      component: () => import("./views/SchoolImportView.vue"),
      meta: { titleKey: "rosterImport.title", navKey: "nav.import", roles: ["schoolAdmin"] },
    },
    // Login cards of young pupils: the printed QR code opens /kaart/<instellingsnummer>#<code>.
    {
      path: "/kaart/:instellingsnummer(\\d{1,6})?",
      name: "card-sign-in",
      component: () => import("./views/CardSignInView.vue"),
      meta: { titleKey: "loginCards.signIn.title" },
    },
    {
      path: "/school/kaarten",
      name: "login-cards",
      component: () => import("./views/LoginCardsView.vue"),
      meta: { titleKey: "loginCards.manage.title", navKey: "nav.loginCards", roles: schoolStaff },
    },
    // The host rewrites every unknown path to index.html (navigationFallback); this catches it.
    { path: "/:pathMatch(.*)*", name: "not-found", component: NotFoundView, meta: { titleKey: "notFound.title" } },
    // Reached by name only (the role guard in access.ts), keeping the address of the refused
    // page; an address typed in matches not-found above, which comes first.
    { path: "/:pathMatch(.*)*", name: "not-allowed", component: () => import("./views/NotAllowedView.vue"), meta: { titleKey: "notAllowed.title" } },
  ],
  scrollBehavior: (_to, _from, savedPosition) => savedPosition ?? { top: 0 },
});
