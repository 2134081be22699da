import { signedIn } from "../shared/identity/index.js";
import { listDeliveries, OperatorDeliveryQuery } from "../shared/licences/index.js";
import { defineHttp, readQuery } from "../shared/runtime/index.js";

/** Licence webhook deliveries of every provider, failed ones by default (the dead letters to look at). */
export default defineHttp({
  name: "operator-webhook-deliveries",
  route: "operator/webhook-deliveries",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async (request) => ({ headers: { "cache-control": "no-store" }, jsonBody: await listDeliveries(readQuery(request, OperatorDeliveryQuery)) }),
});
