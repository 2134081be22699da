import functions from "@azure/functions";
import type { Cookie, HttpResponseInit } from "@azure/functions";
import { Cron } from "croner";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MessageQueue } from "../adapters/index.js";
import type { FunctionRegistry, HttpRoute } from "./define.js";
import type { Logger } from "./logger.js";
import { HttpProblem, toProblemDetails } from "./problem.js";
import { startQueuePump, type QueuePumpOptions } from "./queue-pump.js";
import { byPrecedence, compileRoute, matchRoute, type CompiledRoute } from "./route-template.js";
import { loadStaticSite, type StaticSite } from "./static-site.js";

export interface LocalHostOptions {
  registry: FunctionRegistry;
  port: number;
  /** Loopback only: the local host is for one developer's machine. */
  hostname?: string;
  /** The built portal (`dist/static-web`); without it only `/api` is served. */
  staticRoot?: string;
  /** Tool origins the portal may frame besides those its staticwebapp.config.json allows (locally the tools run on http://localhost). */
  frameSources?: readonly string[];
  /** Feeds queue-triggered functions; without it they are not run. */
  queue?: MessageQueue;
  queuePump?: Partial<QueuePumpOptions>;
  log: Logger;
  maxBodyBytes?: number;
}

export interface LocalHost {
  url: string;
  close(): Promise<void>;
}

const apiPrefix = "/api";

function serializeCookie(cookie: Cookie): string {
  const parts = [`${cookie.name}=${encodeURIComponent(cookie.value)}`];
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`);
  parts.push(`Path=${cookie.path ?? "/"}`);
  if (cookie.expires !== undefined) parts.push(`Expires=${new Date(cookie.expires).toUTCString()}`);
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.secure) parts.push("Secure");
  if (cookie.httpOnly) parts.push("HttpOnly");
  if (cookie.sameSite) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join("; ");
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw HttpProblem.payloadTooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(name === "cookie" ? "; " : ", ") : value;
  }
  return headers;
}

async function writeFunctionResponse(res: ServerResponse, result: HttpResponseInit, method: string): Promise<void> {
  const response = new functions.HttpResponse(result);
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (response.cookies.length > 0) headers["set-cookie"] = response.cookies.map(serializeCookie);
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(method === "HEAD" ? undefined : body);
}

function writeProblem(res: ServerResponse, problem: HttpProblem, path: string): void {
  const correlationId = randomUUID();
  // The request body may be unread (too large, or a failure halfway); this connection is done.
  res.shouldKeepAlive = false;
  res.writeHead(problem.status, { "content-type": "application/problem+json", "x-correlation-id": correlationId, ...problem.headers });
  res.end(JSON.stringify(toProblemDetails(problem, correlationId, path)));
}

/**
 * Stands in for the Azure Functions host and Static Web Apps on one origin: every HTTP
 * function under `/api` with real HttpRequest/InvocationContext objects, the built portal
 * at `/` with the navigation fallback of its staticwebapp.config.json, queue triggers fed
 * from the local queue, and timers on their schedule.
 */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const { registry, log } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const routes: { route: HttpRoute; compiled: CompiledRoute }[] = registry.http
    .map((route) => ({ route, compiled: compileRoute(route.route) }))
    .sort((a, b) => byPrecedence(a.compiled, b.compiled));
  const site: StaticSite | undefined = options.staticRoot
    ? await loadStaticSite(options.staticRoot, { frameSources: options.frameSources ?? [] })
    : undefined;

  async function serveApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname.slice(apiPrefix.length);
    for (const { route, compiled } of routes) {
      if (!route.methods.includes(method as HttpRoute["methods"][number])) continue;
      const params = matchRoute(compiled, path);
      if (!params) continue;
      const body = await readBody(req, maxBodyBytes);
      const request = new functions.HttpRequest({
        method,
        url: url.toString(),
        headers: headersOf(req),
        query: Object.fromEntries(url.searchParams),
        params,
        ...(body.length > 0 ? { body: { bytes: body } } : {}),
      });
      const invocation = new functions.InvocationContext({ invocationId: randomUUID(), functionName: route.name });
      await writeFunctionResponse(res, await route.handler(request, invocation), method);
      return;
    }
    writeProblem(res, HttpProblem.notFound(`No API route matches ${url.pathname}`), url.pathname);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    const isApi = url.pathname === apiPrefix || url.pathname.startsWith(`${apiPrefix}/`);
    const work = isApi
      ? serveApi(req, res, url)
      : site
        ? site.serve(url.pathname).then((file) => {
            res.writeHead(file.status, file.headers);
            res.end(req.method === "HEAD" ? undefined : file.body);
          })
        : Promise.resolve(writeProblem(res, HttpProblem.notFound("The portal is not built"), url.pathname));
    work.catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpProblem) return writeProblem(res, error, url.pathname);
      if (error instanceof URIError) return writeProblem(res, new HttpProblem(400, "bad-path", "Bad path", "The path is not valid percent-encoding"), url.pathname);
      log.error({ err: error, path: url.pathname }, "local host failed to serve a request");
      writeProblem(res, new HttpProblem(500, "internal", "Internal error"), url.pathname);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const pumpOptions: QueuePumpOptions = { batchSize: 16, lockSeconds: 30, idleMs: 1000, ...options.queuePump };
  const pumps = options.queue
    ? registry.queues.map((fn) => startQueuePump(fn, options.queue!, log, pumpOptions))
    : [];
  const timers = registry.timers.map(
    (fn) =>
      new Cron(fn.schedule, { catch: (error) => log.error({ err: error, function: fn.name }, "timer failed") }, async () => {
        await fn.handler(new functions.InvocationContext({ invocationId: randomUUID(), functionName: fn.name }));
      }),
  );

  return {
    url: `http://localhost:${port}`,
    async close() {
      timers.forEach((timer) => timer.stop());
      await Promise.all(pumps.map((pump) => pump.stop()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
