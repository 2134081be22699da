import { HttpProblem, type Access } from "../runtime/index.js";
import { assertNotForged, principalOf, unauthenticated } from "./access.js";
import { verifyApiKey } from "./api-keys.js";
import { recordAudit } from "./audit.js";

/**
 * Who acts for a tool provider organisation: one of its users in the portal, or a machine
 * with one of its API keys. Every read and write of provider routes is fenced into
 * `providerId`, taken from here and never from the request.
 */
export interface ProviderCaller {
  providerId: string;
  /** The provider user's account id, or `api-key:<keyId>`. */
  actorId: string;
  actorName: string;
  via: "session" | "api-key";
}

const invalidApiKey = (): HttpProblem =>
  new HttpProblem(401, "invalid-api-key", "API key not valid", "The API key is malformed, unknown or revoked", undefined, {
    "www-authenticate": 'Bearer error="invalid_token"',
  });

/**
 * Access for a provider organisation's routes. Accepts either the session of a user with the
 * provider role and a providerId (with the CSRF check of `signedIn`), or, when `apiKeys` is
 * true, `Authorization: Bearer lsp_…` with a valid key (no CSRF: a header that a browser never
 * adds by itself). A bad key is 401 even when a session cookie comes along: the caller meant
 * the key. Routes that a person must do themselves (keys, the intentieverklaring) pass
 * `apiKeys: false` and refuse keys with 403.
 */
export function providerAccess(options: { apiKeys: boolean } = { apiKeys: true }): Access<ProviderCaller> {
  return {
    allows: ["provider"],
    credentials: options.apiKeys ? ["api-key", "session"] : ["session"],
    async check(request) {
      const authorization = request.headers.get("authorization");
      if (authorization !== null) {
        const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
        if (!presented) throw invalidApiKey();
        if (!options.apiKeys) {
          throw new HttpProblem(403, "session-required", "Sign in as a person", "This route is for a signed-in provider user, not for an API key");
        }
        const key = await verifyApiKey(presented);
        if (!key) throw invalidApiKey();
        return { principal: { providerId: key.providerId, actorId: `api-key:${key.keyId}`, actorName: key.label, via: "api-key" } };
      }
      const found = await principalOf(request);
      if (!found) throw unauthenticated();
      assertNotForged(request, found.principal.csrfToken);
      if (!found.principal.roles.includes("provider")) {
        throw new HttpProblem(403, "forbidden", "Not allowed", "This needs the role provider");
      }
      if (!found.principal.providerId) {
        throw new HttpProblem(403, "no-provider", "No provider organisation", "This account is not linked to a provider organisation; accept an invitation first");
      }
      return {
        principal: { providerId: found.principal.providerId, actorId: found.principal.personId, actorName: found.principal.displayName, via: "session" },
        cookies: found.cookies,
      };
    },
    record: ({ principal, functionName, method, params, status }) =>
      recordAudit({ personId: principal.actorId, roles: ["provider"] }, { action: functionName, method, target: { ...params, providerId: principal.providerId }, status }),
  };
}
