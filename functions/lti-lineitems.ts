import { z } from "zod";
import { agsMediaType, createLineItem, LineItemFilter, LineItemInput, lineItemView, listLineItems, ltiPlatform, serviceContextOf, serviceScope } from "../shared/lti/index.js";
import { defineHttp, publicAccess, readJsonBody, readParams, readQuery } from "../shared/runtime/index.js";

const Params = z.object({ contextId: z.string().min(1).max(200) });

/** AGS 2.0 line items of a context: GET lists (filters, `Link` paging), POST creates. Authenticated by the bearer access token. */
export default defineHttp({
  name: "lti-lineitems",
  route: "lti/contexts/{contextId}/lineitems",
  methods: ["GET", "POST"],
  access: publicAccess,
  handler: async (request) => {
    const { contextId } = readParams(request, Params);
    const filter = readQuery(request, LineItemFilter);
    const platform = ltiPlatform();
    const reading = request.method.toUpperCase() === "GET";
    const scopes = reading ? [serviceScope.lineItem, serviceScope.lineItemReadonly] : [serviceScope.lineItem];
    const context = await serviceContextOf(platform, request.headers.get("authorization"), contextId, filter.deployment_id, scopes);
    if (!reading) {
      const item = await createLineItem(context, await readJsonBody(request, LineItemInput), platform.clock());
      return { status: 201, headers: { "content-type": agsMediaType.lineItem }, body: JSON.stringify(lineItemView(context, item)) };
    }
    const { items, next } = await listLineItems(context, filter);
    return {
      headers: { "content-type": agsMediaType.lineItemContainer, ...(next ? { link: `<${next}>; rel="next"` } : {}) },
      body: JSON.stringify(items.map((item) => lineItemView(context, item))),
    };
  },
});
