import functions from "@azure/functions";
import { Writable } from "node:stream";
import { z } from "zod";
import {
  allHttpMethods,
  apiFallback,
  apiFallbackRoute,
  createLogger,
  defineHttp,
  publicAccess,
  FunctionRegistry,
  HttpProblem,
  ProblemDetails,
  readJsonBody,
} from "../../shared/runtime/index.js";

const { HttpRequest, InvocationContext } = functions;

function capturingRegistry() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const log = createLogger("info", {}, sink);
  return { registry: new FunctionRegistry(() => log), lines };
}

const request = (method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
  new HttpRequest({
    method,
    url: `http://localhost${path}`,
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: { string: init.body } }),
  });

const NewClass = z.object({ name: z.string().min(1), grade: z.number().int().min(1).max(12) });

describe("HTTP functions", () => {
  it("answer a thrown problem as problem+json with the correlation id in header, body and log line", async () => {
    const { registry, lines } = capturingRegistry();
    const handler = defineHttp(
      { name: "t-missing", route: "things/{id}", methods: ["GET"], access: publicAccess, handler: async () => { throw HttpProblem.notFound("no thing 7"); } },
      registry,
    );
    const response = await handler(request("GET", "/api/things/7", { headers: { "x-correlation-id": "corr-12345678" } }), new InvocationContext());
    expect(response.status).toBe(404);
    const headers = response.headers as Record<string, string>;
    expect(headers["content-type"]).toBe("application/problem+json");
    expect(headers["x-correlation-id"]).toBe("corr-12345678");
    const problem = ProblemDetails.parse(JSON.parse(response.body as string));
    expect(problem).toMatchObject({ status: 404, detail: "no thing 7", correlationId: "corr-12345678", instance: "/api/things/7" });
    expect(lines).toContainEqual(expect.objectContaining({ correlationId: "corr-12345678", status: 404, path: "/api/things/7" }));
  });

  it("hide the cause of an unexpected error from the client but log it", async () => {
    const { registry, lines } = capturingRegistry();
    const handler = defineHttp(
      { name: "t-crash", route: "crash", methods: ["GET"], access: publicAccess, handler: async () => { throw new Error("database password is hunter2"); } },
      registry,
    );
    const response = await handler(request("GET", "/api/crash"), new InvocationContext({ invocationId: "inv-00000001" }));
    expect(response.status).toBe(500);
    expect(response.body as string).not.toMatch(/hunter2|Error:|at /);
    expect(JSON.parse(response.body as string).correlationId).toBe("inv-00000001");
    expect(lines.some((line) => line.msg === "unhandled error" && line.correlationId === "inv-00000001")).toBe(true);
  });

  it("ignore a correlation id header that is not sane", async () => {
    const { registry } = capturingRegistry();
    const handler = defineHttp({ name: "t-ok", route: "ok", methods: ["GET"], access: publicAccess, handler: async () => ({ status: 204 }) }, registry);
    const response = await handler(request("GET", "/api/ok", { headers: { "x-correlation-id": "<script>" } }), new InvocationContext({ invocationId: "inv-00000002" }));
    expect((response.headers as Record<string, string>)["x-correlation-id"]).toBe("inv-00000002");
  });

  it("name each invalid field of a JSON body", async () => {
    const { registry } = capturingRegistry();
    const handler = defineHttp(
      {
        name: "t-create",
        route: "classes",
        methods: ["POST"], access: publicAccess,
        handler: async (req) => ({ status: 201, jsonBody: await readJsonBody(req, NewClass) }),
      },
      registry,
    );
    const bad = await handler(request("POST", "/api/classes", { body: JSON.stringify({ name: "", grade: 13 }) }), new InvocationContext());
    expect(bad.status).toBe(400);
    const problem = ProblemDetails.parse(JSON.parse(bad.body as string));
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(["body.grade", "body.name"]);

    const malformed = await handler(request("POST", "/api/classes", { body: "{nope" }), new InvocationContext());
    expect(JSON.parse(malformed.body as string).type).toBe("urn:leerspoor:problem:malformed-json");

    const good = await handler(request("POST", "/api/classes", { body: JSON.stringify({ name: "1A", grade: 1 }) }), new InvocationContext());
    expect(good.status).toBe(201);
  });

  it("refuse two functions with the same name", () => {
    const { registry } = capturingRegistry();
    defineHttp({ name: "twice", route: "a", methods: ["GET"], access: publicAccess, handler: async () => ({}) }, registry);
    expect(() => defineHttp({ name: "twice", route: "b", methods: ["GET"], access: publicAccess, handler: async () => ({}) }, registry)).toThrow(/already registered/);
  });
});

describe("the API fallback", () => {
  const { registry } = capturingRegistry();
  defineHttp({ name: "f-tools", route: "tools/{id}", methods: ["GET", "PUT"], access: publicAccess, handler: async () => ({}) }, registry);
  const fallback = defineHttp({ name: "f-fallback", route: apiFallbackRoute, methods: allHttpMethods, access: publicAccess, handler: apiFallback(registry) }, registry);

  it("answers 404 for a path that no function serves", async () => {
    const response = await fallback(request("GET", "/api/nothing/here"), new InvocationContext());
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body as string).type).toBe("urn:leerspoor:problem:not-found");
  });

  it("answers 405 with Allow for a served path and another method", async () => {
    const response = await fallback(request("DELETE", "/api/tools/42"), new InvocationContext());
    expect(response.status).toBe(405);
    expect((response.headers as Record<string, string>).allow).toBe("GET, PUT");
  });
});
