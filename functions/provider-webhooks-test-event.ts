import { appSettings } from "../shared/config/index.js";
import { providerAccess } from "../shared/identity/index.js";
import { sendTestEvent, TestEventResult } from "../shared/licences/index.js";
import { defineHttp } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-webhooks-test-event",
  route: "provider/webhooks/test-event",
  methods: ["POST"],
  access: providerAccess(),
  openapi: {
    summary: "Send a test licence webhook",
    description:
      "Signs a `licence.test` event (a ping that licenses nothing) with your current webhook secret and posts it to your webhook URL at Leerspoor; answers how that route answered. The delivery then shows in GET /api/provider/webhook-deliveries, processed with the reason \"test event: nothing applied\".",
    tags: ["licences"],
    responses: { 200: { description: "The route's answer (204 = accepted and queued)", body: TestEventResult } },
  },
  handler: async (_request, { principal }) => ({ jsonBody: await sendTestEvent(principal.providerId, appSettings().PUBLIC_BASE_URL) }),
});
