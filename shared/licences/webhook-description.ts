import { z } from "zod";
import type { OpenApiWebhook } from "../runtime/index.js";
import { LicenceEvent } from "./licence.js";

/** The licence event as JSON Schema 2020-12, for providers to validate before they send (GET webhooks/licences/schema.json). */
export function licenceEventJsonSchema(): Record<string, unknown> {
  return {
    $id: "urn:leerspoor:schema:licence-event",
    title: "Leerspoor licence event",
    ...z.toJSONSchema(LicenceEvent, { target: "draft-2020-12", io: "input" }),
  };
}

/** The licence webhook in the provider API's OpenAPI document (`webhooks`). */
export const licenceWebhookDescription: Record<string, OpenApiWebhook> = {
  "licence-event": {
    summary: "A licence was granted, updated, renewed or revoked (or a test event)",
    description: [
      "POST to `/api/webhooks/licences/{providerId}` (your providerId, from GET /api/provider), following Standard Webhooks (https://www.standardwebhooks.com):",
      "`webhook-signature` is `v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` under your secret (`whsec_…`, from POST /api/provider/webhook-secrets; base64-decode what follows `whsec_`).",
      "The timestamp may differ from Leerspoor's clock by 5 minutes at most. After a rotation the previous secret stays valid for 24 hours.",
      "Every granted, updated and renewed event carries the licence's whole state; the highest `version` wins, then the latest `timestamp`, so events may arrive late or twice.",
      "`licence.test` (data: `{ message }`) is a test event: it is verified, queued and shown as processed in your delivery log like the others, and licenses nothing. POST /api/provider/webhooks/test-event sends one for you.",
      "Send the same `webhook-id` when you retry: it is processed once. 204 means queued; follow processing in GET /api/provider/webhook-deliveries.",
      "The JSON Schema of the body is at GET /api/webhooks/licences/schema.json.",
    ].join("\n\n"),
    headers: [
      { name: "webhook-id", description: "Your unique id of this event (1 to 200 of A-Z a-z 0-9 . _ : + = -); the same on every retry" },
      { name: "webhook-timestamp", description: "Unix seconds when it was signed" },
      { name: "webhook-signature", description: "Space-separated `v1,<base64>` signatures; one must match a valid secret" },
    ],
    body: LicenceEvent,
    responses: {
      204: { description: "Verified and queued (or this webhook id was already received)" },
      400: { description: "Invalid body or webhook-id; `errors` names each field (e.g. `body.data.scope.level`, `body.data.toolIds.0`)", problem: true },
      401: { description: "Missing or wrong signature, or a timestamp more than 5 minutes off", problem: true },
      413: { description: "The body is larger than 64 KiB", problem: true },
    },
  },
};
