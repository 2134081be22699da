import { z } from "zod";
import { maxWebhookBytes, receiveLicenceWebhook } from "../shared/licences/index.js";
import { defineHttp, publicAccess, readBodyBytes, readParams } from "../shared/runtime/index.js";

/** Ids end up in blob names: letters, digits and dashes only (provider ids are UUIDs). */
const WebhookParams = z.object({ providerId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "is a provider id") });

/** Public: the Standard Webhooks signature is the credential, checked inside (shared/licences/intake.ts). */
export default defineHttp({
  name: "webhooks-licences",
  route: "webhooks/licences/{providerId}",
  methods: ["POST"],
  access: publicAccess,
  handler: async (request) => {
    const { providerId } = readParams(request, WebhookParams);
    await receiveLicenceWebhook({ providerId, headers: request.headers, body: await readBodyBytes(request, maxWebhookBytes) });
    return { status: 204, headers: { "cache-control": "no-store" } };
  },
});
