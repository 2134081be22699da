import { readdir } from "node:fs/promises";
import { allRoles, type Role } from "../../shared/identity/index.js";
import { functionRegistry } from "../../shared/runtime/index.js";
import { callerWith, type TestCaller } from "../support/sessions.js";

/**
 * The route × role table: who may call what. A route added without a line here fails the
 * first test; a line that the code does not honour fails the second.
 */
const expectedAccess: Record<string, "public" | Role[]> = {
  "GET health": "public",
  "GET auth/login": "public",
  "GET auth/callback": "public",
  "POST auth/logout": [...allRoles],
  "GET me": [...allRoles],
  "GET tenants": ["operator"],
  "POST tenants": ["operator"],
  "GET school/people": ["teacher", "schoolAdmin"],
  "POST school/people": ["schoolAdmin"],
  "GET school/people/{personId}": ["teacher", "schoolAdmin"],
  "PATCH school/people/{personId}": ["schoolAdmin"],
  "GET school/groups": ["teacher", "schoolAdmin"],
  "POST school/groups": ["teacher", "schoolAdmin"],
  "GET school/groups/{groupId}": ["teacher", "schoolAdmin"],
  "PUT school/groups/{groupId}/members/{personId}": ["teacher", "schoolAdmin"],
  "DELETE school/groups/{groupId}/members/{personId}": ["teacher", "schoolAdmin"],
  "POST school/roster-imports": ["schoolAdmin"],
  "GET school/roster-imports": ["schoolAdmin"],
  "GET school/roster-imports/{importId}": ["schoolAdmin"],
  "GET school/roster-imports/{importId}/errors.csv": ["schoolAdmin"],
  "POST school/roster-imports/{importId}/confirm": ["schoolAdmin"],
  "GET me/export": ["pupil", "teacher", "schoolAdmin"],
  "GET school/people/{personId}/export": ["schoolAdmin"],
  "POST school/people/{personId}/erasure": ["schoolAdmin"],
  "GET school/privacy-requests/{requestId}": ["schoolAdmin"],
  "POST auth/card": "public",
  "GET school/login-cards": ["teacher", "schoolAdmin"],
  "POST school/login-cards": ["teacher", "schoolAdmin"],
  "POST school/login-cards/void": ["teacher", "schoolAdmin"],
  "PUT school/login-card-settings": ["schoolAdmin"],
  "POST providers": ["operator"],
  "GET providers": ["operator"],
  "GET providers/{providerId}": ["operator"],
  "POST providers/{providerId}/invitations": ["operator"],
  "GET providers/{providerId}/invitations": ["operator"],
  "DELETE providers/{providerId}/invitations/{invitationId}": ["operator"],
  "GET provider": ["provider"],
  "PUT provider/intentieverklaring": ["provider"],
  "GET provider/api-keys": ["provider"],
  "POST provider/api-keys": ["provider"],
  "DELETE provider/api-keys/{keyId}": ["provider"],
  "GET provider/tools": ["provider"],
  "POST provider/tools": ["provider"],
  "GET provider/tools/{toolId}": ["provider"],
  "PUT provider/tools/{toolId}": ["provider"],
  "POST provider/media": ["provider"],
  "POST provider/registrations": ["provider"],
  "GET review/queue": ["operator"],
  "GET review/providers/{providerId}/tools/{toolId}": ["operator"],
  "POST review/providers/{providerId}/tools/{toolId}/approve": ["operator"],
  "POST review/providers/{providerId}/tools/{toolId}/reject": ["operator"],
  "GET catalogue": ["teacher", "schoolAdmin"],
  "GET catalogue/{toolId}": ["teacher", "schoolAdmin"],
  "GET tool-media/{providerId}/{mediaId}": [...allRoles],
  "GET school/tools": ["teacher", "schoolAdmin"],
  "GET school/licences": ["schoolAdmin"],
  "GET operator/licences": ["operator"],
  "GET operator/licences/refusals": ["operator"],
  "POST provider/webhooks/test-event": ["provider"],
  "GET school/tools/{toolId}": ["teacher", "schoolAdmin"],
  "PUT school/tools/{toolId}": ["schoolAdmin"],
  "GET home/tiles": ["pupil", "teacher", "schoolAdmin"],
  "GET home/activities": ["pupil", "teacher", "schoolAdmin"],
  "GET openapi.json": "public",
  "GET school/groups/{groupId}/scores": ["teacher", "schoolAdmin"],
  "GET lti/launch/{toolId}": ["pupil", "teacher", "schoolAdmin"],
  "GET lti/authorize": "public",
  "POST lti/authorize": "public",
  "GET lti/jwks": "public",
  "GET lti/pictures/{token}": "public",
  // Where framed tools send the person back: a page that takes the whole window to the portal.
  "GET lti/return": "public",
  // Public at the session level: tools authenticate with OAuth (a signed client assertion here, bearer access tokens on AGS).
  "POST lti/token": "public",
  // Dynamic registration: the tool reads the configuration, then authenticates with its single-use registration token.
  "GET lti/registration/openid-configuration": "public",
  "POST lti/registration": "public",
  "GET lti/contexts/{contextId}/lineitems": "public",
  "POST lti/contexts/{contextId}/lineitems": "public",
  "GET lti/contexts/{contextId}/lineitems/{lineItemId}": "public",
  "PUT lti/contexts/{contextId}/lineitems/{lineItemId}": "public",
  "DELETE lti/contexts/{contextId}/lineitems/{lineItemId}": "public",
  "POST lti/contexts/{contextId}/lineitems/{lineItemId}/scores": "public",
  "GET lti/contexts/{contextId}/lineitems/{lineItemId}/results": "public",
  // Public: the Standard Webhooks signature is the credential.
  "POST webhooks/licences/{providerId}": "public",
  "GET webhooks/licences/schema.json": "public",
  "GET provider/webhook-secrets": ["provider"],
  "POST provider/webhook-secrets": ["provider"],
  "GET provider/webhook-deliveries": ["provider"],
  "GET provider/licences": ["provider"],
  "PUT provider/licences/schools/{instellingsnummer}": ["provider"],
  "GET operator/webhook-deliveries": ["operator"],
  "POST operator/webhook-deliveries/{providerId}/{webhookId}/replay": ["operator"],
  "GET operator/dead-letters": ["operator"],
  "POST operator/dead-letters/{queue}/{messageId}/replay": ["operator"],
  "DELETE operator/dead-letters/{queue}/{messageId}": ["operator"],
  "GET lti/deep-link/{toolId}": ["teacher", "schoolAdmin"],
  // Public at the session level: the tool's signature, the sealed data and the session are checked inside (answers are pages).
  "POST lti/deep-link/return": "public",
  "GET lti/activities/{activityId}/launch": ["pupil", "teacher", "schoolAdmin"],
  "GET school/groups/{groupId}/activities": ["teacher", "schoolAdmin"],
  "DELETE school/groups/{groupId}/activities/{activityId}": ["teacher", "schoolAdmin"],
  "GET school/groups/{groupId}/deep-link-outcome": ["teacher", "schoolAdmin"],
  "GET school/activity-tools": ["teacher", "schoolAdmin"],
  "GET lti/deployments/{deploymentId}/contexts/{contextId}/memberships": "public",
};

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const ignored = new Set(["api-fallback"]);

