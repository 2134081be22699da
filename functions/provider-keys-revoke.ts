import { z } from "zod";
import { ApiKeySummary, providerAccess, revokeApiKey } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";

const KeyParams = z.object({ keyId: z.string().min(1).max(100).describe("The key's id: the part after `lsp_`") });

export default defineHttp({
  name: "provider-keys-revoke",
  route: "provider/api-keys/{keyId}",
  methods: ["DELETE"],
  access: providerAccess({ apiKeys: false }),
  openapi: {
    summary: "Revoke an API key",
    description: "Calls with the key are refused with 401 from now on (within a minute on every server). Provider users only.",
    tags: ["api keys"],
    params: KeyParams,
    responses: { 200: { description: "The revoked key", body: ApiKeySummary } },
  },
  handler: async (request, { principal }) => {
    const { keyId } = readParams(request, KeyParams);
    const revoked = await revokeApiKey(principal.providerId, keyId, principal.actorId);
    if (!revoked) throw HttpProblem.notFound(`No API key ${keyId}`);
    return { jsonBody: revoked };
  },
});
