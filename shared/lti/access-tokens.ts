import { errors as joseErrors } from "jose";
import { z } from "zod";
import type { LtiService } from "../catalogue/index.js";
import type { LtiTool } from "./launch-context.js";
import type { LtiPlatform } from "./platform.js";
import { platformEndpoints } from "./platform.js";
import { seal, SealRefused, unseal } from "./sealed-token.js";
import { claimedSignerOf, verifyToolJwt } from "./tool-keys.js";

/*
 * The OAuth 2.0 token endpoint of LTI Advantage services (1EdTech Security Framework §4.1):
 * client credentials with a JWT client assertion (RFC 7523) signed by the tool's key. The
 * access token is sealed under the platform's current key (sealed-token.ts), bound to the
 * tool and the granted scopes, and opened again by every AGS/NRPS call.
 */

const spec = "https://purl.imsglobal.org/spec/";

/** The scopes of LTI Advantage services, as tools ask for them. */
export const serviceScope = {
  lineItem: `${spec}lti-ags/scope/lineitem`,
  lineItemReadonly: `${spec}lti-ags/scope/lineitem.readonly`,
  resultReadonly: `${spec}lti-ags/scope/result.readonly`,
  score: `${spec}lti-ags/scope/score`,
  membershipReadonly: `${spec}lti-nrps/scope/contextmembership.readonly`,
} as const;
export type ServiceScope = (typeof serviceScope)[keyof typeof serviceScope];

const scopesOfService: Record<LtiService, ServiceScope[]> = {
  ags: [serviceScope.lineItem, serviceScope.lineItemReadonly, serviceScope.resultReadonly, serviceScope.score],
  nrps: [serviceScope.membershipReadonly],
  "deep-linking": [],
};

/** What the tool registered for: the scopes its access tokens may carry. */
export function registeredScopesOf(tool: LtiTool): ServiceScope[] {
  return tool.registration.services.flatMap((service) => scopesOfService[service]);
}

/** Tool libraries cache the token for `expires_in`; an hour is what Moodle and Canvas hand out. */
export const accessTokenLifetimeSeconds = 3600;
/** A client assertion older than this by `iat` is refused, even when its `exp` is later. */
const assertionMaxAgeSeconds = 300;
const clockToleranceSeconds = 5;
/** A token request is a few form fields (the assertion at most 16,000 characters); its route reads no more. */
export const maxTokenRequestBytes = 64 * 1024;
export const clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export const TokenRequest = z.object({
  grant_type: z.string().optional(),
  client_assertion_type: z.string().optional(),
  client_assertion: z.string().max(16_000).optional(),
  scope: z.string().max(2000).optional(),
});
export type TokenRequest = z.infer<typeof TokenRequest>;

/** RFC 6749 §5.2 error codes. */
export type TokenErrorCode = "invalid_request" | "invalid_client" | "invalid_grant" | "invalid_scope" | "unsupported_grant_type";

export type TokenOutcome =
  | { kind: "granted"; body: { access_token: string; token_type: "Bearer"; expires_in: number; scope: string } }
  | { kind: "refused"; status: 400 | 401; body: { error: TokenErrorCode; error_description: string } };

const refused = (error: TokenErrorCode, description: string): TokenOutcome => ({
  kind: "refused",
  // RFC 6749 §5.2: 401 for a client that failed to authenticate, 400 otherwise.
  status: error === "invalid_client" ? 401 : 400,
  body: { error, error_description: description },
});

/** The token endpoint's URL, the `aud` a client assertion names (or the platform issuer). */
export function tokenUrlOf(issuer: string): string {
  return platformEndpoints(issuer).token;
}

