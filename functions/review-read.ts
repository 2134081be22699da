import { z } from "zod";
import { readReviewItem } from "../shared/catalogue/index.js";
import { signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";

export default defineHttp({
  name: "review-read",
  route: "review/providers/{providerId}/tools/{toolId}",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async (request) => {
    const { providerId, toolId } = readParams(request, z.object({ providerId: z.string().min(1).max(100), toolId: z.string().min(1).max(100) }));
    const item = await readReviewItem(providerId, toolId);
    if (!item) throw HttpProblem.notFound(`No version of tool ${toolId} waits for review`);
    return { headers: { etag: item.etag, "cache-control": "no-store" }, jsonBody: item };
  },
});
