import { providerApiDocument } from "../shared/catalogue/index.js";
import { licenceWebhookDescription } from "../shared/licences/index.js";
import { defineHttp, functionRegistry, publicAccess } from "../shared/runtime/index.js";

let document: Record<string, unknown> | undefined;

/** The provider API in OpenAPI 3.1, built once per process from the route table (complete once the functions are loaded). */
export default defineHttp({
  name: "openapi",
  route: "openapi.json",
  methods: ["GET"],
  access: publicAccess,
  handler: async () => {
    document ??= providerApiDocument(functionRegistry.http, licenceWebhookDescription);
    return { headers: { "cache-control": "public, max-age=300" }, jsonBody: document };
  },
});
