import { timingSafeEqual } from "node:crypto";
import { appSettings } from "../config/index.js";
import { HttpProblem, type Access, type Cookie, type HttpRequest } from "../runtime/index.js";
import { httpOnlyCookie, readCookie, sessionCookieName } from "./cookies.js";
import type { Principal } from "./principal.js";
import type { Role } from "./roles.js";
import { recordAudit } from "./audit.js";
import { resolveSession } from "./sessions.js";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

const sameSecret = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export const unauthenticated = (): HttpProblem =>
  new HttpProblem(401, "unauthenticated", "Not signed in", "Sign in first; the session is missing or has expired");

/**
 * A state-changing request must carry the session's CSRF token in `x-csrf-token` (the portal
 * reads it from /api/me), and, when the browser sends an Origin, come from the portal itself.
 */
export function assertNotForged(request: HttpRequest, csrfToken: string): void {
  if (safeMethods.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  if (origin && origin !== new URL(appSettings().PUBLIC_BASE_URL).origin) {
    throw new HttpProblem(403, "csrf", "Cross-site request refused", `Requests from ${origin} are not accepted`);
  }
  const token = request.headers.get("x-csrf-token");
  if (!token || !sameSecret(token, csrfToken)) {
    throw new HttpProblem(403, "csrf", "CSRF token missing or wrong", "Send the csrfToken of /api/me in the x-csrf-token header", [
      { field: "headers.x-csrf-token", message: token ? "does not match the session" : "missing" },
    ]);
  }
}

export async function principalOf(request: HttpRequest, now = new Date()): Promise<{ principal: Principal; cookies: Cookie[] } | undefined> {
  const id = readCookie(request, sessionCookieName());
  if (!id) return undefined;
  const resolved = await resolveSession(id, now);
  if (!resolved) return undefined;
  const { session } = resolved;
  const cookies = resolved.rotatedTo
    ? [httpOnlyCookie(sessionCookieName(), resolved.rotatedTo, Math.ceil((Date.parse(session.absoluteExpiresAt) - now.getTime()) / 1000))]
    : [];
  const principal: Principal = {
    sessionId: session.id,
    personId: session.personId,
    displayName: session.displayName,
    roles: session.roles,
    csrfToken: session.csrfToken,
    ...(session.schoolId ? { schoolId: session.schoolId } : {}),
    ...(session.providerId ? { providerId: session.providerId } : {}),
  };
  return { principal, cookies };
}

/** Access for signed-in callers holding one of `roles`; 401 without a session, 403 otherwise. */
export function signedIn(...roles: Role[]): Access<Principal> {
  if (roles.length === 0) throw new Error("signedIn needs at least one role");
  return {
    allows: roles,
    async check(request) {
      const found = await principalOf(request);
      if (!found) throw unauthenticated();
      assertNotForged(request, found.principal.csrfToken);
      if (!found.principal.roles.some((role) => roles.includes(role))) {
        throw new HttpProblem(403, "forbidden", "Not allowed", `This needs one of the roles ${roles.join(", ")}`);
      }
      return found;
    },
    record: ({ principal, functionName, method, params, status }) =>
      recordAudit(principal, { action: functionName, method, target: params, status }),
  };
}
