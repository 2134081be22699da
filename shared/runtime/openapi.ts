import { z } from "zod";
import type { HttpRoute } from "./define.js";
import { ProblemDetails } from "./problem.js";

/**
 * What an HTTP route tells the API description about itself. The schemas are the zod schemas
 * that the handler parses with (`readJsonBody`, `readQuery`, `readParams`) and answers with, so
 * the description cannot drift from the code.
 */
export interface OpenApiOperation {
  summary: string;
  description?: string;
  tags: string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A body that is not JSON, such as an uploaded image, by media type. */
  rawBody?: { contentTypes: string[]; description: string };
  /** Request headers the route reads, such as `If-Match`. */
  headers?: { name: string; description: string; required?: boolean }[];
  responses: Record<number, OpenApiResponse>;
  /** Problem statuses beyond those that follow from the route (400 for input, 401/403 for access, 404 for ids). */
  problems?: number[];
}

export interface OpenApiResponse {
  description: string;
  body?: z.ZodType;
  /** Response headers by name, with their description (e.g. `ETag`). */
  headers?: Record<string, string>;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  /** The base URL of the API, `…/api`; paths are written below it. */
  serverUrl: string;
  /** Requests that the API sends to (or receives from) the reader's own server, by name (OpenAPI 3.1 `webhooks`). */
  webhooks?: Record<string, OpenApiWebhook>;
}

/** A webhook: what is posted, with which headers, and the answers that count as received or refused. */
export interface OpenApiWebhook {
  summary: string;
  description: string;
  headers: { name: string; description: string; required?: boolean }[];
  body: z.ZodType;
  responses: Record<number, { description: string; problem?: boolean }>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const problemTitles: Record<number, string> = {
  400: "Invalid input; `errors` names each field",
  401: "Not signed in, or the API key is unknown or revoked",
  403: "Signed in, but not allowed to do this",
  404: "No such object for this caller",
  409: "Conflicts with the current state",
  412: "The object changed since it was read (If-Match)",
  413: "The body is too large",
  415: "The body's media type is not accepted",
};

const camelCase = (name: string): string => name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/** Rewrites `#/$defs/X` references to components, as zod writes them for schemas with an id. */
function rewriteRefs(value: Json, rename: (id: string) => string): Json {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, rename));
  if (value === null || typeof value !== "object") return value;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "$ref" && typeof item === "string" && item.startsWith("#/$defs/")) result[key] = `#/components/schemas/${rename(item.slice(8))}`;
    else result[key] = rewriteRefs(item, rename);
  }
  return result;
}

/**
 * Converts zod schemas to JSON Schema 2020-12 (the dialect of OpenAPI 3.1) and collects the
 * named ones (`.meta({ id })`) as components. Request schemas are converted as input (defaults
 * make fields optional), responses as output; an input schema that differs from its output
 * is named `<id>Input`.
 */
class SchemaCollector {
  readonly components: Record<string, JsonObject> = {};

  convert(schema: z.ZodType, io: "input" | "output"): JsonObject {
    const nameOf = (id: string) => (io === "input" ? `${id}Input` : id);
    const converted = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonObject;
    const { $schema: _dialect, $defs, ...root } = converted;
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, Json>)) {
      this.components[nameOf(id)] = rewriteRefs(definition, nameOf) as JsonObject;
    }
    return rewriteRefs(root, nameOf) as JsonObject;
  }

  /**
   * Names an input schema `<id>` when it equals the output schema `<id>` or when there is no
   * output schema of that id; otherwise it stays `<id>Input`.
   */
  deduplicate(document: JsonObject): JsonObject {
    const renamed = Object.keys(this.components).filter((name) => {
      if (!name.endsWith("Input")) return false;
      const output = this.components[name.slice(0, -5)];
      return output === undefined || JSON.stringify(output) === JSON.stringify(this.components[name]);
    });
    const text = renamed.reduce(
      (json, name) => json.replaceAll(`"#/components/schemas/${name}"`, `"#/components/schemas/${name.slice(0, -5)}"`),
      JSON.stringify(document),
    );
    const result = JSON.parse(text) as JsonObject & { components: { schemas: JsonObject } };
    for (const name of renamed) {
      result.components.schemas[name.slice(0, -5)] ??= result.components.schemas[name]!;
      delete result.components.schemas[name];
    }
    return result;
  }
}

