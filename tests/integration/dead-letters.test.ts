import { randomUUID } from "node:crypto";
import { blobStore, createMessageQueue, documentStore, type MessageQueue, type OutgoingMessage } from "../../shared/adapters/index.js";
import { appSettings } from "../../shared/config/index.js";
import type { Principal } from "../../shared/identity/index.js";
import { deliveryDocumentId, entitlementDocumentId, type WebhookDelivery } from "../../shared/licences/index.js";
import { DeadLetterOverview, type DeadLetterView } from "../../shared/operations/index.js";
import { processPrivacyRequest, requestErasure, type PrivacyRequest } from "../../shared/privacy/index.js";
import { createLogger } from "../../shared/runtime/index.js";
import { createPerson, listPeople, processRosterImport, readPerson, type RosterImport } from "../../shared/schools/index.js";
import { api } from "../support/catalogue.js";
import { eventually, licensingProvider, sendWebhook } from "../support/licences.js";
import { callerWith, freshInstellingsnummer, schoolFor, type TestCaller } from "../support/sessions.js";

/*
 * The operator's dead letters of every queue (GET operator/dead-letters), their replay
 * (POST operator/dead-letters/{queue}/{messageId}/replay) and discard (DELETE
 * operator/dead-letters/{queue}/{messageId}), on the running stack: its queue pump drives the
 * real processors.
 *
 * The failure is a real one of the privacy-request processor. The seam: the test damages the
 * request's document by hand (`progress` is not an object), as a botched data repair would, so
 * every attempt to record that the erasure started throws; the queue retries with back-off until
 * QUEUE_MAX_DELIVERIES and dead-letters the message. Repairing the document is the operator's fix.
 */

const schoolData = () => documentStore().container("school-data");
const quietLog = createLogger("silent");

let operator: TestCaller;
let queue: MessageQueue;

beforeAll(async () => {
  operator = await callerWith("operator");
  queue = createMessageQueue(appSettings(), () => undefined);
});

afterAll(async () => {
  await queue?.close();
});

/** A queue that keeps what is sent, so that the test decides when the message goes out. */
function keepingQueue(): MessageQueue & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { sent, maxDeliveries: appSettings().QUEUE_MAX_DELIVERIES, send: async (_queue, messages) => void sent.push(...messages) } as MessageQueue & { sent: OutgoingMessage[] };
}

const adminPrincipal = (admin: TestCaller): Principal => ({
  sessionId: "test",
  personId: admin.personId,
  displayName: "Test",
  roles: ["schoolAdmin"],
  schoolId: admin.schoolId!,
  csrfToken: "test",
});

async function deadLetters(caller: TestCaller = operator): Promise<DeadLetterOverview> {
  const listed = await api("operator/dead-letters", { headers: caller.headers() });
  expect(listed.status).toBe(200);
  return DeadLetterOverview.parse(listed.json);
}

async function deadLetterOf(queueName: string, messageId: string): Promise<DeadLetterView | undefined> {
  return (await deadLetters()).queues.find((q) => q.queue === queueName)?.deadLetters.find((d) => d.messageId === messageId);
}

const replay = (queueName: string, messageId: string, caller: TestCaller = operator) =>
  api(`operator/dead-letters/${encodeURIComponent(queueName)}/${encodeURIComponent(messageId)}/replay`, { method: "POST", headers: caller.headers("POST") });

const processedEntriesOf = (schoolId: string, requestId: string) =>
  schoolData().query<{ id: string }>(
    {
      query: "SELECT c.id FROM c WHERE c.type = 'audit' AND c.action = 'privacy-request-process' AND c.target.requestId = @requestId",
      parameters: [{ name: "@requestId", value: requestId }],
    },
    { partitionKey: schoolId },
  );

