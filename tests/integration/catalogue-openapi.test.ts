import { spawnSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { isProviderApiRoute } from "../../shared/catalogue/index.js";
import { functionRegistry } from "../../shared/runtime/index.js";

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;

beforeAll(async () => {
  const dir = new URL("../../functions/", import.meta.url);
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".ts"))) await import(new URL(file, dir).href);
});

/**
 * Validates with @apidevtools/swagger-parser in a child Node: the library is CommonJS that
 * requires an ES module, which Node 22 does but jest's module loader does not.
 */
function validateOpenApi(document: unknown): { valid: boolean; message: string } {
  const script = `
    const { default: SwaggerParser } = await import("@apidevtools/swagger-parser");
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    try { await SwaggerParser.validate(JSON.parse(input)); console.log("valid"); }
    catch (error) { console.log(error.message); process.exitCode = 1; }`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { input: JSON.stringify(document), encoding: "utf8", timeout: 30_000 });
  return { valid: run.status === 0, message: `${run.stdout}${run.stderr}`.trim() };
}

interface Operation {
  security: Record<string, string[]>[];
  requestBody?: { content: Record<string, unknown> };
}
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

async function servedDocument(): Promise<OpenApi> {
  const response = await fetch(`${baseUrl}/api/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as OpenApi;
}

describe("the provider API's OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const document = await servedDocument();
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(validateOpenApi(document)).toEqual({ valid: true, message: "valid" });
    // The validator does refuse a broken document.
    const broken = structuredClone(document) as unknown as Record<string, unknown>;
    delete broken.info;
    expect(validateOpenApi(broken).valid).toBe(false);
  });

  it("describes exactly the provider routes of the route table, method by method", async () => {
    const document = await servedDocument();
    const described = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const routes = functionRegistry.http.filter(isProviderApiRoute).flatMap((route) => route.methods.map((method) => `${method} /${route.route}`));
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(described.sort()).toEqual(routes.sort());
  });

  it("offers API keys exactly where the access rule takes them", async () => {
    const document = await servedDocument();
    for (const route of functionRegistry.http.filter(isProviderApiRoute)) {
      for (const method of route.methods) {
        const schemes = document.paths[`/${route.route}`]![method.toLowerCase()]!.security.flatMap((requirement) => Object.keys(requirement)).sort();
        const expected = route.credentials.map((credential) => (credential === "api-key" ? "apiKey" : "session")).sort();
        expect([method, route.route, schemes]).toEqual([method, route.route, expected]);
      }
    }
    expect(document.paths["/provider/api-keys"]!.post!.security).toEqual([{ session: [] }]);
    expect(document.paths["/provider/tools"]!.post!.requestBody!.content).toHaveProperty("application/json");
  });
});
