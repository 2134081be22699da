import functions from "@azure/functions";
import type { Cookie, HttpRequest, HttpResponseInit, InvocationContext, Timer } from "@azure/functions";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { QueueName } from "../adapters/index.js";
import { appSettings } from "../config/index.js";
import { createLogger, type Logger } from "./logger.js";
import type { OpenApiOperation } from "./openapi.js";
import { HttpProblem, internalError, toProblemDetails } from "./problem.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";
export const allHttpMethods: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** What a handler gets besides the request: the caller, and a logger bound to the correlation id. */
export interface RequestScope<P = undefined> {
  invocation: InvocationContext;
  correlationId: string;
  log: Logger;
  principal: P;
}

/**
 * Who may call a route. `check` resolves the caller or throws an HttpProblem (401, 403);
 * it may hand back cookies for the response (a rotated session). `allows` goes into the
 * route table, where the route × role test reads it.
 */
export interface Access<P> {
  readonly allows: "public" | readonly string[];
  /** How a caller proves who it is, for the API description; a non-public route without it takes the session. */
  readonly credentials?: readonly Credential[];
  check(request: HttpRequest): Promise<{ principal: P; cookies?: Cookie[] }>;
  /** Records a successful state-changing call (the audit log); ids only, never the data. */
  record?(entry: { principal: P; functionName: string; method: string; params: Record<string, string>; status: number }): Promise<void>;
}

/** A session cookie of the portal, or an `Authorization: Bearer` API key of a tool provider. */
export type Credential = "session" | "api-key";

export const publicAccess: Access<undefined> = {
  allows: "public",
  check: async () => ({ principal: undefined }),
};

export type HttpFunction = (request: HttpRequest, invocation: InvocationContext) => Promise<HttpResponseInit>;

export interface HttpRoute {
  name: string;
  route: string;
  methods: HttpMethod[];
  allows: Access<unknown>["allows"];
  credentials: readonly Credential[];
  /** Described in a generated OpenAPI document when present. */
  openapi?: OpenApiOperation;
  handler: HttpFunction;
}

export interface QueueMessageMeta {
  messageId: string;
  deliveryCount: number;
}

export interface QueueFunction {
  name: string;
  queue: QueueName;
  /** Takes the message body as sent; throws to have it delivered again. */
  handler: (body: unknown, invocation: InvocationContext) => Promise<void>;
}

export interface TimerFunction {
  name: string;
  /** NCRONTAB with seconds, as Azure Functions timers: `0 *\/5 * * * *`. */
  schedule: string;
  handler: (invocation: InvocationContext) => Promise<void>;
}

/**
 * The route table: every function registered through defineHttp/defineQueue/defineTimer.
 * The Azure registration and the local host both come from the same calls, so they cannot
 * drift apart.
 */
export class FunctionRegistry {
  /** The logger of the functions in this registry; the process logger unless a test gives one. */
  constructor(readonly logger: () => Logger = processLogger) {}

  readonly http: HttpRoute[] = [];
  readonly queues: QueueFunction[] = [];
  readonly timers: TimerFunction[] = [];

  private assertNewName(name: string): void {
    const taken = [...this.http, ...this.queues, ...this.timers].some((f) => f.name === name);
    if (taken) throw new Error(`A function named "${name}" is already registered`);
  }

  addHttp(route: HttpRoute): void {
    this.assertNewName(route.name);
    this.http.push(route);
  }

  addQueue(fn: QueueFunction): void {
    this.assertNewName(fn.name);
    this.queues.push(fn);
  }

  addTimer(fn: TimerFunction): void {
    this.assertNewName(fn.name);
    this.timers.push(fn);
  }
}

let rootLogger: Logger | undefined;
function processLogger(): Logger {
  rootLogger ??= createLogger(appSettings().LOG_LEVEL);
  return rootLogger;
}

/** The registry that `functions/*.ts` register into. */
export const functionRegistry = new FunctionRegistry();

/**
 * Only the Functions host's worker sets FUNCTIONS_WORKER_RUNTIME. Elsewhere (local host,
 * tests) `@azure/functions` would skip the registration anyway, with a warning per function.
 */
const registersWithAzure = (registry: FunctionRegistry): boolean =>
  registry === functionRegistry && process.env.FUNCTIONS_WORKER_RUNTIME !== undefined;

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

const correlationIdPattern = /^[A-Za-z0-9._-]{8,64}$/;

function correlationIdOf(request: HttpRequest, invocation: InvocationContext): string {
  const given = request.headers.get("x-correlation-id");
  if (given && correlationIdPattern.test(given)) return given;
  return invocation.invocationId && invocation.invocationId !== "unknown" ? invocation.invocationId : randomUUID();
}

function problemResponse(problem: HttpProblem, correlationId: string, instance: string): HttpResponseInit {
  return {
    status: problem.status,
    headers: {
      "content-type": "application/problem+json",
      "x-correlation-id": correlationId,
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
      ...problem.headers,
    },
    body: JSON.stringify(toProblemDetails(problem, correlationId, instance)),
  };
}

/**
 * Wraps a handler with what every API route needs: a correlation id (taken from the
 * `x-correlation-id` header when sane), a log line per request, and problem+json for every
 * error, without stack traces.
 */
