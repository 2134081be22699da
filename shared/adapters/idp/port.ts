import type { IdTokenClaims } from "./claims.js";

/** What the portal keeps (in its pre-login cookie) between sending the user off and the callback. */
export interface SignInChecks {
  state: string;
  nonce: string;
  /** PKCE (RFC 7636) code_verifier; only its S256 challenge went to the provider. */
  codeVerifier: string;
}

export interface SignedIn {
  /** The provider's `sub`: stable per account at the provider. */
  subject: string;
  claims: IdTokenClaims;
  /** Kept to send as `id_token_hint` at sign-out. */
  idToken: string;
}

/**
 * The OpenID provider that signs users in: the Auth0 tenant in Azure, the local provider of
 * `npm start` on a laptop. OIDC authorization code flow with PKCE, state and nonce.
 */
export interface IdentityProvider {
  /** The authorization URL to send the browser to, and the checks to keep until the callback. */
  beginSignIn(options: {
    redirectUri: string;
    /** Auth0's connection hint: leerid, smartschool, google-oauth2, windowslive, Username-Password-Authentication. */
    connection?: string;
    loginHint?: string;
  }): Promise<{ url: string; checks: SignInChecks }>;
  /** Redeems the code of the callback; throws SignInFailed when the response or the tokens do not check out. */
  completeSignIn(callbackUrl: URL, checks: SignInChecks): Promise<SignedIn>;
  /** Where to send the browser to end the provider's session as well (RP-Initiated Logout). */
  signOutUrl(options: { idTokenHint?: string; postLogoutRedirectUri: string }): Promise<string>;
  /**
   * Rejects unless the issuer's discovery document answers, fresh, and names the configured
   * issuer. The outcome is kept for a few seconds so that health probes do not hammer the provider.
   */
  ping(): Promise<void>;
}

/** Removes accounts at the provider (GDPR erasure): Auth0's Management API or the local provider. */
export interface AccountAdministration {
  /** Idempotent: an account that is already gone is fine. */
  deleteAccount(subject: string): Promise<void>;
}

export type SignInFailureReason =
  /** The callback's state is not the one this browser was sent off with (forged or crossed). */
  | "state_mismatch"
  /** The id_token's nonce is not the one of this sign-in (replayed token). */
  | "nonce_mismatch"
  /** The provider answered the authorization request with an error, e.g. access_denied. */
  | "provider_error"
  /** The token endpoint refused the code: used before, expired, or the PKCE verifier does not match. */
  | "code_rejected"
  /** The tokens or claims are not acceptable (signature, issuer, audience, time, shape). */
  | "invalid_token";

/** A sign-in that must not go through; `detail` is for the log, never for the user. */
export class SignInFailed extends Error {
  constructor(
    readonly reason: SignInFailureReason,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(`sign-in failed: ${reason}${detail ? ` (${detail})` : ""}`, options);
    this.name = "SignInFailed";
  }
}
