import { z } from "zod";
import { Approval, decideReview } from "../shared/catalogue/index.js";
import { signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody, readParams } from "../shared/runtime/index.js";

/** Makes the pending version live and puts it in the catalogue. */
export default defineHttp({
  name: "review-approve",
  route: "review/providers/{providerId}/tools/{toolId}/approve",
  methods: ["POST"],
  access: signedIn("operator"),
  handler: async (request, { principal }) => {
    const { providerId, toolId } = readParams(request, z.object({ providerId: z.string().min(1).max(100), toolId: z.string().min(1).max(100) }));
    const approval = await readJsonBody(request, Approval);
    const tool = await decideReview(principal, providerId, toolId, { outcome: "approved", ...approval }, request.headers.get("if-match") ?? undefined);
    if (!tool) throw HttpProblem.notFound(`No tool ${toolId} of provider ${providerId}`);
    return { headers: { etag: tool.etag }, jsonBody: tool };
  },
});
