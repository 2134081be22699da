import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, defineHttp, FunctionRegistry, publicAccess, startLocalHost } from "../../dist/shared/runtime/index.js";
import { requestsPerSecond } from "./load.ts";

/**
 * What the runtime costs per request: a GET through the local host (route table, real
 * HttpRequest/InvocationContext, problem handling, a log line) against a bare Node HTTP
 * server that answers the same JSON, alternated so that both see the same machine.
 */
export async function localHostOverhead(): Promise<string> {
  const body = JSON.stringify({ status: "pass" });
  const bare = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/api/ping`;

  const log = createLogger("info", {}, { write: () => {} });
  const registry = new FunctionRegistry(() => log);
  defineHttp({ name: "ping", route: "ping", methods: ["GET"], access: publicAccess, handler: async () => ({ jsonBody: { status: "pass" } }) }, registry);
  const host = await startLocalHost({ registry, port: 0, log });
  const hostUrl = `${host.url.replace("localhost", "127.0.0.1")}/api/ping`;

  await requestsPerSecond(bareUrl, { durationMs: 500 });
  await requestsPerSecond(hostUrl, { durationMs: 500 });
  const rounds = 3;
  let bareTotal = 0;
  let hostTotal = 0;
  for (let round = 0; round < rounds; round++) {
    bareTotal += await requestsPerSecond(bareUrl);
    hostTotal += await requestsPerSecond(hostUrl);
  }
  await host.close();
  bare.close();
  const bareRate = bareTotal / rounds;
  const hostRate = hostTotal / rounds;
  return `local host: ${hostRate.toFixed(0)} req/s vs bare node:http ${bareRate.toFixed(0)} req/s = ${(hostRate / bareRate).toFixed(2)} of bare`;
}
