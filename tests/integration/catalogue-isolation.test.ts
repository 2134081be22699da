import { readdir } from "node:fs/promises";
import { isProviderApiRoute } from "../../shared/catalogue/index.js";
import { functionRegistry, type HttpRoute } from "../../shared/runtime/index.js";
import { api, linkTool, newProvider, uniqueMarker } from "../support/catalogue.js";

beforeAll(async () => {
  const dir = new URL("../../functions/", import.meta.url);
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".ts"))) await import(new URL(file, dir).href);
});

describe("provider isolation", () => {
  it("gives provider A 404 on every provider route with provider B's ids, by session and by API key, and changes nothing of B", async () => {
    const providerA = await newProvider();
    const providerB = await newProvider();
    const submissionB = linkTool(uniqueMarker());
    const toolB = await api("provider/tools", { method: "POST", headers: providerB.keyHeaders(), body: submissionB });
    const beforeB = await api(`provider/tools/${toolB.json.toolId}`, { headers: providerB.keyHeaders() });
    const idsOfB: Record<string, string> = { toolId: toolB.json.toolId, keyId: providerB.keyId };

    // An instellingsnummer names a school, not an object of a provider: a snapshot there replaces only the caller's own licences (licence-reconciliation.test.ts).
    const schoolWide = new Set(["provider/licences/schools/{instellingsnummer}"]);
    const routesWithIds = functionRegistry.http.filter((route) => isProviderApiRoute(route) && route.route.includes("{") && !schoolWide.has(route.route));
    expect(routesWithIds.map((route) => route.route).sort()).toEqual(["provider/api-keys/{keyId}", "provider/tools/{toolId}", "provider/tools/{toolId}"]);
    const bodyFor = (route: HttpRoute, method: string) => (method === "PUT" && route.route === "provider/tools/{toolId}" ? linkTool(uniqueMarker()) : undefined);
    const callersOf = (route: HttpRoute) => [
      { via: "session", headers: (method: string) => providerA.user.headers(method) },
      ...(route.credentials.includes("api-key") ? [{ via: "api-key", headers: () => providerA.keyHeaders() }] : []),
    ];
    for (const route of routesWithIds) {
      for (const method of route.methods) {
        for (const caller of callersOf(route)) {
          const path = route.route.replace(/\{(\w+)\}/g, (_, name: string) => idsOfB[name]!);
          const response = await api(path, { method, headers: caller.headers(method), body: bodyFor(route, method) });
          expect([caller.via, method, route.route, response.status]).toEqual([caller.via, method, route.route, 404]);
        }
      }
    }

    // The lists of A do not show B's objects.
    const toolsOfA = await api("provider/tools", { headers: providerA.keyHeaders() });
    expect(JSON.stringify(toolsOfA.json)).not.toContain(toolB.json.toolId);
    const keysOfA = await api("provider/api-keys", { headers: providerA.user.headers() });
    expect(JSON.stringify(keysOfA.json)).not.toContain(providerB.keyId);
    expect((await api("provider", { headers: providerA.keyHeaders() })).json.providerId).toBe(providerA.providerId);

    // B's key still works and B's tool is as it was.
    const afterB = await api(`provider/tools/${toolB.json.toolId}`, { headers: providerB.keyHeaders() });
    expect(afterB.status).toBe(200);
    expect(afterB.json).toEqual(beforeB.json);
  });

  it("takes the provider from the caller, never from the body or a header", async () => {
    const providerA = await newProvider();
    const providerB = await newProvider();
    const smuggled = await api("provider/tools", {
      method: "POST",
      headers: { ...providerA.keyHeaders(), "x-provider-id": providerB.providerId },
      body: { ...linkTool(uniqueMarker()), providerId: providerB.providerId },
    });
    expect(smuggled.status).toBe(400);
    const registered = await api("provider/tools", { method: "POST", headers: { ...providerA.keyHeaders(), "x-provider-id": providerB.providerId }, body: linkTool(uniqueMarker()) });
    expect(registered.json.providerId).toBe(providerA.providerId);
    expect((await api("provider/tools", { headers: providerB.keyHeaders() })).json.tools).toEqual([]);
  });
});
