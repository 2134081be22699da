import { z } from "./zod.js";

// After zod.js: see there.
import { Role } from "../../../shared/identity/roles.js";
import { getJson, send } from "./client.js";

/**
 * GET /api/me (functions/me.ts builds it inline; the e2e tests parse the real answer with this
 * schema, so the two cannot drift unnoticed).
 */
export const Me = z.object({
  personId: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  school: z.nullable(z.object({ id: z.string(), name: z.string(), instellingsnummer: z.optional(z.string()) })),
  /** The provider organisation of a provider user (role provider); null for everyone else. */
  providerId: z.nullable(z.string()),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

export const SignedOut = z.object({ signOutUrl: z.string() });

export const getMe = (signal?: AbortSignal): Promise<Me> => getJson("/api/me", Me, signal ? { signal } : {});

/** Ends the portal session; the caller then opens `signOutUrl` so the IdP session ends too. */
export const logout = (): Promise<z.infer<typeof SignedOut>> => send("POST", "/api/auth/logout", undefined, SignedOut);

/** The ways to sign in that the login page offers, by their Auth0 connection names. */
export const connections = ["leerid", "smartschool", "google-oauth2", "windowslive", "Username-Password-Authentication"] as const;
export type Connection = (typeof connections)[number];

/**
 * A path of the portal to come back to after sign-in, as the API's `returnTo` accepts it: it
 * starts with one slash (never `//` or `/\`, which browsers read as another site).
 */
export function portalPath(value: unknown): string | undefined {
  return typeof value === "string" && /^\/(?![/\\])\S*$/.test(value) && value.length <= 512 ? value : undefined;
}

/** Sign-in is a full redirect through the API to the identity provider, so this is a plain link. */
export function signInHref(connection: Connection, returnTo: string | undefined): string {
  const query = new URLSearchParams({ connection });
  const back = portalPath(returnTo);
  if (back) query.set("returnTo", back);
  return `/api/auth/login?${query.toString()}`;
}
