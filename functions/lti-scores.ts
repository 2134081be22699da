import { z } from "zod";
import { ltiPlatform, postScore, ScoreInput, serviceContextOf, serviceScope } from "../shared/lti/index.js";
import { defineHttp, publicAccess, readJsonBody, readParams, readQuery } from "../shared/runtime/index.js";

const Params = z.object({ contextId: z.string().min(1).max(200), lineItemId: z.string().min(1).max(100) });
const Query = z.object({ deployment_id: z.string().max(200).optional() });

/** AGS 2.0 score publish service: a tool posts a user's score on a line item. Authenticated by the bearer access token. */
export default defineHttp({
  name: "lti-scores",
  route: "lti/contexts/{contextId}/lineitems/{lineItemId}/scores",
  methods: ["POST"],
  access: publicAccess,
  handler: async (request) => {
    const { contextId, lineItemId } = readParams(request, Params);
    const platform = ltiPlatform();
    const context = await serviceContextOf(platform, request.headers.get("authorization"), contextId, readQuery(request, Query).deployment_id, [serviceScope.score]);
    await postScore(platform, context, lineItemId, await readJsonBody(request, ScoreInput));
    return { status: 204 };
  },
});
