import { readProvider } from "../shared/catalogue/index.js";
import { IssuedApiKey, issueApiKey, NewApiKey, providerAccess } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody } from "../shared/runtime/index.js";

/** A leaked key must not be able to mint more keys: provider users only. The key is in this answer only. */
export default defineHttp({
  name: "provider-keys-create",
  route: "provider/api-keys",
  methods: ["POST"],
  access: providerAccess({ apiKeys: false }),
  openapi: {
    summary: "Create an API key",
    description: "The full key is in this answer only; store it. Several keys can be active at once, to rotate without downtime. Provider users only.",
    tags: ["api keys"],
    body: NewApiKey,
    responses: { 201: { description: "The new key, with its secret", body: IssuedApiKey } },
    problems: [409],
  },
  handler: async (request, { principal }) => {
    const input = await readJsonBody(request, NewApiKey);
    if (!(await readProvider(principal.providerId))) throw HttpProblem.notFound("Your provider organisation is not registered");
    const issued = await issueApiKey(principal.providerId, input, principal.actorId);
    return { status: 201, headers: { "cache-control": "no-store" }, jsonBody: issued };
  },
});
