import { z } from "zod";
import { documentStore, identityProvider, SignInFailed, type SignedIn, type SignInChecks } from "../adapters/index.js";
import { appSettings } from "../config/index.js";
import { HttpProblem, type Cookie } from "../runtime/index.js";
import { resolveAccount } from "./accounts.js";
import { expiredCookie, httpOnlyCookie, loginCookieName, sessionCookieName } from "./cookies.js";
import { createSession, endSession, newSecret } from "./sessions.js";

/** The connections that the login page offers (Auth0 connection names). */
export const Connection = z.enum(["leerid", "smartschool", "google-oauth2", "windowslive", "Username-Password-Authentication"]);
export type Connection = z.infer<typeof Connection>;

/** Where to go after sign-in: a path of the portal only, never another site. */
export const ReturnTo = z
  .string()
  .regex(/^\/(?![/\\])[^\s]*$/, "must be a path of the portal")
  .max(512);

/** Between the redirect to the IdP and its callback: the PKCE verifier, state and nonce. */
const LoginAttempt = z.object({
  id: z.string(),
  kind: z.literal("login-attempt"),
  checks: z.object({ state: z.string(), nonce: z.string(), codeVerifier: z.string() }),
  returnTo: z.string(),
  /** An operator's invitation to a provider organisation, honoured at the callback. */
  invitation: z.string().optional(),
  ttl: z.number(),
});
type LoginAttempt = z.infer<typeof LoginAttempt>;

const loginAttemptSeconds = 600;
const sessions = () => documentStore().container("sessions");

const callbackUrl = (): string => `${appSettings().PUBLIC_BASE_URL}/api/auth/callback`;

export async function beginSignIn(options: { connection?: Connection; loginHint?: string; returnTo?: string; invitation?: string }): Promise<{ redirectUrl: string; cookie: Cookie }> {
  const { url, checks } = await identityProvider().beginSignIn({
    redirectUri: callbackUrl(),
    ...(options.connection ? { connection: options.connection } : {}),
    ...(options.loginHint ? { loginHint: options.loginHint } : {}),
  });
  const attempt: LoginAttempt = {
    id: newSecret(),
    kind: "login-attempt",
    checks,
    returnTo: options.returnTo ?? "/",
    ...(options.invitation ? { invitation: options.invitation } : {}),
    ttl: loginAttemptSeconds,
  };
  await sessions().create(attempt);
  return { redirectUrl: url, cookie: httpOnlyCookie(loginCookieName(), attempt.id, loginAttemptSeconds) };
}

const signInFailed = (detail: string): HttpProblem => new HttpProblem(400, "sign-in-failed", "Sign-in failed", detail);

/**
 * The IdP's callback: the login attempt is used once, the code exchanged (state, nonce and
 * PKCE checked), the account resolved or linked, and a new session started.
 */
export async function completeSignIn(
  callback: URL,
  attemptId: string | undefined,
  now = new Date(),
): Promise<{ returnTo: string; cookies: Cookie[] }> {
  if (!attemptId) throw signInFailed("No sign-in was started in this browser, or it took longer than ten minutes");
  const attempt = await sessions().read<LoginAttempt>(attemptId, attemptId);
  if (!attempt || attempt.kind !== "login-attempt") throw signInFailed("This sign-in was already used or has expired");
  await sessions().delete(attemptId, attemptId);
  let signedIn: SignedIn;
  try {
    signedIn = await identityProvider().completeSignIn(callback, attempt.checks as SignInChecks);
  } catch (error) {
    if (error instanceof SignInFailed) throw signInFailed(error.message);
    throw error;
  }
  const { claims } = signedIn;
  const account = await resolveAccount(
    {
      subject: signedIn.subject,
      roles: claims.roles ?? [],
      ...(claims.email ? { email: claims.email } : {}),
      ...(claims.emailVerified !== undefined ? { emailVerified: claims.emailVerified } : {}),
      ...(claims.name ? { name: claims.name } : {}),
      ...(claims.givenName ? { givenName: claims.givenName } : {}),
      ...(claims.familyName ? { familyName: claims.familyName } : {}),
      ...(claims.leerId ? { leerId: claims.leerId } : {}),
      ...(claims.instellingsnummer ? { instellingsnummer: claims.instellingsnummer } : {}),
    },
    now,
    attempt.invitation ? { invitation: attempt.invitation } : {},
  );
  const session = await createSession({ ...account, idToken: signedIn.idToken }, now);
  const maxAge = Math.ceil((Date.parse(session.absoluteExpiresAt) - now.getTime()) / 1000);
  return {
    returnTo: attempt.returnTo,
    cookies: [httpOnlyCookie(sessionCookieName(), session.id, maxAge), expiredCookie(loginCookieName())],
  };
}

/** Ends the portal session and returns the IdP's logout URL, so the IdP session ends too. */
export async function signOut(sessionId: string): Promise<{ signOutUrl: string; cookies: Cookie[] }> {
  const session = await endSession(sessionId);
  const signOutUrl = await identityProvider().signOutUrl({
    ...(session?.idToken ? { idTokenHint: session.idToken } : {}),
    postLogoutRedirectUri: `${appSettings().PUBLIC_BASE_URL}/`,
  });
  return { signOutUrl, cookies: [expiredCookie(sessionCookieName())] };
}
