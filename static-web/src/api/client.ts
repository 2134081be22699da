import { z } from "./zod.js";

// The zod configuration must come first: it makes zod safe under the portal's CSP.
import { ProblemDetails, problemTypeBase, type FieldError } from "../../../shared/runtime/problem.js";

export type { FieldError };

/** Any schema, classic (shared with the API) or mini (the portal's own). */
export type Schema = z.core.$ZodType;

/**
 * A call that did not succeed: the API's problem+json (RFC 9457), or what went wrong on the way
 * there (`status` 0). `slug` is the problem type without its URN prefix (`validation`,
 * `forbidden`, `not-found`…), so pages can pick a translated message by it.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly detail: string | undefined,
    readonly correlationId: string | undefined,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail ?? slug);
    this.name = "ApiProblem";
  }

  /**
   * The invalid fields of the request body, by their top-level name (`body.roles.0` → `roles`):
   * the names of a form's inputs. The API's messages are English, so pages show their own.
   */
  invalidFields(): Set<string> {
    return new Set(
      this.errors
        .filter((error) => error.field.startsWith("body."))
        .map((error) => error.field.split(".")[1])
        .filter((field): field is string => Boolean(field)),
    );
  }
}

/** Any failure as an ApiProblem, so a page can always show a translated message for it. */
export const asProblem = (error: unknown): ApiProblem =>
  error instanceof ApiProblem ? error : new ApiProblem(0, "unexpected", String(error), undefined);

/**
 * What the client needs from the session without importing it (the session loads itself
 * through this client): the CSRF token to send, and who to tell when the API says 401.
 */
export interface SessionLink {
  csrfToken(): string | undefined;
  unauthenticated(): void;
}

let session: SessionLink = { csrfToken: () => undefined, unauthenticated: () => {} };

export function linkSession(link: SessionLink): void {
  session = link;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export async function getJson<S extends Schema>(path: string, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
  const response = await call(path, { method: "GET", headers: { accept: "application/json" }, ...signalOf(options) });
  return readBody(response, schema, options);
}

/**
 * A state-changing call: the body goes as JSON with the session's CSRF token. With `schema`
 * null the answer's body is ignored (204 No Content).
 */
export async function send<S extends Schema>(
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body: unknown,
  schema: S,
  options?: CallOptions,
): Promise<z.output<S>>;
export async function send(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body: unknown, schema: null, options?: CallOptions): Promise<void>;
export async function send(
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body: unknown,
  schema: Schema | null,
  options: CallOptions = {},
): Promise<unknown> {
  const headers: Record<string, string> = { accept: "application/json" };
  const csrfToken = session.csrfToken();
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await call(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...signalOf(options),
  });
  if (schema === null) return undefined;
  return readBody(response, schema, options);
}

/** Uploads a file as the raw body (an image, say), with its own content type and the CSRF token. */
export async function upload<S extends Schema>(path: string, file: Blob, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
  const headers: Record<string, string> = { accept: "application/json", "content-type": file.type || "application/octet-stream" };
  const csrfToken = session.csrfToken();
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  const response = await call(path, { method: "POST", headers, body: file, ...signalOf(options) });
  return readBody(response, schema, options);
}

const signalOf = (options: CallOptions): { signal?: AbortSignal } => (options.signal ? { signal: options.signal } : {});

/** Sends the request; resolves with a 2xx response only, everything else becomes an ApiProblem. */
async function call(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, credentials: "same-origin" });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiProblem(0, "network", String(error), undefined);
  }
  if (response.ok) return response;
  const problem = await problemOf(response);
  if (problem.status === 401) session.unauthenticated();
  throw problem;
}

async function problemOf(response: Response): Promise<ApiProblem> {
  const isProblem = (response.headers.get("content-type") ?? "").includes("application/problem+json");
  const parsed = isProblem ? z.safeParse(ProblemDetails, await response.json().catch(() => undefined)) : undefined;
  if (!parsed?.success) return new ApiProblem(response.status, "unexpected-response", `HTTP ${response.status}`, undefined);
  const { type, status, detail, correlationId, errors } = parsed.data;
  const slug = type.startsWith(problemTypeBase) ? type.slice(problemTypeBase.length) : type;
  return new ApiProblem(status, slug, detail, correlationId, errors ?? []);
}

async function readBody<S extends Schema>(response: Response, schema: S, options: CallOptions): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = response.status === 204 ? undefined : await response.json();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiProblem(response.status, "unexpected-response", String(error), undefined);
  }
  const parsed = z.safeParse(schema, body);
  if (!parsed.success) throw new ApiProblem(response.status, "unexpected-response", z.prettifyError(parsed.error), undefined);
  return parsed.data;
}
