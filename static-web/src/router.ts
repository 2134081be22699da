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
    // The catalogue of approved tools; school admins enable tools for their school there.
    {
      path: "/catalogus",
      name: "catalogue",
      component: () => import("./views/CatalogueView.vue"),
      meta: { titleKey: "catalogue.title", navKey: "nav.catalogue", roles: schoolStaff },
    },
    {
      path: "/catalogus/:toolId",
      name: "catalogue-tool",
      component: () => import("./views/CatalogueToolView.vue"),
      props: true,
      meta: { titleKey: "catalogueTool.title", roles: schoolStaff },
    },
    // The school's licences per tool (from the providers' webhooks): seats, validity, refused launches.
    {
      path: "/school/licenties",
      name: "school-licences",
      component: () => import("./views/SchoolLicencesView.vue"),
      meta: { titleKey: "schoolLicences.title", navKey: "nav.licences", roles: ["schoolAdmin"] },
    },
    // A tool that allows framing, opened from its home tile inside the portal (`?groupId=` picks the class).
    {
      path: "/tool/:toolId",
      name: "tool",
      component: () => import("./views/ToolFrameView.vue"),
      props: (route) => ({ toolId: String(route.params.toolId), groupId: typeof route.query.groupId === "string" ? route.query.groupId : undefined }),
      meta: { titleKey: "toolFrame.title", roles: ["pupil", "teacher", "schoolAdmin"] },
    },
    // Tool providers: their organisation, their tools (each change goes to review) and API keys.
    {
      path: "/aanbieder",
      name: "provider",
      component: () => import("./views/ProviderOrganisationView.vue"),
      meta: { titleKey: "provider.title", navKey: "nav.provider", roles: ["provider"] },
    },
    {
      path: "/aanbieder/tools",
      name: "provider-tools",
      component: () => import("./views/ProviderToolsView.vue"),
      meta: { titleKey: "providerTools.title", navKey: "nav.providerTools", roles: ["provider"] },
    },
    {
      path: "/aanbieder/tools/nieuw",
      name: "provider-tool-new",
      component: () => import("./views/ProviderToolView.vue"),
      meta: { titleKey: "providerTool.newTitle", roles: ["provider"] },
    },
    {
      path: "/aanbieder/tools/:toolId",
      name: "provider-tool",
      component: () => import("./views/ProviderToolView.vue"),
      props: true,
      meta: { titleKey: "providerTool.title", roles: ["provider"] },
    },
    {
      path: "/aanbieder/sleutels",
      name: "provider-keys",
      component: () => import("./views/ProviderKeysView.vue"),
      meta: { titleKey: "providerKeys.title", navKey: "nav.providerKeys", roles: ["provider"] },
    },
    // Licences the provider's webhooks reported, its delivery log and the "send test event" button.
    {
      path: "/aanbieder/licenties",
      name: "provider-licences",
      component: () => import("./views/ProviderLicencesView.vue"),
      meta: { titleKey: "providerLicences.title", navKey: "nav.providerLicences", roles: ["provider"] },
    },
    // The consortium's operators: provider organisations and the quality review.
    {
      path: "/beheer/review",
      name: "review",
      component: () => import("./views/ReviewQueueView.vue"),
      meta: { titleKey: "review.title", navKey: "nav.review", roles: ["operator"] },
    },
    {
      path: "/beheer/review/:providerId/:toolId",
      name: "review-item",
      component: () => import("./views/ReviewItemView.vue"),
      props: true,
      meta: { titleKey: "review.itemTitle", roles: ["operator"] },
    },
    {
      path: "/beheer/aanbieders",
      name: "operator-providers",
      component: () => import("./views/OperatorProvidersView.vue"),
      meta: { titleKey: "operatorProviders.title", navKey: "nav.providers", roles: ["operator"] },
    },
    {
      path: "/beheer/aanbieders/:providerId",
      name: "operator-provider",
      component: () => import("./views/OperatorProviderView.vue"),
      props: true,
      meta: { titleKey: "operatorProvider.title", roles: ["operator"] },
    },
    {
      path: "/beheer/licenties",
      name: "operator-licences",
      component: () => import("./views/OperatorLicencesView.vue"),
      meta: { titleKey: "operatorLicences.title", navKey: "nav.operatorLicences", roles: ["operator"] },
    },
    // Dead letters of every queue, with a replay once their cause is fixed.
    {
      path: "/beheer/wachtrijen",
      name: "operator-dead-letters",
      component: () => import("./views/OperatorDeadLettersView.vue"),
      meta: { titleKey: "operatorDeadLetters.title", navKey: "nav.operatorDeadLetters", roles: ["operator"] },
    },
    // The host rewrites every unknown path to index.html (navigationFallback); this catches it.
    { path: "/:pathMatch(.*)*", name: "not-found", component: NotFoundView, meta: { titleKey: "notFound.title" } },
    // Reached by name only (the role guard in access.ts), keeping the address of the refused
    // page; an address typed in matches not-found above, which comes first.
    { path: "/:pathMatch(.*)*", name: "not-allowed", component: () => import("./views/NotAllowedView.vue"), meta: { titleKey: "notAllowed.title" } },
  ],
  scrollBehavior: (_to, _from, savedPosition) => savedPosition ?? { top: 0 },
});
