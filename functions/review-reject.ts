import { z } from "zod";
import { decideReview, Rejection } from "../shared/catalogue/index.js";
import { signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody, readParams } from "../shared/runtime/index.js";

/** Refuses the pending version with a reason that the provider sees; a live version stays live. */
export default defineHttp({
  name: "review-reject",
  route: "review/providers/{providerId}/tools/{toolId}/reject",
  methods: ["POST"],
  access: signedIn("operator"),
  handler: async (request, { principal }) => {
    const { providerId, toolId } = readParams(request, z.object({ providerId: z.string().min(1).max(100), toolId: z.string().min(1).max(100) }));
    const rejection = await readJsonBody(request, Rejection);
    const tool = await decideReview(principal, providerId, toolId, { outcome: "rejected", ...rejection }, request.headers.get("if-match") ?? undefined);
    if (!tool) throw HttpProblem.notFound(`No tool ${toolId} of provider ${providerId}`);
    return { headers: { etag: tool.etag }, jsonBody: tool };
  },
});
