export type { Cookie, HttpRequest, HttpResponseInit } from "@azure/functions";
export { apiFallback, apiFallbackRoute } from "./api-fallback.js";
export {
  allHttpMethods,
  defineHttp,
  defineQueue,
  defineTimer,
  FunctionRegistry,
  functionRegistry,
  PoisonMessage,
  publicAccess,
  withProblemHandling,
  type Access,
  type Credential,
  type HttpFunction,
  type HttpMethod,
  type HttpRoute,
  type QueueFunction,
  type QueueMessageMeta,
  type RequestScope,
  type TimerFunction,
} from "./define.js";
export { readBodyBytes, readBodyText, readJsonBody, readParams, readQuery, type StreamedBody } from "./input.js";
export { buildOpenApiDocument, type OpenApiInfo, type OpenApiOperation, type OpenApiResponse, type OpenApiWebhook } from "./openapi.js";
export { startLocalHost, type LocalHost, type LocalHostOptions } from "./local-host.js";
export { createLogger, type Logger } from "./logger.js";
export { cursorOf, pageCursor } from "./paging.js";
export { HttpProblem, ProblemDetails, problemTypeBase, type FieldError } from "./problem.js";
export { retryDelaySeconds } from "./queue-pump.js";
export { byPrecedence, compileRoute, matchRoute } from "./route-template.js";
