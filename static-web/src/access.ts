import { watch } from "vue";
import type { NavigationGuard, RouteLocationNormalized, RouteLocationRaw, Router } from "vue-router";
import { hasRole, sessionReady, signedIn } from "./session.js";

/** Where a visitor who is not signed in goes, to come back to `to` afterwards. */
const signInFirst = (to: RouteLocationNormalized, reason?: "session-expired"): RouteLocationRaw => ({
  name: "login",
  query: { returnTo: to.fullPath, ...(reason ? { error: reason } : {}) },
});

/**
 * Pages with `meta.roles` need a session holding one of those roles. Without a session the
 * visitor signs in first; with the wrong role the "not allowed" page shows at the same
 * address (as a 403 would), so reloading after a role change simply works.
 */
export const requireRoles: NavigationGuard = async (to) => {
  const roles = to.meta.roles;
  if (!roles) return true;
  await sessionReady();
  if (!signedIn.value) return signInFirst(to);
  if (hasRole(...roles)) return true;
  return {
    name: "not-allowed",
    params: { pathMatch: to.path.slice(1).split("/") },
    query: to.query,
    hash: to.hash,
    replace: true,
  };
};

/** When the session ends under a page that needs one (it expired, or ended in another tab). */
export function signInAgainWhenSessionEnds(router: Router): void {
  watch(signedIn, (now, before) => {
    const current = router.currentRoute.value;
    if (before && !now && current.meta.roles) void router.replace(signInFirst(current, "session-expired"));
  });
}
