import { SignJWT } from "jose";
import { claim, ltiVersion } from "./claims.js";
import type { KeyRing } from "./key-ring.js";
import type { LtiTool } from "./launch-context.js";
import type { LaunchHint } from "./message-hint.js";
import { platformEndpoints } from "./platform.js";

/** Tools refuse tokens older than about ten seconds by `iat` anyway; `exp` leaves room for slow networks and clocks. */
export const idTokenLifetimeSeconds = 300;

/** Who the platform is, for tools (LTI 1.3 Core §5.4.2). */
export function toolPlatformClaim(issuer: string) {
  return { guid: new URL(issuer).host, name: "Leerspoor", product_family_code: "leerspoor", version: "1.0" };
}

/** The claims of the message itself; part 2 adds LtiDeepLinkingRequest (deep_linking_settings). */
function messageClaims(hint: LaunchHint): Record<string, unknown> {
  const message = hint.message;
  switch (message.type) {
    case "LtiResourceLinkRequest":
      return {
        [claim.messageType]: message.type,
        [claim.targetLinkUri]: message.targetLinkUri,
        [claim.resourceLink]: message.resourceLink,
      };
  }
}

/** The id_token's claim set, minted at response time (LTI 1.3 Core §5.1.2 and §5.3–5.4). */
export function idTokenClaims(issuer: string, tool: LtiTool, hint: LaunchHint, nonce: string, now: Date): Record<string, unknown> {
  const iat = Math.floor(now.getTime() / 1000);
  const custom = tool.registration.customParameters;
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
    [claim.toolPlatform]: toolPlatformClaim(issuer),
    [claim.launchPresentation]: { document_target: hint.documentTarget, locale: hint.locale, return_url: platformEndpoints(issuer).returnUrl },
    ...(Object.keys(custom).length > 0 ? { [claim.custom]: custom } : {}),
    locale: hint.locale,
    ...hint.person,
  };
}

/** Signs with the ring's current key, in-process: no I/O. */
export function signIdToken(claims: Record<string, unknown>, ring: KeyRing): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: ring.signer.kid, typ: "JWT" }).sign(ring.signer.privateKey);
}
