import { computed, shallowRef } from "vue";
import { getMe, logout, type Me } from "./api/auth.js";
import { ApiProblem, linkSession } from "./api/client.js";
import type { Role } from "../../shared/identity/roles.js";

/**
 * Who is signed in, as GET /api/me says. Loaded once at start; an API answer of 401 later
 * (the session expired or ended elsewhere) turns it to signed out.
 */
type SessionState = { status: "loading" } | { status: "signedOut" } | { status: "signedIn"; me: Me };

const state = shallowRef<SessionState>({ status: "loading" });
let loaded: Promise<void> | undefined;

linkSession({
  csrfToken: () => (state.value.status === "signedIn" ? state.value.me.csrfToken : undefined),
  unauthenticated: () => {
    state.value = { status: "signedOut" };
  },
});

export const sessionLoading = computed(() => state.value.status === "loading");
export const signedIn = computed(() => state.value.status === "signedIn");
export const principal = computed<Me | null>(() => (state.value.status === "signedIn" ? state.value.me : null));

/** True when the signed-in person holds one of `roles`. */
export function hasRole(...roles: readonly Role[]): boolean {
  const me = principal.value;
  return me !== null && me.roles.some((role) => roles.includes(role));
}

/** Asks /api/me who is signed in; any failure to find out counts as signed out. */
export function loadSession(): Promise<void> {
  loaded = (async () => {
    try {
      state.value = { status: "signedIn", me: await getMe() };
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      state.value = { status: "signedOut" };
    }
  })();
  return loaded;
}

/** Resolves once the session is known (loading it on first use). */
export const sessionReady = (): Promise<void> => loaded ?? loadSession();

/**
 * Ends the portal session, then leaves for the identity provider's sign-out page so that its
 * session ends too (otherwise the next "sign in" would silently sign the same person in again).
 */
export async function signOut(): Promise<void> {
  try {
    const { signOutUrl } = await logout();
    window.location.assign(signOutUrl);
  } catch (error) {
    // 401: the session had already ended; the state is signed out by now.
    if (!(error instanceof ApiProblem) || error.status !== 401) throw error;
  }
}
