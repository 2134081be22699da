import { z } from "zod";
import { agsMediaType, deleteLineItem, LineItemInput, lineItemView, ltiPlatform, readLineItem, serviceContextOf, serviceScope, updateLineItem } from "../shared/lti/index.js";
import { defineHttp, publicAccess, readJsonBody, readParams, readQuery } from "../shared/runtime/index.js";

const Params = z.object({ contextId: z.string().min(1).max(200), lineItemId: z.string().min(1).max(100) });
const Query = z.object({ deployment_id: z.string().max(200).optional() });

/** AGS 2.0 one line item: GET (also without an Accept header), PUT, DELETE. Authenticated by the bearer access token. */
export default defineHttp({
  name: "lti-lineitem",
  route: "lti/contexts/{contextId}/lineitems/{lineItemId}",
  methods: ["GET", "PUT", "DELETE"],
  access: publicAccess,
  handler: async (request) => {
    const { contextId, lineItemId } = readParams(request, Params);
    const method = request.method.toUpperCase();
    const scopes = method === "GET" ? [serviceScope.lineItem, serviceScope.lineItemReadonly] : [serviceScope.lineItem];
    const context = await serviceContextOf(ltiPlatform(), request.headers.get("authorization"), contextId, readQuery(request, Query).deployment_id, scopes);
    if (method === "DELETE") {
      await deleteLineItem(context, lineItemId);
      return { status: 204 };
    }
    const item = method === "PUT" ? await updateLineItem(context, lineItemId, await readJsonBody(request, LineItemInput)) : await readLineItem(context, lineItemId);
    return { headers: { "content-type": agsMediaType.lineItem }, body: JSON.stringify(lineItemView(context, item)) };
  },
});
