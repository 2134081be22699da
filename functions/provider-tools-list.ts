import { listProviderTools, ProviderToolList } from "../shared/catalogue/index.js";
import { providerAccess } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-tools-list",
  route: "provider/tools",
  methods: ["GET"],
  access: providerAccess(),
  openapi: {
    summary: "The organisation's tools",
    description: "Each with its review status, most recently changed first.",
    tags: ["tools"],
    responses: { 200: { description: "The tools", body: ProviderToolList } },
  },
  handler: async (_request, { principal }) => ({ jsonBody: { tools: await listProviderTools(principal.providerId) } }),
});