export function withProblemHandling<P>(
  name: string,
  access: Access<P>,
  handler: (request: HttpRequest, scope: RequestScope<P>) => Promise<HttpResponseInit>,
  logger: () => Logger = processLogger,
): HttpFunction {
  return async (request, invocation) => {
    const correlationId = correlationIdOf(request, invocation);
    const log = logger().child({ correlationId, function: name, invocationId: invocation.invocationId });
    const started = performance.now();
    const path = new URL(request.url).pathname;
    let response: HttpResponseInit;
    try {
      const { principal, cookies = [] } = await access.check(request);
      response = await handler(request, { invocation, correlationId, log, principal });
      const status = response.status ?? 200;
      if (access.record && !safeMethods.has(request.method.toUpperCase()) && status < 400) {
        await access
          .record({ principal, functionName: name, method: request.method.toUpperCase(), params: { ...request.params }, status })
          .catch((error: unknown) => log.error({ err: error }, "audit entry not written"));
      }
      response = {
        ...response,
        headers: { "x-correlation-id": correlationId, "x-content-type-options": "nosniff", ...(response.headers as Record<string, string> | undefined) },
        cookies: [...cookies, ...(response.cookies ?? [])],
      };
    } catch (error) {
      const problem = error instanceof HttpProblem ? error : internalError();
      if (!(error instanceof HttpProblem)) log.error({ err: error }, "unhandled error");
      response = problemResponse(problem, correlationId, path);
    }
    log.info(
      { method: request.method, path, status: response.status ?? 200, ms: Math.round(performance.now() - started) },
      "request",
    );
    return response;
  };
}

export interface HttpDefinition<P> {
  name: string;
  /** Azure route template below `/api`, e.g. `tools/{toolId}`. */
  route: string;
  methods: HttpMethod[];
  access: Access<P>;
  /** What the generated OpenAPI document says of this route; the same zod schemas the handler parses with. */
  openapi?: OpenApiOperation;
  handler: (request: HttpRequest, scope: RequestScope<P>) => Promise<HttpResponseInit>;
}

/** Registers an HTTP function with Azure and the route table; returns the wrapped handler. */
export function defineHttp<P>(definition: HttpDefinition<P>, registry = functionRegistry): HttpFunction {
  const handler = withProblemHandling(definition.name, definition.access, definition.handler, registry.logger);
  registry.addHttp({
    name: definition.name,
    route: definition.route,
    methods: definition.methods,
    allows: definition.access.allows,
    credentials: definition.access.credentials ?? (definition.access.allows === "public" ? [] : ["session"]),
    ...(definition.openapi ? { openapi: definition.openapi } : {}),
    handler,
  });
  if (registersWithAzure(registry)) {
    functions.app.http(definition.name, {
      route: definition.route,
      methods: definition.methods,
      authLevel: "anonymous",
      handler,
    });
  }
  return handler;
}

/** Raised for a message that can never succeed; it is dead-lettered instead of retried. */
export class PoisonMessage extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "PoisonMessage";
  }
}

export interface QueueDefinition<T> {
  name: string;
  queue: QueueName;
  message: z.ZodType<T>;
  handler: (message: T, meta: QueueMessageMeta, log: Logger) => Promise<void>;
}

function metaOf(invocation: InvocationContext): QueueMessageMeta {
  const meta = invocation.triggerMetadata ?? {};
  return {
    messageId: String(meta.messageId ?? invocation.invocationId),
    deliveryCount: Number(meta.deliveryCount ?? 1),
  };
}

/**
 * Registers a queue-triggered function: a Service Bus trigger in Azure, the Azurite queue
 * pump locally. The message is validated with the schema; a message that fails validation
 * is poison.
 */
export function defineQueue<T>(definition: QueueDefinition<T>, registry = functionRegistry): QueueFunction["handler"] {
  const handler: QueueFunction["handler"] = async (body, invocation) => {
    const meta = metaOf(invocation);
    const log = registry.logger().child({ function: definition.name, queue: definition.queue, ...meta });
    const parsed = definition.message.safeParse(body);
    if (!parsed.success) {
      throw new PoisonMessage(`Message ${meta.messageId} does not match the schema of ${definition.queue}: ${parsed.error.message}`);
    }
    await definition.handler(parsed.data, meta, log);
  };
  registry.addQueue({ name: definition.name, queue: definition.queue, handler });
  if (registersWithAzure(registry)) {
    functions.app.serviceBusQueue(definition.name, {
      connection: "ServiceBusConnection",
      queueName: definition.queue,
      handler,
    });
  }
  return handler;
}

export interface TimerDefinition {
  name: string;
  schedule: string;
  handler: (log: Logger) => Promise<void>;
}

export function defineTimer(definition: TimerDefinition, registry = functionRegistry): TimerFunction["handler"] {
  const handler: TimerFunction["handler"] = async () => {
    await definition.handler(registry.logger().child({ function: definition.name }));
  };
  registry.addTimer({ name: definition.name, schedule: definition.schedule, handler });
  if (registersWithAzure(registry)) {
    functions.app.timer(definition.name, {
      schedule: definition.schedule,
      handler: (_timer: Timer, invocation) => handler(invocation),
    });
  }
  return handler;
}
