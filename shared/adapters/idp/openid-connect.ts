import * as oidc from "openid-client";
import { IdTokenClaims } from "./claims.js";
import { SignInFailed, type IdentityProvider, type SignedIn, type SignInChecks } from "./port.js";

const scope = "openid profile email";

export interface OpenIdConnectOptions {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** The clock of the ping's short cache; tests move it instead of waiting. */
  now?: () => number;
}

/** How long a ping's outcome is kept, so a health probe on every page view reaches Auth0 a few times a minute at most. */
const pingCacheMs = 15_000;
/** Under the health report's own cut-off, so a slow provider fails with openid-client's reason. */
const pingTimeoutSeconds = 1.5;

/** Plain http is allowed for the local provider only, never for a provider elsewhere. */
export function isLocalHttpIssuer(issuer: URL): boolean {
  return issuer.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(issuer.hostname);
}

/**
 * The portal as an OpenID Connect client (openid-client 6): authorization code flow with
 * PKCE S256, state and nonce, and client_secret_basic at the token endpoint.
 */
export class OpenIdConnectProvider implements IdentityProvider {
  readonly #options: OpenIdConnectOptions;
  /** The issuer's discovery document and keys, fetched once per process; a failed fetch is retried next time. */
  #configuration: Promise<oidc.Configuration> | undefined;
  #lastPing: { at: number; outcome: Promise<void> } | undefined;

  constructor(options: OpenIdConnectOptions) {
    this.#options = options;
  }

  async beginSignIn(options: { redirectUri: string; connection?: string; loginHint?: string }): Promise<{ url: string; checks: SignInChecks }> {
    const config = await this.#config();
    const checks: SignInChecks = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const parameters: Record<string, string> = {
      redirect_uri: options.redirectUri,
      scope,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: "S256",
    };
    // Auth0's own parameter: go straight to this connection instead of its chooser page.
    if (options.connection) parameters.connection = options.connection;
    if (options.loginHint) parameters.login_hint = options.loginHint;
    return { url: oidc.buildAuthorizationUrl(config, parameters).href, checks };
  }

  async completeSignIn(callbackUrl: URL, checks: SignInChecks): Promise<SignedIn> {
    const config = await this.#config();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw asSignInFailure(error);
    }
    const idToken = tokens.id_token;
    const claims = tokens.claims();
    if (!idToken || !claims) throw new SignInFailed("invalid_token", "no id_token");
    const parsed = IdTokenClaims.safeParse(claims);
    if (!parsed.success) throw new SignInFailed("invalid_token", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return { subject: claims.sub, claims: parsed.data, idToken };
  }

  async signOutUrl(options: { idTokenHint?: string; postLogoutRedirectUri: string }): Promise<string> {
    const config = await this.#config();
    if (!config.serverMetadata().end_session_endpoint) {
      // An Auth0 tenant without RP-Initiated Logout enabled only offers its own /v2/logout.
      const logout = new URL("/v2/logout", this.#options.issuer);
      logout.searchParams.set("client_id", this.#options.clientId);
      logout.searchParams.set("returnTo", options.postLogoutRedirectUri);
      return logout.href;
    }
    const parameters: Record<string, string> = { post_logout_redirect_uri: options.postLogoutRedirectUri };
    if (options.idTokenHint) parameters.id_token_hint = options.idTokenHint;
    return oidc.buildEndSessionUrl(config, parameters).href;
  }

  ping(): Promise<void> {
    const now = this.#options.now?.() ?? Date.now();
    if (this.#lastPing && now - this.#lastPing.at < pingCacheMs) return this.#lastPing.outcome;
    // openid-client's discovery refuses a document whose `issuer` is not the configured one.
    const outcome = this.#discover(pingTimeoutSeconds).then(
      (configuration) => {
        this.#configuration ??= Promise.resolve(configuration); // the first sign-in need not discover again
      },
      (error: unknown) => {
        throw new Error(withCauses(error), { cause: error });
      },
    );
    // A failure is kept as well (a down provider is asked again after the cache time, not on every probe);
    // the catch only keeps an unobserved cached rejection from being reported as unhandled.
    outcome.catch(() => {});
    this.#lastPing = { at: now, outcome };
    return outcome;
  }

  #config(): Promise<oidc.Configuration> {
    this.#configuration ??= this.#discover(10).catch((error: unknown) => {
      this.#configuration = undefined;
      throw error;
    });
    return this.#configuration;
  }

  #discover(timeoutSeconds: number): Promise<oidc.Configuration> {
    return oidc.discovery(this.#options.issuer, this.#options.clientId, this.#options.clientSecret, oidc.ClientSecretBasic(), {
      execute: isLocalHttpIssuer(this.#options.issuer) ? [oidc.allowInsecureRequests] : [],
      timeout: timeoutSeconds,
    });
  }
}

/** fetch's own message is just "fetch failed"; its causes say why (ECONNREFUSED, ENOTFOUND, …). */
function withCauses(error: unknown): string {
  const messages: string[] = [];
  // Duck-typed: errors from fetch may come from another realm, where instanceof Error is false.
  for (let current = error; typeof current === "object" && current !== null && "message" in current && messages.length < 4; current = (current as { cause?: unknown }).cause) {
    messages.push(String(current.message));
  }
  return messages.join(": ") || String(error);
}

/** Maps openid-client's errors to the reasons the portal acts on; anything else (network) is rethrown. */
function asSignInFailure(error: unknown): unknown {
  if (error instanceof oidc.AuthorizationResponseError) {
    return new SignInFailed("provider_error", `${error.error}${error.error_description ? `: ${error.error_description}` : ""}`, { cause: error });
  }
  if (error instanceof oidc.ResponseBodyError) {
    return new SignInFailed("code_rejected", `${error.error}${error.error_description ? `: ${error.error_description}` : ""}`, { cause: error });
  }
  if (error instanceof oidc.ClientError) {
    const cause = error.cause instanceof Error ? error.cause : undefined;
    const message = cause?.message ?? error.message;
    if (/"state"/.test(message)) return new SignInFailed("state_mismatch", message, { cause: error });
    if (/"nonce"/.test(message)) return new SignInFailed("nonce_mismatch", message, { cause: error });
    if (error.code === "OAUTH_TIMEOUT" || error.code === "OAUTH_ABORT") return error;
    return new SignInFailed("invalid_token", message, { cause: error });
  }
  return error;
}
