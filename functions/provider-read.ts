import { ProviderView, providerViewOf, readProvider } from "../shared/catalogue/index.js";
import { providerAccess } from "../shared/identity/index.js";
import { defineHttp, HttpProblem } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-read",
  route: "provider",
  methods: ["GET"],
  access: providerAccess(),
  openapi: {
    summary: "Your provider organisation",
    description: "Its name, contact address and the intentieverklaring it recorded.",
    tags: ["organisation"],
    responses: { 200: { description: "The organisation", body: ProviderView, headers: { ETag: "The organisation's version" } } },
  },
  handler: async (_request, { principal }) => {
    const provider = await readProvider(principal.providerId);
    if (!provider) throw HttpProblem.notFound("Your provider organisation is not registered");
    const view = providerViewOf(provider);
    return { headers: { etag: view.etag }, jsonBody: view };
  },
});
