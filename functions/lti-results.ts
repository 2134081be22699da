import { z } from "zod";
import { agsMediaType, listResults, ltiPlatform, ResultFilter, serviceContextOf, serviceScope } from "../shared/lti/index.js";
import { defineHttp, publicAccess, readParams, readQuery } from "../shared/runtime/index.js";

const Params = z.object({ contextId: z.string().min(1).max(200), lineItemId: z.string().min(1).max(100) });

/** AGS 2.0 result service: the latest result of each user on a line item (`user_id`, `limit`, `Link` paging). Authenticated by the bearer access token. */
export default defineHttp({
  name: "lti-results",
  route: "lti/contexts/{contextId}/lineitems/{lineItemId}/results",
  methods: ["GET"],
  access: publicAccess,
  handler: async (request) => {
    const { contextId, lineItemId } = readParams(request, Params);
    const filter = readQuery(request, ResultFilter);
    const context = await serviceContextOf(ltiPlatform(), request.headers.get("authorization"), contextId, filter.deployment_id, [serviceScope.resultReadonly]);
    const { results, next } = await listResults(context, lineItemId, filter);
    return { headers: { "content-type": agsMediaType.resultContainer, ...(next ? { link: `<${next}>; rel="next"` } : {}) }, body: JSON.stringify(results) };
  },
});
