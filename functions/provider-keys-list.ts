import { ApiKeyList, listApiKeys, providerAccess } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-keys-list",
  route: "provider/api-keys",
  methods: ["GET"],
  access: providerAccess({ apiKeys: false }),
  openapi: {
    summary: "The organisation's API keys",
    description: "Without their secrets; revoked keys are listed with `revokedAt`. Provider users only.",
    tags: ["api keys"],
    responses: { 200: { description: "The keys, oldest first", body: ApiKeyList } },
  },
  handler: async (_request, { principal }) => ({ jsonBody: { keys: await listApiKeys(principal.providerId) } }),
});
