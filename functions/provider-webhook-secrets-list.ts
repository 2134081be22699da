import { providerAccess } from "../shared/identity/index.js";
import { listWebhookSecrets, WebhookSecretList } from "../shared/licences/index.js";
import { defineHttp } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-webhook-secrets-list",
  route: "provider/webhook-secrets",
  methods: ["GET"],
  access: providerAccess(),
  openapi: {
    summary: "The licence webhook secrets that are valid now",
    description: "Metadata only: the current secret, and the previous one until it expires. The secrets themselves are shown once, when they are made.",
    tags: ["licences"],
    responses: { 200: { description: "Current first", body: WebhookSecretList } },
  },
  handler: async (_request, { principal }) => ({ headers: { "cache-control": "no-store" }, jsonBody: await listWebhookSecrets(principal.providerId) }),
});