beforeAll(async () => {
  const dir = new URL("../../functions/", import.meta.url);
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".ts"))) await import(new URL(file, dir).href);
});

function routeTable(): { key: string; method: string; route: string; allows: "public" | readonly string[] }[] {
  return functionRegistry.http
    .filter((route) => !ignored.has(route.name))
    .flatMap((route) => route.methods.map((method) => ({ key: `${method} ${route.route}`, method, route: route.route, allows: route.allows })));
}

const concretePath = (route: string): string => `/api/${route.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000")}`;

describe("route × role table", () => {
  it("has a line for every route, and every line is a route", () => {
    expect(routeTable().map((r) => r.key).sort()).toEqual(Object.keys(expectedAccess).sort());
  });

  it("declares in the code exactly the roles of the table", () => {
    for (const { key, allows } of routeTable()) expect([key, allows === "public" ? "public" : [...allows].sort()]).toEqual([key, expectedAccess[key] === "public" ? "public" : [...expectedAccess[key]!].sort()]);
  });

  it("answers 401 problem+json without a session on every non-public route", async () => {
    for (const { key, method, route, allows } of routeTable()) {
      if (allows === "public") continue;
      const response = await fetch(`${baseUrl}${concretePath(route)}`, { method, redirect: "manual" });
      expect([key, response.status, response.headers.get("content-type")]).toEqual([key, 401, "application/problem+json"]);
    }
  });

  it("lets each role through exactly where the table allows it, and 403s elsewhere", async () => {
    const callers = new Map<Role, TestCaller>();
    for (const role of allRoles) callers.set(role, await callerWith(role));
    for (const { key, method, route, allows } of routeTable()) {
      if (allows === "public" || route === "auth/logout") continue;
      for (const role of allRoles) {
        const caller = callers.get(role)!;
        const response = await fetch(`${baseUrl}${concretePath(route)}`, { method, headers: caller.headers(method), body: method === "GET" ? undefined : "{}", redirect: "manual" });
        const allowed = allows.includes(role);
        if (allowed) expect([key, role, response.status]).not.toEqual([key, role, 403]);
        else expect([key, role, response.status]).toEqual([key, role, 403]);
        expect([key, role, response.status]).not.toEqual([key, role, 401]);
      }
    }
  });

  it("refuses a state-changing request without the CSRF token with 403", async () => {
    const admin = await callerWith("schoolAdmin");
    const { "x-csrf-token": _token, ...withoutToken } = admin.headers("POST");
    const response = await fetch(`${baseUrl}/api/school/groups`, {
      method: "POST",
      headers: withoutToken,
      body: JSON.stringify({ groupType: "class", name: "1A" }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).type).toBe("urn:leerspoor:problem:csrf");
    const withToken = await fetch(`${baseUrl}/api/school/groups`, { method: "POST", headers: admin.headers("POST"), body: JSON.stringify({ groupType: "class", name: "1A" }) });
    expect(withToken.status).toBe(201);
  });

  it("refuses a state-changing request from another origin even with the token", async () => {
    const admin = await callerWith("schoolAdmin");
    const response = await fetch(`${baseUrl}/api/school/groups`, {
      method: "POST",
      headers: { ...admin.headers("POST"), origin: "https://evil.example" },
      body: JSON.stringify({ groupType: "group", name: "x" }),
    });
    expect(response.status).toBe(403);
  });
});
