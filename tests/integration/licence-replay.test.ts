import { randomUUID } from "node:crypto";
import { blobStore, createMessageQueue, documentStore, type MessageQueue } from "../../shared/adapters/index.js";
import { appSettings } from "../../shared/config/index.js";
import { deliveryDocumentId, entitlementDocumentId, licenceDocumentId, type ToolEntitlement, type WebhookDelivery } from "../../shared/licences/index.js";
import { api } from "../support/catalogue.js";
import { eventually, licensingProvider, sendWebhook, type LicensingProvider } from "../support/licences.js";
import { callerWith, freshInstellingsnummer, type TestCaller } from "../support/sessions.js";

/*
 * The operator's replay of a failed licence delivery
 * (POST operator/webhook-deliveries/{providerId}/{webhookId}/replay), end to end on the running
 * stack: the webhook route, the `licence-events` queue and its processor, the dead-letter queue.
 *
 * The failure is a real one of the processor. The seam: the test damages the school's
 * entitlement document for the tool by hand (`grants` is not a list), as a botched data repair
 * would, so every attempt to project the licence throws; the queue retries with back-off until
 * QUEUE_MAX_DELIVERIES, the processor records the delivery as failed and the message is
 * dead-lettered. Repairing the document is the operator's fix; the replay then reads the
 * archived request (not the dead letter) and the state converges.
 */

const providerData = () => documentStore().container("provider-data");
const schoolData = () => documentStore().container("school-data");

let provider: LicensingProvider;
let operator: TestCaller;
let queue: MessageQueue;

beforeAll(async () => {
  provider = await licensingProvider(1);
  operator = await callerWith("operator");
  queue = createMessageQueue(appSettings(), () => undefined);
});

afterAll(async () => {
  await queue?.close();
});

const readDelivery = (webhookId: string) => providerData().read<WebhookDelivery>(deliveryDocumentId(webhookId), provider.providerId);

/** The ids of this delivery's messages in the dead-letter queue, which are left there as they were. */
async function deadLettersOf(webhookId: string): Promise<string[]> {
  const seen = [];
  for (;;) {
    const batch = await queue.receiveDeadLettered("licence-events", { maxMessages: 32, lockSeconds: 10 });
    if (batch.length === 0) break;
    seen.push(...batch);
  }
  await Promise.all(seen.map((message) => message.abandon(0)));
  return seen.filter((message) => (message.body as { webhookId?: string }).webhookId === webhookId).map((message) => message.id);
}

const replay = (webhookId: string, caller: TestCaller = operator) =>
  api(`operator/webhook-deliveries/${provider.providerId}/${webhookId}/replay`, { method: "POST", headers: caller.headers("POST") });

function schoolLicence(instellingsnummer: string, toolId: string) {
  return {
    type: "licence.granted",
    timestamp: new Date().toISOString(),
    data: { licenceId: `L-${randomUUID()}`, instellingsnummer, scope: { level: "school" }, toolIds: [toolId], validFrom: "2025-09-01", validUntil: "2031-08-31" },
  };
}

