import { z } from "zod";
import { AlreadyExists, blobStore, documentStore, messageQueue } from "../adapters/index.js";
import { cursorOf, HttpProblem, pageCursor } from "../runtime/index.js";
import { LicenceEvent } from "./licence.js";
import { deliveryDocumentId, WebhookDelivery } from "./records.js";
import type { DeliveryPage, DeliveryView } from "./views.js";

/*
 * The delivery log of licence webhooks: one WebhookDelivery per provider × webhook id in
 * `provider-data`, written when a verified webhook is accepted and before it is queued. It is
 * the idempotency record (a webhook id is processed once) and what providers and operators
 * see. The queue message carries the event; the archived raw request in `webhooks-raw` is the
 * source of an operator's replay.
 */

export const LicenceEventMessage = z.object({ providerId: z.string(), webhookId: z.string(), event: LicenceEvent });
export type LicenceEventMessage = z.infer<typeof LicenceEventMessage>;

// The view shapes live with the portal's other licence views (browser-safe).
export { DeliveryPage, DeliveryView } from "./views.js";

export const DeliveryQuery = z.object({
  status: WebhookDelivery.shape.status.optional().describe("Only deliveries in this state"),
  /** The log key (`logKey`) of the previous page's last delivery. */
  cursor: pageCursor(z.tuple([z.string()])).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Deliveries per page"),
});
export type DeliveryQuery = z.infer<typeof DeliveryQuery>;

export const OperatorDeliveryQuery = DeliveryQuery.extend({ status: WebhookDelivery.shape.status.default("failed").describe("Deliveries in this state; failed by default") });

const providerData = () => documentStore().container("provider-data");

const viewOf = (delivery: WebhookDelivery): DeliveryView => ({
  providerId: delivery.providerId,
  webhookId: delivery.webhookId,
  ...(delivery.eventType ? { eventType: delivery.eventType } : {}),
  ...(delivery.licenceId ? { licenceId: delivery.licenceId } : {}),
  status: delivery.status,
  ...(delivery.reason ? { reason: delivery.reason } : {}),
  receivedAt: delivery.receivedAt,
  ...(delivery.processedAt ? { processedAt: delivery.processedAt } : {}),
  attempts: delivery.attempts ?? 0,
});

/** The message id on the queue: webhook ids are the provider's, so two providers may use the same one. */
const messageIdOf = (providerId: string, webhookId: string, replay?: Date): string =>
  `${providerId}.${webhookId}${replay ? `.replay-${replay.getTime()}` : ""}`;

export async function enqueueLicenceEvent(message: LicenceEventMessage, replay?: Date): Promise<void> {
  await messageQueue().send("licence-events", [{ id: messageIdOf(message.providerId, message.webhookId, replay), body: message }]);
}

export async function readDelivery(providerId: string, webhookId: string): Promise<WebhookDelivery | undefined> {
  const found = await providerData().read<WebhookDelivery>(deliveryDocumentId(webhookId), providerId);
  return found?.type === "webhook-delivery" ? found : undefined;
}

/**
 * Records a verified webhook as received. Returns whether it still needs queueing: a new one,
 * or one that was received before but is not processed or failed (its enqueue may have failed).
 */
export async function recordDelivery(input: { providerId: string; webhookId: string; event: LicenceEvent; blobName: string; now: Date }): Promise<boolean> {
  const receivedAt = input.now.toISOString();
  const delivery: WebhookDelivery = {
    id: deliveryDocumentId(input.webhookId),
    providerId: input.providerId,
    type: "webhook-delivery",
    webhookId: input.webhookId,
    eventType: input.event.type,
    ...("licenceId" in input.event.data ? { licenceId: input.event.data.licenceId } : {}),
    blobName: input.blobName,
    status: "received",
    receivedAt,
    attempts: 0,
    logKey: `${receivedAt}.${input.webhookId}`,
  };
  try {
    await providerData().create(delivery);
    return true;
  } catch (error) {
    if (!(error instanceof AlreadyExists)) throw error;
    return (await readDelivery(input.providerId, input.webhookId))?.status === "received";
  }
}

