import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { OpenIdConnectProvider } from "../../shared/adapters/idp/openid-connect.js";
import { checkHealth } from "../../shared/health/index.js";

describe("health report", () => {
  it("passes when every component answers", async () => {
    const report = await checkHealth({ a: async () => {}, b: async () => {} });
    expect(report.status).toBe("pass");
    expect(report.failing).toEqual([]);
  });

  it("names the component that fails and keeps the others", async () => {
    const report = await checkHealth({
      cosmos: async () => {
        throw new Error("connect ECONNREFUSED");
      },
      blob: async () => {},
    });
    expect(report.status).toBe("fail");
    expect(report.failing).toEqual(["cosmos"]);
    expect(report.components.cosmos).toMatchObject({ status: "fail", error: "connect ECONNREFUSED" });
    expect(report.components.blob?.status).toBe("pass");
  });

  it("cuts off a component that hangs", async () => {
    const report = await checkHealth({ queue: () => new Promise(() => {}) }, 50);
    expect(report.failing).toEqual(["queue"]);
    expect(report.components.queue?.error).toMatch(/no answer within 50 ms/);
  });
});

describe("identity provider check", () => {
  let server: Server;
  let issuer: URL;
  let requests = 0;
  let answer: (issuer: URL) => { status: number; body: unknown };

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests += 1;
      const { status, body } = request.url === "/.well-known/openid-configuration" ? answer(issuer) : { status: 404, body: {} };
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    issuer = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests = 0;
    answer = (expected) => ({ status: 200, body: { issuer: expected.href, authorization_endpoint: new URL("/auth", expected).href } });
  });

  const providerAt = (url: URL, clock = { now: 0 }) =>
    new OpenIdConnectProvider({ issuer: url, clientId: "portal", clientSecret: "not-a-secret", now: () => clock.now });

  it("passes when the discovery document names the configured issuer", async () => {
    const report = await checkHealth({ idp: () => providerAt(issuer).ping() });
    expect(report).toMatchObject({ status: "pass", failing: [] });
    expect(requests).toBe(1);
  });

  it("fails when the discovery document names another issuer", async () => {
    answer = () => ({ status: 200, body: { issuer: "https://elsewhere.example/" } });
    const report = await checkHealth({ idp: () => providerAt(issuer).ping() });
    expect(report.failing).toEqual(["idp"]);
    expect(report.components.idp?.error).toMatch(/issuer/);
  });

  it("fails when the provider answers with an error", async () => {
    answer = () => ({ status: 500, body: { error: "server_error" } });
    const report = await checkHealth({ idp: () => providerAt(issuer).ping() });
    expect(report.failing).toEqual(["idp"]);
  });

  it("fails when nothing listens at the issuer", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const report = await checkHealth({ idp: () => providerAt(new URL(`http://127.0.0.1:${port}`)).ping() });
    expect(report.failing).toEqual(["idp"]);
    expect(report.components.idp?.error).toMatch(/ECONNREFUSED/);
  });

  it("keeps an outcome for fifteen seconds, a failure as well, then asks the provider again", async () => {
    const clock = { now: 0 };
    const provider = providerAt(issuer, clock);
    answer = () => ({ status: 503, body: {} });
    await expect(provider.ping()).rejects.toThrow();
    answer = (expected) => ({ status: 200, body: { issuer: expected.href } });
    clock.now = 14_999;
    await expect(provider.ping()).rejects.toThrow();
    expect(requests).toBe(1);

    clock.now = 15_000;
    await expect(provider.ping()).resolves.toBeUndefined();
    clock.now = 29_999;
    await expect(provider.ping()).resolves.toBeUndefined();
    expect(requests).toBe(2);
  });
});