describe("operator replay of a failed licence delivery", () => {
  it("reprocesses it from the archived request once the cause is fixed, takes its dead letter away, and a second replay changes nothing", async () => {
    const toolId = provider.toolIds[0]!;
    const instellingsnummer = freshInstellingsnummer().padStart(6, "0");
    const schoolId = `school-${instellingsnummer}`;
    const entitlementId = entitlementDocumentId(toolId);
    await schoolData().upsert({ id: entitlementId, schoolId, type: "entitlement", toolId, grants: "damaged", updatedAt: new Date().toISOString() });

    const event = schoolLicence(instellingsnummer, toolId);
    const webhookId = `msg_${randomUUID()}`;
    expect((await sendWebhook(provider.providerId, event, { secret: provider.secret, webhookId })).status).toBe(204);
    const failed = await eventually(
      () => readDelivery(webhookId),
      (delivery) => delivery?.status === "failed",
      90_000,
    );
    expect(failed).toMatchObject({ attempts: appSettings().QUEUE_MAX_DELIVERIES, reason: expect.stringMatching(/^processing failed \d+ times: /) });
    const deadLetters = await eventually(
      () => deadLettersOf(webhookId),
      (ids) => ids.length === 1,
    );
    expect(deadLetters).toEqual([`${provider.providerId}.${webhookId}`]);

    // Only operators replay; a refused replay changes nothing.
    for (const caller of [await callerWith("provider", undefined, { providerId: provider.providerId }), await callerWith("schoolAdmin", schoolId)]) {
      expect((await replay(webhookId, caller)).status).toBe(403);
    }
    expect(await readDelivery(webhookId)).toMatchObject({ status: "failed", processedAt: failed!.processedAt });

    // The operator's fix, then the replay.
    await schoolData().delete(entitlementId, schoolId);
    const replayed = await replay(webhookId);
    expect(replayed.status).toBe(202);
    expect(replayed.json).toMatchObject({ providerId: provider.providerId, webhookId, status: "received", licenceId: event.data.licenceId });
    expect(replayed.json.reason).toBeUndefined();
    expect(await deadLettersOf(webhookId)).toEqual([]);

    const processed = await eventually(
      () => readDelivery(webhookId),
      (delivery) => delivery?.status === "processed",
    );
    expect(processed).toMatchObject({ attempts: 1 });
    expect(processed!.reason).toBeUndefined();
    const entitlement = await schoolData().read<ToolEntitlement>(entitlementId, schoolId);
    expect(entitlement?.grants).toEqual([
      { providerId: provider.providerId, licenceId: event.data.licenceId, scope: { level: "school" }, validFrom: "2025-09-01", validUntil: "2031-08-31" },
    ]);
    expect(await providerData().read(licenceDocumentId(event.data.licenceId), provider.providerId)).toMatchObject({ status: "active", schoolId, projectedTools: [toolId] });

    // Replaying what was processed is refused and changes nothing.
    const again = await replay(webhookId);
    expect([again.status, again.json.type]).toEqual([409, "urn:leerspoor:problem:already-processed"]);
    expect(await readDelivery(webhookId)).toMatchObject({ status: "processed", processedAt: processed!.processedAt, attempts: 1 });
    expect((await schoolData().read<ToolEntitlement>(entitlementId, schoolId))?._etag).toBe(entitlement!._etag);
    expect(await deadLettersOf(webhookId)).toEqual([]);
  }, 150_000);

  it("refuses to replay a delivery whose archived request is gone, and leaves it failed with its dead letter", async () => {
    const toolId = provider.toolIds[0]!;
    const first = schoolLicence(freshInstellingsnummer(), toolId);
    expect((await sendWebhook(provider.providerId, { ...first, data: { ...first.data, version: 1 } }, { secret: provider.secret })).status).toBe(204);
    await eventually(
      () => providerData().read(licenceDocumentId(first.data.licenceId), provider.providerId),
      (stored) => stored !== undefined,
    );
    // The same licence at another school fails at once: a licence stays at its first school.
    const webhookId = `msg_${randomUUID()}`;
    const moved = { ...first, data: { ...first.data, version: 2, instellingsnummer: freshInstellingsnummer() } };
    expect((await sendWebhook(provider.providerId, moved, { secret: provider.secret, webhookId })).status).toBe(204);
    const failed = await eventually(
      () => readDelivery(webhookId),
      (delivery) => delivery?.status === "failed",
    );
    await eventually(
      () => deadLettersOf(webhookId),
      (ids) => ids.length === 1,
    );

    await blobStore().delete("webhooks-raw", failed!.blobName);
    const refused = await replay(webhookId);
    expect([refused.status, refused.json.type]).toEqual([409, "urn:leerspoor:problem:archive-missing"]);
    expect(await readDelivery(webhookId)).toMatchObject({ status: "failed", processedAt: failed!.processedAt, reason: failed!.reason });
    expect(await deadLettersOf(webhookId)).toHaveLength(1);
  }, 60_000);

  it("answers 404 for a delivery it does not know", async () => {
    const unknown = await replay(`msg_${randomUUID()}`);
    expect(unknown.status).toBe(404);
  });
});
