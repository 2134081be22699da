import { z } from "zod";
import type { Locale } from "./claims.js";
import { idTokenClaims, idTokenLifetimeSeconds, signIdToken } from "./id-token.js";
import { HintRefused, openHint, sessionBindingOf, type LaunchHint } from "./message-hint.js";
import type { LtiPlatform } from "./platform.js";

/*
 * Step 2 of a launch: the OIDC authorization endpoint (LTI 1.3 Core §5.1.1.2–5.1.1.5). The
 * tool sends the browser here with its authentication request; the platform checks it
 * against the registration, the sealed message hint and the browser's session, and answers
 * with an auto-submitted form post of the id_token (or an OIDC error) to the redirect URI.
 * At steady state this step reads and writes nothing: the hint carries the launch, the
 * registration is cached and the key is in memory.
 */

const text = z.string().max(8192).optional();

/** An authorization request is a few OIDC parameters and the sealed hint; its POST form is read no further. */
export const maxAuthorizationRequestBytes = 64 * 1024;

/** The authentication request; unknown parameters (e.g. `id_token_signed_response_alg`) are ignored. */
export const AuthorizationParams = z.object({
  scope: text,
  response_type: text,
  response_mode: text,
  prompt: text,
  client_id: text,
  redirect_uri: text,
  login_hint: text,
  lti_message_hint: text,
  nonce: text,
  state: text,
});
export type AuthorizationParams = z.infer<typeof AuthorizationParams>;

/** Problems that cannot go back to the tool, because its identity or redirect URI is not established (RFC 6749 §4.1.2.1). */
export type AuthorizationRefusal = "unknown-client" | "bad-redirect-uri" | "bad-request";

/** OIDC Core §3.1.2.6 error codes that go back to the redirect URI. */
export type OidcError = "invalid_request" | "unsupported_response_type" | "invalid_scope" | "login_required" | "unauthorized_client";

export type AuthorizationOutcome =
  /** An auto-submitted form post to the tool: `id_token` and `state`, or `error`, `error_description` and `state`. */
  | { kind: "form-post"; redirectUri: string; fields: Record<string, string>; locale: Locale; error?: OidcError }
  /** A page of the portal; nothing goes to the tool. */
  | { kind: "refused"; refusal: AuthorizationRefusal; detail: string; locale: Locale }
  /** A cross-site POST came without the session cookie (SameSite=Lax): send the same request again from the portal's origin. */
  | { kind: "resubmit"; fields: Record<string, string>; locale: Locale };

export interface AuthorizationInput {
  params: AuthorizationParams;
  method: "GET" | "POST";
  /** The portal's session cookie, when the browser sent it. */
  sessionId: string | undefined;
  /** True when this is the portal's own re-submission of a POST (see `resubmit`). */
  resubmitted: boolean;
  /** Resolves the session (a point read) when the cookie is not the one the launch was bound to, e.g. after its id was rotated. */
  signedInPerson: () => Promise<{ personId: string; schoolId?: string | undefined } | undefined>;
  locale: Locale;
}

export async function authorize(platform: LtiPlatform, input: AuthorizationInput): Promise<AuthorizationOutcome> {
  const { params, locale } = input;
  const now = platform.clock();
  if (!params.client_id) return { kind: "refused", refusal: "unknown-client", detail: "client_id is missing", locale };
  const tool = await platform.directory.ltiTool(params.client_id);
  if (!tool) return { kind: "refused", refusal: "unknown-client", detail: `client_id ${params.client_id} is not a live LTI tool`, locale };
  // Exact string comparison (OAuth 2.0 Security BCP §4.1.3): no prefix, no normalisation.
  if (!params.redirect_uri || !tool.registration.redirectUris.includes(params.redirect_uri)) {
    return { kind: "refused", refusal: "bad-redirect-uri", detail: "redirect_uri is not one of the tool's registered redirect URIs", locale };
  }
  const redirectUri = params.redirect_uri;
  const state: Record<string, string> = params.state !== undefined ? { state: params.state } : {};
  const fail = (error: OidcError, description: string): AuthorizationOutcome => ({
    kind: "form-post",
    redirectUri,
    fields: { error, error_description: description, ...state },
    locale,
    error,
  });

  if (params.response_type !== "id_token") return fail("unsupported_response_type", "response_type must be id_token");
  if (!(params.scope ?? "").split(" ").includes("openid")) return fail("invalid_scope", "scope must include openid");
  if (params.response_mode !== "form_post") return fail("invalid_request", "response_mode must be form_post");
  if (params.prompt !== "none") return fail("invalid_request", "prompt must be none");
  if (!params.nonce) return fail("invalid_request", "nonce is missing");

  const ring = await platform.keys.ring();
  let hint: LaunchHint & { exp: number };
  try {
    try {
      hint = openHint(params.lti_message_hint, ring, now);
    } catch (error) {
      // A hint sealed by an instance that already loaded a key this one has not: reload once.
      if (!(error instanceof HintRefused && error.problem === "unknown-key")) throw error;
      hint = openHint(params.lti_message_hint, await platform.keys.fresh(), now);
    }
  } catch (error) {
    if (error instanceof HintRefused) return fail("invalid_request", `lti_message_hint is ${error.problem === "unknown-key" ? "invalid" : error.problem}`);
    throw error;
  }
  if (hint.toolId !== tool.clientId) return fail("unauthorized_client", "lti_message_hint was issued for another client_id");
  if (params.login_hint !== hint.sub) return fail("invalid_request", "login_hint does not match the launch");

  if (!input.sessionId) {
    if (input.method === "POST" && !input.resubmitted) return { kind: "resubmit", fields: presentFields(params), locale };
    return fail("login_required", "the user is not signed in to the platform");
  }
  if (sessionBindingOf(input.sessionId) !== hint.session) {
    const person = await input.signedInPerson();
    if (!person || person.personId !== hint.personId || person.schoolId !== hint.schoolId) {
      return fail("login_required", "the signed-in user is not the user of this launch");
    }
  }

  const nowMs = now.getTime();
  // LTI 1.3 Core §5.1.1: the hint is single use; OIDC Core §3.1.2.1: a nonce is used once.
  if (!platform.replay.firstUse(`hint:${hint.jti}`, hint.exp * 1000, nowMs)) return fail("invalid_request", "lti_message_hint was already used");
  if (!platform.replay.firstUse(`nonce:${tool.clientId}:${params.nonce}`, nowMs + idTokenLifetimeSeconds * 1000, nowMs)) {
    return fail("invalid_request", "nonce was already used");
  }
  const idToken = signIdToken(idTokenClaims(platform.issuer, tool, hint, params.nonce, now), ring);
  // LTI Client Side postMessage Storage: the launch names the storage frame again, as the login initiation did.
  const storage: Record<string, string> = hint.storageTarget ? { lti_storage_target: hint.storageTarget } : {};
  return { kind: "form-post", redirectUri, fields: { id_token: idToken, ...state, ...storage }, locale: hint.locale };
}

function presentFields(params: AuthorizationParams): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
