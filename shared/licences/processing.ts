import { appSettings } from "../config/index.js";
import { PoisonMessage, type Logger, type QueueMessageMeta } from "../runtime/index.js";
import { readDelivery, settleDelivery, type LicenceEventMessage } from "./deliveries.js";
import { foreignToolIndexes } from "./intake.js";
import { factOfEvent, LicenceMoved } from "./licence-facts.js";
import { applyLicenceFact, type ProjectionHooks } from "./projection.js";

/** What the delivery log says of a processed test event. */
export const testEventReason = "test event: nothing applied";

/**
 * Processes one queued licence event, idempotent on the webhook id: a delivery already
 * processed or failed is skipped. Otherwise the event is stored when newer than what is held
 * and the licence is projected again in any case, so a redelivery after a crash between the
 * two finishes the job. An event that can never apply (a tool that is not the provider's, a
 * licence moved to another school) fails with its reason and is dead-lettered at once; other
 * errors are retried by the queue and recorded as failed on the last delivery. A test event
 * (licence.test) is settled as processed and touches no licence.
 */
export async function processLicenceEvent(message: LicenceEventMessage, meta: QueueMessageMeta, log: Logger, hooks: ProjectionHooks = {}, now = new Date()): Promise<void> {
  const { providerId, webhookId, event } = message;
  const delivery = await readDelivery(providerId, webhookId);
  if (!delivery) throw new PoisonMessage(`No delivery record of webhook ${webhookId} of provider ${providerId}`);
  if (delivery.status !== "received") {
    log.info({ providerId, webhookId, status: delivery.status }, "licence event already settled; skipped");
    return;
  }
  if (event.type === "licence.test") {
    await settleDelivery(providerId, webhookId, { status: "processed", reason: testEventReason, attempts: meta.deliveryCount, now });
    log.info({ providerId, webhookId }, "licence test event processed; nothing applied");
    return;
  }
  const fail = async (reason: string) => {
    await settleDelivery(providerId, webhookId, { status: "failed", reason, attempts: meta.deliveryCount, now });
    log.warn({ providerId, webhookId, reason }, "licence event failed");
  };
  if (event.type !== "licence.revoked") {
    const foreign = await foreignToolIndexes(providerId, event.data.toolIds);
    if (foreign.length > 0) {
      const reason = `data.toolIds: ${foreign.map((index) => event.data.toolIds[index]).join(", ")} is not a tool of this provider`;
      await fail(reason);
      throw new PoisonMessage(reason);
    }
  }
  try {
    const outcome = await applyLicenceFact(providerId, factOfEvent(event, webhookId), now, hooks);
    await settleDelivery(providerId, webhookId, { status: "processed", ...(outcome === "superseded" ? { reason: "superseded" } : {}), attempts: meta.deliveryCount, now });
    log.info({ providerId, webhookId, licenceId: event.data.licenceId, outcome }, "licence event processed");
  } catch (error) {
    if (error instanceof LicenceMoved) {
      await fail(error.message);
      throw new PoisonMessage(error.message);
    }
    if (meta.deliveryCount >= appSettings().QUEUE_MAX_DELIVERIES) {
      await fail(`processing failed ${meta.deliveryCount} times: ${error instanceof Error ? error.message : String(error)}`);
    }
    throw error;
  }
}
