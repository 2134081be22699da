import { randomUUID } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { z } from "zod";
import { createMessageQueue, type MessageQueue, type QueueName } from "../../shared/adapters/index.js";
import {
  allHttpMethods,
  apiFallback,
  apiFallbackRoute,
  createLogger,
  defineHttp,
  publicAccess,
  defineQueue,
  defineTimer,
  FunctionRegistry,
  HttpProblem,
  readJsonBody,
  startLocalHost,
  type LocalHost,
} from "../../shared/runtime/index.js";
import { testSettings } from "../support/settings.js";

const quietLog = createLogger("silent");
const until = async (check: () => boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("the local Functions host", () => {
  const registry = new FunctionRegistry(() => quietLog);
  const queueName = `host-${randomUUID().slice(0, 8)}` as QueueName;
  const handled: { body: unknown; deliveryCount: number }[] = [];
  let timerRuns = 0;
  let host: LocalHost;
  let queue: MessageQueue;
  const deadLettered: string[] = [];

  defineHttp(
    {
      name: "echo",
      route: "echo/{id}",
      methods: ["POST"], access: publicAccess,
      handler: async (request) => ({
        status: 201,
        jsonBody: { id: request.params.id, q: request.query.get("q"), body: await readJsonBody(request, z.object({ n: z.number() })), cookie: request.headers.get("cookie") },
        cookies: [{ name: "session", value: "s 1", httpOnly: true, sameSite: "Lax", path: "/" }],
      }),
    },
    registry,
  );
  defineHttp({ name: "teapot", route: "echo/special", methods: ["POST"], access: publicAccess, handler: async () => { throw new HttpProblem(418, "teapot", "I'm a teapot"); } }, registry);
  defineHttp({ name: "fallback", route: apiFallbackRoute, methods: allHttpMethods, access: publicAccess, handler: apiFallback(registry) }, registry);
  defineQueue(
    {
      name: "work",
      queue: queueName,
      message: z.object({ kind: z.enum(["ok", "flaky", "fail"]) }),
      handler: async (message, meta) => {
        handled.push({ body: message, deliveryCount: meta.deliveryCount });
        if (message.kind === "fail") throw new Error("always fails");
        if (message.kind === "flaky" && meta.deliveryCount < 2) throw new Error("fails once");
      },
    },
    registry,
  );
  defineTimer({ name: "tick", schedule: "* * * * * *", handler: async () => void timerRuns++ }, registry);

  beforeAll(async () => {
    const staticRoot = await mkdtemp(join(tmpdir(), "leerspoor-portal-"));
    await writeFile(join(staticRoot, "index.html"), "<!doctype html><title>Leerspoor</title>");
    await writeFile(
      join(staticRoot, "staticwebapp.config.json"),
      JSON.stringify({ navigationFallback: { rewrite: "/index.html", exclude: ["/assets/*"] }, globalHeaders: { "Content-Security-Policy": "default-src 'self'" } }),
    );
    queue = createMessageQueue(testSettings({ QUEUE_MAX_DELIVERIES: "3" }), (_q, id) => deadLettered.push(id));
    await queue.ensureQueue(queueName);
    host = await startLocalHost({ registry, port: 0, staticRoot, queue, queuePump: { idleMs: 100 }, log: quietLog });
  });

  afterAll(async () => {
    await host.close();
    await queue.deleteQueue(queueName);
    await queue.close();
  });

  it("serves a function with route parameters, query, JSON body and cookies", async () => {
    const response = await fetch(`${host.url}/api/echo/42?q=zoek`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "a=1" },
      body: JSON.stringify({ n: 7 }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: "42", q: "zoek", body: { n: 7 }, cookie: "a=1" });
    expect(response.headers.get("set-cookie")).toBe("session=s%201; Path=/; HttpOnly; SameSite=Lax");
    expect(response.headers.get("x-correlation-id")).toEqual(expect.any(String));
  });

  it("prefers a literal route over a parameter, as Azure does", async () => {
    const response = await fetch(`${host.url}/api/echo/special`, { method: "POST" });
    expect(response.status).toBe(418);
  });

  it("answers unknown routes with 404 and other methods with 405, as problem+json", async () => {
    const missing = await fetch(`${host.url}/api/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    const wrongMethod = await fetch(`${host.url}/api/echo/42`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });

  it("refuses a body over the limit", async () => {
    const response = await fetch(`${host.url}/api/echo/1`, { method: "POST", body: "x".repeat(11 * 1024 * 1024) });
    expect(response.status).toBe(413);
  });

  it("serves the portal at / with the SPA fallback and its global headers", async () => {
    const response = await fetch(`${host.url}/classes/1A`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<title>Leerspoor</title>");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'self'");
    expect((await fetch(`${host.url}/assets/missing.js`)).status).toBe(404);
  });

  it("feeds queue messages to their function and completes them", async () => {
    await queue.send(queueName, [{ id: "m-ok", body: { kind: "ok" } }]);
    await until(() => handled.some((h) => (h.body as { kind: string }).kind === "ok"));
  });

  it("delivers a failed message again until it succeeds", async () => {
    await queue.send(queueName, [{ id: "m-flaky", body: { kind: "flaky" } }]);
    await until(() => handled.filter((h) => (h.body as { kind: string }).kind === "flaky").length === 2);
    expect(handled.filter((h) => (h.body as { kind: string }).kind === "flaky").map((h) => h.deliveryCount)).toEqual([1, 2]);
  });

  it("dead-letters a message that never succeeds, and poison at once", async () => {
    await queue.send(queueName, [{ id: "m-poison", body: { kind: "unknown" } }]);
    await until(() => deadLettered.includes("m-poison"));
    expect(handled.some((h) => (h.body as { kind: string }).kind === "unknown")).toBe(false);

    await queue.send(queueName, [{ id: "m-fail", body: { kind: "fail" } }]);
    await until(() => deadLettered.includes("m-fail"), 30_000);
    expect(handled.filter((h) => (h.body as { kind: string }).kind === "fail").length).toBe(3);
  });

  it("runs timers on their schedule", async () => {
    const before = timerRuns;
    await until(() => timerRuns >= before + 2, 5_000);
  });
});
