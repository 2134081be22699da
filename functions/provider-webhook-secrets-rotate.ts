import { providerAccess } from "../shared/identity/index.js";
import { IssuedWebhookSecret, previousSecretValidHours, rotateWebhookSecret } from "../shared/licences/index.js";
import { defineHttp } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-webhook-secrets-rotate",
  route: "provider/webhook-secrets",
  methods: ["POST"],
  access: providerAccess(),
  openapi: {
    summary: "Make a new licence webhook secret",
    description: `The new secret (\`whsec_…\`) is in this answer only; store it. The secret it replaces stays valid for ${previousSecretValidHours} hours, so your senders can switch without losing webhooks; an older one ends now.`,
    tags: ["licences"],
    responses: { 201: { description: "The new current secret, with the secret itself", body: IssuedWebhookSecret } },
  },
  handler: async (_request, { principal }) => ({ status: 201, headers: { "cache-control": "no-store" }, jsonBody: await rotateWebhookSecret(principal.providerId) }),
});
