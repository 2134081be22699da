import { appSettings } from "../config/index.js";
import { buildOpenApiDocument, type HttpRoute, type OpenApiWebhook } from "../runtime/index.js";

/** The provider API: every route under `/api/provider`, for provider users and API keys alike. */
export const isProviderApiRoute = (route: Pick<HttpRoute, "route">): boolean => route.route === "provider" || route.route.startsWith("provider/");

/** The OpenAPI 3.1 document of the provider API, built from the route table, with the webhooks that providers send. */
export function providerApiDocument(routes: readonly HttpRoute[], webhooks: Record<string, OpenApiWebhook> = {}): Record<string, unknown> {
  return buildOpenApiDocument(routes.filter(isProviderApiRoute), {
    title: "Leerspoor provider API",
    version: "1.0.0",
    description: [
      "Register and maintain learning tools in the Leerspoor catalogue, and tell Leerspoor who holds a licence for them: by signed webhook (see `webhooks`), or by reconciling a school's full snapshot.",
      "Authenticate with an API key (`Authorization: Bearer lsp_…`), created by a provider user in the portal and shown once; several keys can be active for rotation.",
      "Each new tool and each change to a live tool waits for the consortium's review; the live version stays visible meanwhile.",
      "Errors are RFC 9457 problem+json; validation errors name each field in `errors`.",
      "Changes take the `etag` of a read in `If-Match` to avoid overwriting a change you have not seen (412 otherwise).",
    ].join("\n\n"),
    serverUrl: `${appSettings().PUBLIC_BASE_URL}/api`,
    webhooks,
  });
}