function parametersOf(collector: SchemaCollector, schema: z.ZodObject, location: "path" | "query"): Json[] {
  const converted = collector.convert(schema, "input") as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(converted.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || (converted.required ?? []).includes(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function problemStatuses(route: HttpRoute, operation: OpenApiOperation): number[] {
  const statuses = new Set(operation.problems ?? []);
  if (operation.body || operation.query || operation.params || operation.rawBody) statuses.add(400);
  if (route.allows !== "public") {
    statuses.add(401);
    statuses.add(403);
  }
  if (route.route.includes("{")) statuses.add(404);
  return [...statuses].sort();
}

const securityOf = (route: HttpRoute): Json[] =>
  route.credentials.map((credential): Json => ({ [credential === "api-key" ? "apiKey" : "session"]: [] }));

/** An OpenAPI 3.1 document of `routes`; every route must carry an `openapi` descriptor. */
export function buildOpenApiDocument(routes: readonly HttpRoute[], info: OpenApiInfo): JsonObject {
  const collector = new SchemaCollector();
  const problemSchema = collector.convert(ProblemDetails, "output");
  const paths: Record<string, JsonObject> = {};
  for (const route of [...routes].sort((a, b) => a.route.localeCompare(b.route))) {
    const operation = route.openapi;
    if (!operation) throw new Error(`The route ${route.route} (${route.name}) has no openapi descriptor`);
    const path = `/${route.route}`;
    paths[path] ??= {};
    for (const method of route.methods) {
      const responses: JsonObject = {};
      for (const [status, response] of Object.entries(operation.responses)) {
        responses[status] = {
          description: response.description,
          ...(response.headers
            ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: "string" } }])) }
            : {}),
          ...(response.body ? { content: { "application/json": { schema: collector.convert(response.body, "output") } } } : {}),
        };
      }
      for (const status of problemStatuses(route, operation)) {
        responses[String(status)] ??= {
          description: problemTitles[status] ?? "Problem",
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/ProblemDetails" } } },
        };
      }
      const parameters: Json[] = [
        ...(operation.params ? parametersOf(collector, operation.params, "path") : []),
        ...(operation.query ? parametersOf(collector, operation.query, "query") : []),
        ...(operation.headers ?? []).map((header) => ({
          name: header.name,
          in: "header",
          required: header.required ?? false,
          description: header.description,
          schema: { type: "string" },
        })),
      ];
      const requestBody: Json | undefined = operation.body
        ? { required: true, content: { "application/json": { schema: collector.convert(operation.body, "input") } } }
        : operation.rawBody
          ? {
              required: true,
              description: operation.rawBody.description,
              content: Object.fromEntries(operation.rawBody.contentTypes.map((type) => [type, { schema: { type: "string", contentMediaType: type } }])),
            }
          : undefined;
      paths[path][method.toLowerCase()] = {
        operationId: camelCase(route.name),
        summary: operation.summary,
        ...(operation.description ? { description: operation.description } : {}),
        tags: operation.tags,
        security: securityOf(route),
        ...(parameters.length ? { parameters } : {}),
        ...(requestBody ? { requestBody } : {}),
        responses,
      };
    }
  }
  const webhooks: Record<string, JsonObject> = {};
  for (const [name, webhook] of Object.entries(info.webhooks ?? {})) {
    webhooks[name] = {
      post: {
        operationId: camelCase(name),
        summary: webhook.summary,
        description: webhook.description,
        parameters: webhook.headers.map((header) => ({ name: header.name, in: "header", required: header.required ?? true, description: header.description, schema: { type: "string" } })),
        requestBody: { required: true, content: { "application/json": { schema: collector.convert(webhook.body, "input") } } },
        responses: Object.fromEntries(
          Object.entries(webhook.responses).map(([status, response]) => [
            status,
            {
              description: response.description,
              ...(response.problem ? { content: { "application/problem+json": { schema: { $ref: "#/components/schemas/ProblemDetails" } } } } : {}),
            },
          ]),
        ),
      },
    };
  }
  const document: JsonObject = {
    openapi: "3.1.1",
    info: { title: info.title, version: info.version, description: info.description },
    servers: [{ url: info.serverUrl }],
    paths,
    ...(Object.keys(webhooks).length ? { webhooks } : {}),
    components: {
      schemas: { ...collector.components, ProblemDetails: problemSchema },
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "lsp_<keyId>_<secret>",
          description: "A provider API key, shown once when it is created in the portal; revocable.",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "leerspoor_session",
          description: "The portal's session (`__Host-leerspoor_session` on https). State-changing calls also send the session's CSRF token (from /api/me) in `x-csrf-token`.",
        },
      },
    },
  };
  return collector.deduplicate(document);
}
