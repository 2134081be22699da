import { z } from "zod";
import { signedIn } from "../shared/identity/index.js";
import { replayDelivery } from "../shared/licences/index.js";
import { defineHttp, readParams } from "../shared/runtime/index.js";

const ReplayParams = z.object({ providerId: z.string().min(1).max(64), webhookId: z.string().min(1).max(200) });

/** Sends a failed (or stuck) delivery through processing again, from its archived request. */
export default defineHttp({
  name: "operator-webhook-deliveries-replay",
  route: "operator/webhook-deliveries/{providerId}/{webhookId}/replay",
  methods: ["POST"],
  access: signedIn("operator"),
  handler: async (request) => {
    const { providerId, webhookId } = readParams(request, ReplayParams);
    return { status: 202, jsonBody: await replayDelivery(providerId, webhookId) };
  },
});