/** Marks the outcome of processing; `attempts` is the queue's delivery count. */
export async function settleDelivery(
  providerId: string,
  webhookId: string,
  outcome: { status: "processed" | "failed"; reason?: string; attempts: number; now: Date },
): Promise<void> {
  await providerData().modify<WebhookDelivery>(deliveryDocumentId(webhookId), providerId, (current) => {
    const { reason: _previous, ...rest } = current;
    return { ...rest, status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}), processedAt: outcome.now.toISOString(), attempts: outcome.attempts };
  });
}

/**
 * A page of deliveries, newest first: of one provider (its partition), or of all providers for
 * the operator (a cross-partition query).
 */
export async function listDeliveries(query: DeliveryQuery, providerId?: string): Promise<DeliveryPage> {
  const conditions = ["c.type = 'webhook-delivery'"];
  const parameters: { name: string; value: string }[] = [];
  if (query.status) {
    conditions.push("c.status = @status");
    parameters.push({ name: "@status", value: query.status });
  }
  if (query.cursor) {
    conditions.push("c.logKey < @cursor");
    parameters.push({ name: "@cursor", value: query.cursor[0] });
  }
  const found = await providerData().query<WebhookDelivery>(
    { query: `SELECT TOP ${query.limit + 1} * FROM c WHERE ${conditions.join(" AND ")} ORDER BY c.logKey DESC`, parameters },
    providerId === undefined ? {} : { partitionKey: providerId },
  );
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  return {
    deliveries: page.map(viewOf),
    ...(found.length > query.limit && last?.logKey ? { nextCursor: cursorOf([last.logKey]) } : {}),
  };
}

/** The archived raw request (intake.ts writes it). */
export const ArchivedRequest = z.object({
  receivedAt: z.string(),
  providerId: z.string(),
  headers: z.record(z.string(), z.string()),
  /** The body exactly as received, base64. */
  body: z.string(),
});
export type ArchivedRequest = z.infer<typeof ArchivedRequest>;

/** Which delivery a queued message is of. */
const DeliveryOfMessage = LicenceEventMessage.pick({ providerId: true, webhookId: true });

/**
 * An operator sends a delivery through processing again, from its archived request: after the
 * cause of a failure is fixed (a corrupt document repaired, an outage over). Processed
 * deliveries are not replayed. The delivery's dead letters (the first message's and those of
 * earlier replays) are removed before the replay is queued: the dead-letter queue is the
 * operators' to-do list and its alert resolves, while the delivery log and the archive keep the
 * record. A replay that fails again is dead-lettered again, under its own message id.
 */
export async function replayDelivery(providerId: string, webhookId: string, now = new Date()): Promise<DeliveryView> {
  const delivery = await readDelivery(providerId, webhookId);
  if (!delivery) throw HttpProblem.notFound("No delivery with this webhook id for this provider");
  if (delivery.status === "processed") throw new HttpProblem(409, "already-processed", "Already processed", "This delivery was processed; there is nothing to replay");
  const archived = await blobStore().get("webhooks-raw", delivery.blobName);
  if (!archived) throw new HttpProblem(409, "archive-missing", "Archive missing", "The archived request of this delivery is gone (retention); ask the provider to send it again");
  const request = ArchivedRequest.parse(JSON.parse(archived.toString("utf8")));
  const event = LicenceEvent.safeParse(JSON.parse(Buffer.from(request.body, "base64").toString("utf8")));
  if (!event.success) throw new HttpProblem(409, "archive-invalid", "Archived event invalid", "The archived event no longer matches the event schema");
  await messageQueue().removeDeadLettered("licence-events", ({ body }) => {
    const of = DeliveryOfMessage.safeParse(body);
    return of.success && of.data.providerId === providerId && of.data.webhookId === webhookId;
  });
  const replayed = await providerData().modify<WebhookDelivery>(deliveryDocumentId(webhookId), providerId, (current) => {
    const { reason: _reason, processedAt: _processedAt, ...rest } = current;
    return { ...rest, status: "received" };
  });
  await enqueueLicenceEvent({ providerId, webhookId, event: event.data }, now);
  return viewOf(replayed ?? delivery);
}