/** Checks the client assertion and grants the asked scopes the tool registered for. */
export async function issueAccessToken(platform: LtiPlatform, request: TokenRequest): Promise<TokenOutcome> {
  // RFC 6749 §5.2: a missing parameter is invalid_request; a grant type we do not offer is unsupported_grant_type.
  if (!request.grant_type) return refused("invalid_request", "grant_type is missing");
  if (request.grant_type !== "client_credentials") return refused("unsupported_grant_type", "grant_type must be client_credentials");
  if (!request.client_assertion_type) return refused("invalid_request", "client_assertion_type is missing");
  if (request.client_assertion_type !== clientAssertionType) return refused("invalid_client", `client_assertion_type must be ${clientAssertionType}`);
  if (!request.client_assertion) return refused("invalid_client", "client_assertion is missing");

  const signer = await claimedSignerOf(platform.directory, request.client_assertion);
  if ("problem" in signer) {
    if (signer.problem === "not-a-jwt") return refused("invalid_client", "client_assertion is not a JWT");
    if (signer.problem === "no-iss") return refused("invalid_client", "client_assertion has no iss");
    return refused("invalid_client", "unknown client");
  }
  const { tool } = signer;

  const now = platform.clock();
  let jti: string;
  /** Until when the assertion could be used: its exp, or its age limit whatever exp the tool chose. */
  let usableUntil: number;
  try {
    const payload = await verifyToolJwt(tool, request.client_assertion, {
      issuer: tool.clientId,
      subject: tool.clientId,
      audience: [tokenUrlOf(platform.issuer), platform.issuer],
      maxTokenAge: assertionMaxAgeSeconds,
      clockTolerance: clockToleranceSeconds,
      currentDate: now,
      requiredClaims: ["exp", "iat", "jti"],
    });
    jti = String(payload.jti);
    usableUntil = Math.min(payload.exp!, payload.iat! + assertionMaxAgeSeconds);
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return refused("invalid_client", `client_assertion refused: ${error.code}`);
    throw error;
  }
  // 1EdTech Security Framework §4.1.1: the assertion's jti is single use.
  if (!platform.replay.firstUse(`client-assertion\n${tool.clientId}\n${jti}`, (usableUntil + clockToleranceSeconds) * 1000, now.getTime())) {
    return refused("invalid_grant", "client_assertion was already used (jti)");
  }

  const asked = [...new Set((request.scope ?? "").split(/\s+/).filter((scope) => scope.length > 0))];
  if (asked.length === 0) return refused("invalid_scope", "scope is missing");
  const registered = new Set<string>(registeredScopesOf(tool));
  const granted = asked.filter((scope) => registered.has(scope)) as ServiceScope[];
  if (granted.length === 0) return refused("invalid_scope", "none of the asked scopes is registered for this tool");

  const ring = await platform.keys.ring();
  const { token } = seal(accessTokenTyp, { toolId: tool.toolId, scope: granted }, ring, now, accessTokenLifetimeSeconds);
  return { kind: "granted", body: { access_token: token, token_type: "Bearer", expires_in: accessTokenLifetimeSeconds, scope: granted.join(" ") } };
}

const accessTokenTyp = "lti-access";
const AccessTokenPayload = z.object({ toolId: z.string(), scope: z.array(z.string()) });

/** Who an access token was issued to, and for what. */
export interface ServiceGrant {
  toolId: string;
  scope: string[];
}

/** Opens an `Authorization: Bearer` access token; undefined when it is missing, altered or expired. */
export async function grantOf(platform: LtiPlatform, authorization: string | null): Promise<ServiceGrant | undefined> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) return undefined;
  const now = platform.clock();
  let ring = await platform.keys.ring();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const opened = unseal(accessTokenTyp, match[1]!, ring, now, AccessTokenPayload);
      return { toolId: opened.toolId, scope: opened.scope };
    } catch (error) {
      if (!(error instanceof SealRefused)) throw error;
      // Sealed by another instance under a key this one has not loaded yet.
      if (error.problem !== "unknown-key" || attempt > 0) return undefined;
      ring = await platform.keys.fresh();
    }
  }
  return undefined;
}