describe("the operator's dead letters", () => {
  it("lists every queue, a dead-lettered erasure with its ids and reason and no name, replays it once fixed, and it is done once and gone", async () => {
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Wannes", familyName: "Wachtrij" });
    const keeping = keepingQueue();
    const { requestId } = await requestErasure(adminPrincipal(admin), { schoolId }, pupil.id, async () => ({ confirmName: "Wannes Wachtrij" }), { queue: keeping });
    const stored = (await schoolData().read<PrivacyRequest>(requestId, schoolId))!;
    await schoolData().replace({ ...stored, progress: "damaged" }, stored._etag);
    await queue.send("privacy-requests", keeping.sent);

    const dead = await eventually(
      () => deadLetterOf("privacy-requests", requestId),
      (found) => found !== undefined,
      90_000,
    );
    expect(dead).toMatchObject({ messageId: requestId, summary: { requestId, schoolId }, replayable: true, reason: expect.any(String) });
    expect(Date.parse(dead!.deadLetteredAt!)).not.toBeNaN();
    expect(JSON.stringify(dead)).not.toMatch(/Wannes|Wachtrij/);
    expect((await deadLetters()).queues.map((q) => q.queue)).toEqual(["analytics-events", "roster-imports", "privacy-requests", "licence-events"]);
    expect(await schoolData().read<PrivacyRequest>(requestId, schoolId)).toMatchObject({ state: "failed" });

    // Only operators see or replay dead letters; a refused replay changes nothing.
    expect((await api("operator/dead-letters", { headers: admin.headers() })).status).toBe(403);
    expect((await replay("privacy-requests", requestId, admin)).status).toBe(403);
    expect(await deadLetterOf("privacy-requests", requestId)).toBeDefined();

    // The operator's fix, then the replay.
    const failed = (await schoolData().read<PrivacyRequest>(requestId, schoolId))!;
    await schoolData().replace({ ...failed, progress: stored.progress }, failed._etag);
    const replayed = await replay("privacy-requests", requestId);
    expect(replayed.status).toBe(202);
    expect(replayed.json).toEqual({ queue: "privacy-requests", messageId: requestId, replayedAs: expect.stringMatching(new RegExp(`^${requestId}\\.replay-\\d+$`)), via: "queue" });
    expect(await deadLetterOf("privacy-requests", requestId)).toBeUndefined();

    const completed = await eventually(
      () => schoolData().read<PrivacyRequest>(requestId, schoolId),
      (request) => request?.state === "completed",
    );
    expect(await readPerson({ schoolId }, pupil.id)).toBeUndefined();
    expect(await processedEntriesOf(schoolId, requestId)).toHaveLength(1);
    const [audited] = await documentStore()
      .container("platform")
      .query<{ actorId: string; target: Record<string, string> }>(
        { query: "SELECT * FROM c WHERE c.action = 'operator-dead-letters-replay' AND c.target.messageId = @id", parameters: [{ name: "@id", value: requestId }] },
        { partitionKey: "audit" },
      );
    expect(audited).toMatchObject({ actorId: operator.personId, target: { queue: "privacy-requests", messageId: requestId } });

    // Replayed twice (the message comes again): the erasure is not done a second time.
    await processPrivacyRequest({ requestId, schoolId }, { messageId: replayed.json.replayedAs, deliveryCount: 1 }, quietLog);
    expect((await schoolData().read<PrivacyRequest>(requestId, schoolId))?._etag).toBe(completed!._etag);
    expect(await processedEntriesOf(schoolId, requestId)).toHaveLength(1);

    // What was replayed is no longer a dead letter to replay.
    const again = await replay("privacy-requests", requestId);
    expect([again.status, again.json.errors]).toEqual([404, [{ field: "params.messageId", message: expect.any(String) }]]);
  }, 150_000);

  it("replays a dead-lettered licence event through the delivery replay, from its archived request", async () => {
    const provider = await licensingProvider(1);
    const toolId = provider.toolIds[0]!;
    const instellingsnummer = freshInstellingsnummer().padStart(6, "0");
    const schoolId = `school-${instellingsnummer}`;
    // A damaged entitlement document (grants is not a list) makes every attempt to apply the licence fail.
    await schoolData().upsert({ id: entitlementDocumentId(toolId), schoolId, type: "entitlement", toolId, grants: "damaged", updatedAt: new Date().toISOString() });
    const licenceId = `L-${randomUUID()}`;
    const webhookId = `msg_${randomUUID()}`;
    const event = {
      type: "licence.granted",
      timestamp: new Date().toISOString(),
      data: { licenceId, instellingsnummer, scope: { level: "school" }, toolIds: [toolId], validFrom: "2025-09-01", validUntil: "2031-08-31" },
    };
    expect((await sendWebhook(provider.providerId, event, { secret: provider.secret, webhookId })).status).toBe(204);
    const messageId = `${provider.providerId}.${webhookId}`;
    const dead = await eventually(
      () => deadLetterOf("licence-events", messageId),
      (found) => found !== undefined,
      90_000,
    );
    expect(dead?.summary).toEqual({ providerId: provider.providerId, webhookId, eventType: "licence.granted", licenceId });

    await schoolData().delete(entitlementDocumentId(toolId), schoolId);
    const replayed = await replay("licence-events", messageId);
    expect([replayed.status, replayed.json]).toEqual([202, { queue: "licence-events", messageId, via: "licence-delivery" }]);
    expect(await deadLetterOf("licence-events", messageId)).toBeUndefined();
    const processed = await eventually(
      () => documentStore().container("provider-data").read<WebhookDelivery>(deliveryDocumentId(webhookId), provider.providerId),
      (delivery) => delivery?.status === "processed",
    );
    expect(processed).toMatchObject({ attempts: 1 });
  }, 150_000);

  it("answers 404 naming the field for an unknown queue or message id", async () => {
    const unknownQueue = await replay("no-such-queue", "m-1");
    expect([unknownQueue.status, unknownQueue.headers.get("content-type"), unknownQueue.json.errors.map((e: { field: string }) => e.field)]).toEqual([
      404,
      "application/problem+json",
      ["params.queue"],
    ]);
    const unknownId = await replay("roster-imports", `m-${randomUUID()}`);
    expect([unknownId.status, unknownId.json.errors.map((e: { field: string }) => e.field)]).toEqual([404, ["params.messageId"]]);
  });

  it("refuses to replay a roster import after a newer roster of the school was imported, and the operator discards it instead", async () => {
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    // An older import whose upload was damaged in storage: each attempt to read it fails.
    const importId = `roster-import-${randomUUID().replaceAll("-", "")}`;
    const blobName = `${schoolId}/${importId}/upload.zip`;
    await blobStore().put("roster-files", blobName, Buffer.from("no zip at all"), "application/zip");
    const createdAt = new Date(Date.now() - 60_000).toISOString();
    const older: RosterImport = {
      id: importId, schoolId, type: "roster-import", state: "queued", fileName: "roster.zip", sha256: "0".repeat(64), blobName, kind: "oneroster-bulk",
      uploadedBy: admin.personId, progress: { done: 0, total: 0 }, counts: { created: 0, updated: 0, unchanged: 0, deactivated: 0, errors: 0 },
      confirmed: false, createdAt, updatedAt: createdAt,
    };
    await schoolData().create(older);
    const messageId = `${importId}:${createdAt}`;
    await queue.send("roster-imports", [{ id: messageId, body: { importId, schoolId } }]);

    const newer = await api("school/roster-imports?fileName=klaslijst.csv", {
      method: "POST",
      headers: { ...admin.headers("POST"), "content-type": "text/csv" },
      body: new TextEncoder().encode("Voornaam;Achternaam;Klas;Rol;E-mail\nMira;Maes;2B;leerling;mira@school.test\n"),
    });
    expect(newer.status).toBe(202);
    await eventually(
      () => schoolData().read<RosterImport>(newer.json.id, schoolId),
      (record) => record?.state === "completed",
    );
    const dead = await eventually(
      () => deadLetterOf("roster-imports", messageId),
      (found) => found !== undefined,
      90_000,
    );
    expect(dead).toMatchObject({ summary: { importId, schoolId }, replayable: true });
    expect(await schoolData().read<RosterImport>(importId, schoolId)).toMatchObject({ state: "failed" });

    const people = await listPeople({ schoolId });
    const refused = await replay("roster-imports", messageId);
    expect([refused.status, refused.json.type]).toEqual([409, "urn:leerspoor:problem:superseded"]);
    expect(await deadLetterOf("roster-imports", messageId)).toBeDefined();
    expect(await listPeople({ schoolId })).toEqual(people);
    expect(await schoolData().read<RosterImport>(importId, schoolId)).toMatchObject({ state: "failed" });

    // Not to be replayed: the operator discards it. Only operators may; the import record and its file stay.
    const discard = (caller: TestCaller) => api(`operator/dead-letters/roster-imports/${encodeURIComponent(messageId)}`, { method: "DELETE", headers: caller.headers("DELETE") });
    expect((await discard(admin)).status).toBe(403);
    expect(await deadLetterOf("roster-imports", messageId)).toBeDefined();
    const discarded = await discard(operator);
    expect([discarded.status, discarded.json]).toEqual([200, { queue: "roster-imports", messageId }]);
    expect(await deadLetterOf("roster-imports", messageId)).toBeUndefined();
    expect(await queue.removeDeadLettered("roster-imports", ({ id }) => id === messageId)).toBe(0);
    expect(await schoolData().read<RosterImport>(importId, schoolId)).toMatchObject({ state: "failed", blobName });
    expect(await blobStore().get("roster-files", blobName)).toBeDefined();
    const [audited] = await documentStore()
      .container("platform")
      .query<{ actorId: string; target: Record<string, string> }>(
        { query: "SELECT * FROM c WHERE c.action = 'operator-dead-letters-discard' AND c.target.messageId = @id", parameters: [{ name: "@id", value: messageId }] },
        { partitionKey: "audit" },
      );
    expect(audited).toMatchObject({ actorId: operator.personId, target: { queue: "roster-imports", messageId } });
    expect((await discard(operator)).status).toBe(404);
  }, 150_000);

  it("does not apply a roster import again when its message is replayed after it completed", async () => {
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const list = "Voornaam;Achternaam;Klas;Rol;E-mail\nNoor;Claes;1A;leerling;noor@school.test\nLotte;Peeters;;leerkracht;lotte@school.test\n";
    const uploaded = await api("school/roster-imports?fileName=klaslijst.csv", {
      method: "POST",
      headers: { ...admin.headers("POST"), "content-type": "text/csv" },
      body: new TextEncoder().encode(list),
    });
    expect(uploaded.status).toBe(202);
    const importId = uploaded.json.id as string;
    const done = await eventually(
      () => schoolData().read<RosterImport>(importId, schoolId),
      (record) => record?.state === "completed",
    );
    const people = await listPeople({ schoolId });

    expect(await processRosterImport({ importId, schoolId }, { deactivated: async () => {} })).toBe("completed");
    expect((await schoolData().read<RosterImport>(importId, schoolId))?._etag).toBe(done!._etag);
    expect(await listPeople({ schoolId })).toEqual(people);
  }, 60_000);
});
