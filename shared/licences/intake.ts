import { createHash, randomUUID } from "node:crypto";
import standardWebhooks from "standardwebhooks";
import type { z } from "zod";
import { blobStore } from "../adapters/index.js";
import { readProviderTool } from "../catalogue/index.js";
import { HttpProblem, type FieldError } from "../runtime/index.js";
import { enqueueLicenceEvent, recordDelivery, type ArchivedRequest } from "./deliveries.js";
import { LicenceEvent } from "./licence.js";
import { webhookSecretsOf } from "./webhook-secrets.js";

/*
 * The licence webhook (Standard Webhooks): archive, verify, validate, record, queue, answer.
 *
 * - The raw request is archived in `webhooks-raw` before anything else, refused ones too (for
 *   support: "why was my webhook refused?"). Each request gets its own blob,
 *   `<providerId>/<yyyy-mm-dd>/<webhook-id>/<uuid>.json` (`sha256-<body hash>` when the id is
 *   missing or unusable), so a forged request cannot overwrite the archive of a genuine one.
 * - The signature is checked by the `standardwebhooks` library against each valid secret of
 *   the provider (current and previous); its timestamp tolerance is 5 minutes either way.
 * - Bad signature or timestamp → 401, bad body → 400 naming the field, tool ids not of this
 *   provider → 400 naming `body.data.toolIds.<i>`: none of them changes any state.
 * - 204 only once the event is queued. The same webhook id again is answered 204 without a
 *   second message, unless the first was recorded but never queued.
 */

const { Webhook, WebhookVerificationError } = standardWebhooks;

/** Licence events are small (a bundle of 100 tools is some 20 KB); the limit keeps a queue message well under Service Bus's 256 KB. */
export const maxWebhookBytes = 64 * 1024;

const webhookIdPattern = /^[A-Za-z0-9._:+=-]{1,200}$/;
const archivedHeaders = ["webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "content-length", "user-agent"];

export interface LicenceWebhookRequest {
  providerId: string;
  headers: { get(name: string): string | null };
  body: Buffer;
}

const unauthorized = (detail: string): HttpProblem =>
  new HttpProblem(401, "webhook-signature", "Webhook not verified", detail, undefined, { "www-authenticate": 'Signature realm="standard-webhooks"' });

const invalid = (errors: FieldError[]): HttpProblem =>
  new HttpProblem(400, "validation", "Invalid request", `Invalid ${errors.map((e) => e.field).join(", ")}`, errors);

async function archive(request: LicenceWebhookRequest, now: Date): Promise<string> {
  const webhookId = request.headers.get("webhook-id");
  const idPart = webhookId && webhookIdPattern.test(webhookId) ? webhookId : `sha256-${createHash("sha256").update(request.body).digest("hex")}`;
  const blobName = `${request.providerId}/${now.toISOString().slice(0, 10)}/${idPart}/${randomUUID()}.json`;
  const headers = Object.fromEntries(archivedHeaders.flatMap((name) => (request.headers.get(name) === null ? [] : [[name, request.headers.get(name)!]])));
  const archived: ArchivedRequest = { receivedAt: now.toISOString(), providerId: request.providerId, headers, body: request.body.toString("base64") };
  await blobStore().put("webhooks-raw", blobName, JSON.stringify(archived), "application/json");
  return blobName;
}

function verify(request: LicenceWebhookRequest, secrets: string[]): void {
  const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [name, request.headers.get(name) ?? ""]));
  if (secrets.length === 0) throw unauthorized("This provider has no webhook secret; create one in the provider API (POST provider/webhook-secrets)");
  let failure = "";
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(request.body, headers, { jsonParse: false });
      return;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      failure = error.message;
    }
  }
  if (/missing/i.test(failure)) throw unauthorized("The webhook-id, webhook-timestamp and webhook-signature headers are all required");
  if (/timestamp|Invalid Signature Headers/i.test(failure)) throw unauthorized("webhook-timestamp is not within 5 minutes of Leerspoor's clock");
  throw unauthorized("No signature in webhook-signature matches a valid webhook secret of this provider");
}

function parseEvent(body: Buffer): LicenceEvent {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw invalid([{ field: "body", message: "not valid JSON" }]);
  }
  const parsed = LicenceEvent.safeParse(json);
  if (!parsed.success) throw HttpProblem.validation("body", parsed.error as z.ZodError);
  return parsed.data;
}

/** The tool ids (by their place in the list) that are not tools of this provider. */
export async function foreignToolIndexes(providerId: string, toolIds: readonly string[]): Promise<number[]> {
  const owned = await Promise.all(toolIds.map(async (toolId) => (await readProviderTool(providerId, toolId)) !== undefined));
  return owned.flatMap((isOwned, index) => (isOwned ? [] : [index]));
}

/** Takes one licence webhook; resolves once its event is queued (or was already), throws an HttpProblem when refused. */
export async function receiveLicenceWebhook(request: LicenceWebhookRequest, now = new Date()): Promise<void> {
  if (request.body.length > maxWebhookBytes) throw HttpProblem.payloadTooLarge(maxWebhookBytes);
  const blobName = await archive(request, now);
  verify(request, await webhookSecretsOf(request.providerId, now));
  const webhookId = request.headers.get("webhook-id")!;
  if (!webhookIdPattern.test(webhookId)) {
    throw invalid([{ field: "headers.webhook-id", message: "has 1 to 200 letters, digits and . _ : + = -" }]);
  }
  const event = parseEvent(request.body);
  if ("toolIds" in event.data) {
    const foreign = await foreignToolIndexes(request.providerId, event.data.toolIds);
    if (foreign.length > 0) throw invalid(foreign.map((index) => ({ field: `body.data.toolIds.${index}`, message: "is not a tool of this provider" })));
  }
  if (await recordDelivery({ providerId: request.providerId, webhookId, event, blobName, now })) {
    await enqueueLicenceEvent({ providerId: request.providerId, webhookId, event });
  }
}
