import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { FunctionRegistry } from "./define.js";
import { HttpProblem } from "./problem.js";
import { compileRoute, matchRoute } from "./route-template.js";

export const apiFallbackRoute = "{*path}";

/**
 * The last route of the API: a path that no function serves is 404, a path that one serves
 * with other methods is 405 with `Allow`. Registered as an ordinary catch-all function, so
 * Azure and the local host answer alike.
 */
export function apiFallback(registry: FunctionRegistry) {
  return async (request: HttpRequest): Promise<HttpResponseInit> => {
    const path = new URL(request.url).pathname.replace(/^\/api(?=\/|$)/, "");
    const allowed = registry.http
      .filter((route) => route.route !== apiFallbackRoute)
      .filter((route) => matchRoute(compileRoute(route.route), path) !== undefined)
      .flatMap((route) => route.methods);
    if (allowed.length === 0) throw HttpProblem.notFound(`No API route matches ${new URL(request.url).pathname}`);
    throw HttpProblem.methodNotAllowed(request.method, [...new Set(allowed)]);
  };
}
