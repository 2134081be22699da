import { providerAccess } from "../shared/identity/index.js";
import { DeliveryPage, DeliveryQuery, listDeliveries } from "../shared/licences/index.js";
import { defineHttp, readQuery } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-webhook-deliveries",
  route: "provider/webhook-deliveries",
  methods: ["GET"],
  access: providerAccess(),
  openapi: {
    summary: "The delivery log of your licence webhooks",
    description: "Newest first: received (queued), processed (with reason `superseded` when Leerspoor already held a newer state of the licence) or failed with the reason. Refused webhooks (401, 400) are not in it: they were answered at once.",
    tags: ["licences"],
    query: DeliveryQuery,
    responses: { 200: { description: "A page of deliveries", body: DeliveryPage } },
  },
  handler: async (request, { principal }) => ({
    headers: { "cache-control": "no-store" },
    jsonBody: await listDeliveries(readQuery(request, DeliveryQuery), principal.providerId),
  }),
});
