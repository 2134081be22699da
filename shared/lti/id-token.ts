import { sign } from "node:crypto";
import { claim, ltiVersion } from "./claims.js";
import type { KeyRing } from "./key-ring.js";
import type { LtiTool } from "./launch-context.js";
import type { LaunchHint } from "./message-hint.js";
import { agsScopes, lineItemsUrlOf, lineItemUrlAt } from "./line-items.js";
import { membershipsUrlOf, namesRoleServiceClaim } from "./memberships.js";
import { platformEndpoints } from "./platform.js";

/** Tools refuse tokens older than about ten seconds by `iat` anyway; `exp` leaves room for slow networks and clocks. */
export const idTokenLifetimeSeconds = 300;

/** Who the platform is, for tools (LTI 1.3 Core §5.4.2). */
export function toolPlatformClaim(issuer: string) {
  return { guid: new URL(issuer).host, name: "Leerspoor", product_family_code: "leerspoor", version: "1.0" };
}

/** The claims of the message itself (LTI 1.3 Core §5.3; Deep Linking 2.0 §4.4). */
function messageClaims(hint: LaunchHint): Record<string, unknown> {
  const message = hint.message;
  switch (message.type) {
    case "LtiResourceLinkRequest":
      return {
        [claim.messageType]: message.type,
        [claim.targetLinkUri]: message.targetLinkUri,
        [claim.resourceLink]: message.resourceLink,
      };
    case "LtiDeepLinkingRequest":
      return {
        [claim.messageType]: message.type,
        [claim.targetLinkUri]: message.targetLinkUri,
        [claim.deepLinkingSettings]: message.settings,
      };
  }
}

/** The id_token's claim set, minted at response time (LTI 1.3 Core §5.1.2 and §5.3–5.4). */
export function idTokenClaims(issuer: string, tool: LtiTool, hint: LaunchHint, nonce: string, now: Date): Record<string, unknown> {
  const iat = Math.floor(now.getTime() / 1000);
  const custom = { ...tool.registration.customParameters, ...(hint.message.type === "LtiResourceLinkRequest" ? hint.message.custom : {}) };
  return {
    iss: issuer,
    aud: tool.clientId,
    azp: tool.clientId,
    sub: hint.sub,
    iat,
    exp: iat + idTokenLifetimeSeconds,
    nonce,
    ...messageClaims(hint),
    [claim.version]: ltiVersion,
    [claim.deploymentId]: hint.deploymentId,
    [claim.roles]: hint.roles,
    ...(hint.context ? { [claim.context]: hint.context } : {}),
    ...agsClaimOf(issuer, tool, hint),
    ...nrpsClaimOf(issuer, tool, hint),
    [claim.toolPlatform]: toolPlatformClaim(issuer),
    [claim.launchPresentation]: { document_target: hint.documentTarget, locale: hint.locale, return_url: returnUrlOf(issuer, hint) },
    ...(Object.keys(custom).length > 0 ? { [claim.custom]: custom } : {}),
    locale: hint.locale,
    ...hint.person,
  };
}

/**
 * AGS 2.0 §3.1: the endpoint claim, when the tool registered for AGS and the launch has a
 * context. With `lineitem` only when the placement knows its line item (an activity made by
 * deep linking): finding it for a home tile would cost the launch a read; tools then find it
 * by `resource_link_id` or create it (as ltijs does).
 */
function agsClaimOf(issuer: string, tool: LtiTool, hint: LaunchHint): Record<string, unknown> {
  if (!hint.context || !tool.registration.services.includes("ags")) return {};
  const lineItemsUrl = lineItemsUrlOf(issuer, hint.context.id, hint.deploymentId);
  const lineItemId = hint.message.type === "LtiResourceLinkRequest" ? hint.message.lineItemId : undefined;
  return { [agsEndpointClaim]: { scope: agsScopes, lineitems: lineItemsUrl, ...(lineItemId ? { lineitem: lineItemUrlAt(lineItemsUrl, lineItemId) } : {}) } };
}

export const agsEndpointClaim = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";

/** NRPS 2.0 §3.6.1: where the tool reads the context's members, when it registered for NRPS and the launch has a context. */
function nrpsClaimOf(issuer: string, tool: LtiTool, hint: LaunchHint): Record<string, unknown> {
  if (!hint.context || !tool.registration.services.includes("nrps")) return {};
  return { [namesRoleServiceClaim]: { context_memberships_url: membershipsUrlOf(issuer, hint.deploymentId, hint.context.id), service_versions: ["2.0"] } };
}

const base64url = (text: string): string => Buffer.from(text, "utf8").toString("base64url");

/**
 * A compact JWS (RFC 7515 §7.1) with RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3)
 * under the ring's current key: in-process, on the request's own thread, no I/O. Signed with
 * node:crypto directly rather than jose's SignJWT, which goes through WebCrypto: its thread
 * hop and algorithm normalisation cost a launch a fifth of its throughput
 * (tests/bench/lti-launch.bench.ts). Tools verify it with their own libraries (ltijs'
 * jsonwebtoken and jose in the tests).
 */
export function signIdToken(claims: Record<string, unknown>, ring: KeyRing): string {
  const input = `${base64url(JSON.stringify({ alg: "RS256", kid: ring.signer.kid, typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${sign("sha256", Buffer.from(input, "ascii"), ring.signer.privateKey).toString("base64url")}`;
}

const returnUrlOf = (issuer: string, hint: LaunchHint): string =>
  hint.documentTarget === "iframe" ? platformEndpoints(issuer).frameReturnUrl : platformEndpoints(issuer).returnUrl;
