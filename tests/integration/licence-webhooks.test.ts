import { randomUUID } from "node:crypto";
import { blobStore, documentStore } from "../../shared/adapters/index.js";
import {
  deliveryDocumentId,
  entitlementDocumentId,
  installWebhookSecret,
  licenceDocumentId,
  processLicenceEvent,
  type EntitlementGrant,
  type LicenceChangeEvent,
  type LicenceState,
  type ToolEntitlement,
  type WebhookDelivery,
} from "../../shared/licences/index.js";
import { createLogger } from "../../shared/runtime/index.js";
import { api } from "../support/catalogue.js";
import {
  allSettled,
  deliveriesOf,
  entitlementsOf,
  eventually,
  licencesOf,
  licensingProvider,
  sendWebhook,
  signature,
  unixNow,
  type LicensingProvider,
} from "../support/licences.js";
import { callerWith, freshInstellingsnummer } from "../support/sessions.js";

const schoolData = () => documentStore().container("school-data");
const providerData = () => documentStore().container("provider-data");

const licence = (provider: LicensingProvider, overrides: Partial<LicenceState> = {}): LicenceState => ({
  licenceId: `L-${randomUUID()}`,
  instellingsnummer: freshInstellingsnummer(),
  scope: { level: "school" },
  toolIds: [provider.toolIds[0]!],
  validFrom: "2026-09-01",
  validUntil: "2027-08-31",
  ...overrides,
});

const granted = (data: LicenceState, timestamp = new Date().toISOString()): LicenceChangeEvent => ({ type: "licence.granted", timestamp, data });

const readEntitlement = (instellingsnummer: string, toolId: string) =>
  schoolData().read<ToolEntitlement>(entitlementDocumentId(toolId), `school-${instellingsnummer.padStart(6, "0")}`);

const grantsOn = async (instellingsnummer: string, toolId: string): Promise<EntitlementGrant[]> => (await readEntitlement(instellingsnummer, toolId))?.grants ?? [];

const nothingStoredFor = async (provider: LicensingProvider, webhookId: string, state: LicenceState) => {
  expect(await providerData().read(deliveryDocumentId(webhookId), provider.providerId)).toBeUndefined();
  expect(await providerData().read(licenceDocumentId(state.licenceId), provider.providerId)).toBeUndefined();
};

let provider: LicensingProvider;
beforeAll(async () => {
  provider = await licensingProvider(3);
});

describe("licence webhooks (Standard Webhooks)", () => {
  it("applies a validly signed grant: the school's entitlement to the tool appears, the request is archived and the delivery is logged", async () => {
    const state = licence(provider, { seats: 25 });
    const webhookId = `msg_${randomUUID()}`;
    expect((await sendWebhook(provider.providerId, granted(state), { secret: provider.secret, webhookId })).status).toBe(204);

    const grants = await eventually(() => grantsOn(state.instellingsnummer, provider.toolIds[0]!), (found) => found.length > 0);
    expect(grants).toEqual([
      { providerId: provider.providerId, licenceId: state.licenceId, scope: { level: "school" }, seats: 25, validFrom: "2026-09-01", validUntil: "2027-08-31" },
    ]);
    const archived = await blobStore().list("webhooks-raw", `${provider.providerId}/`);
    expect(archived.some((name) => name.includes(`/${webhookId}/`))).toBe(true);
    const log = await eventually(() => api("provider/webhook-deliveries", { headers: provider.keyHeaders() }), (page) => page.json.deliveries?.[0]?.status === "processed");
    expect(log.json.deliveries[0]).toMatchObject({ webhookId, eventType: "licence.granted", licenceId: state.licenceId, status: "processed", attempts: 1 });
  });

  it("refuses a wrong secret, an old timestamp, an altered body and missing headers with 401, changing nothing", async () => {
    const state = licence(provider);
    const body = JSON.stringify(granted(state));
    const wrongSecret = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
    const cases = [
      { secret: wrongSecret },
      { secret: provider.secret, timestamp: unixNow() - 6 * 60 },
      { secret: provider.secret, timestamp: unixNow() + 6 * 60 },
      { secret: provider.secret, signedBody: body.replace('"school"', '"class"') },
      { secret: provider.secret, signatureHeader: "" },
    ];
    for (const options of cases) {
      const webhookId = `msg_${randomUUID()}`;
      const refused = await sendWebhook(provider.providerId, body, { ...options, webhookId });
      expect([options, refused.status, refused.json?.type]).toEqual([options, 401, "urn:leerspoor:problem:webhook-signature"]);
      await nothingStoredFor(provider, webhookId, state);
      // Refused requests are archived too, for support.
      expect((await blobStore().list("webhooks-raw", `${provider.providerId}/`)).some((name) => name.includes(`/${webhookId}/`))).toBe(true);
    }
    // Within the tolerance the same body is accepted: the refusals above were for the signature alone.
    const accepted = await sendWebhook(provider.providerId, body, { secret: provider.secret, timestamp: unixNow() - 4 * 60 });
    expect(accepted.status).toBe(204);
  });

  it("refuses a webhook for another provider's id signed with this provider's secret", async () => {
    const other = await licensingProvider(1);
    const state = licence(other, { toolIds: [other.toolIds[0]!] });
    expect((await sendWebhook(other.providerId, granted(state), { secret: provider.secret })).status).toBe(401);
  });

  it("answers a bad body with 400 naming the field, and tools of another provider with 400 naming the list entry, changing nothing", async () => {
    const other = await licensingProvider(1);
    const state = licence(provider);
    const cases: [unknown, string][] = [
      [{ ...granted(state), data: { ...state, scope: { level: "district" } } }, "body.data.scope.level"],
      [{ ...granted(state), data: { ...state, instellingsnummer: "1234567" } }, "body.data.instellingsnummer"],
      [{ ...granted(state), data: { ...state, validUntil: "2026-01-01" } }, "body.data.validUntil"],
      [{ ...granted(state), data: { ...state, toolIds: [provider.toolIds[0], other.toolIds[0]] } }, "body.data.toolIds.1"],
      ["{not json", "body"],
    ];
    for (const [body, field] of cases) {
      const webhookId = `msg_${randomUUID()}`;
      const refused = await sendWebhook(provider.providerId, body, { secret: provider.secret, webhookId });
      expect([field, refused.status]).toEqual([field, 400]);
      expect(refused.json.errors.map((error: { field: string }) => error.field)).toContain(field);
      await nothingStoredFor(provider, webhookId, state);
    }
  });

  it("refuses a body over 64 KiB with 413, changing nothing", async () => {
    const state = licence(provider);
    const webhookId = `msg_${randomUUID()}`;
    const padded = JSON.stringify({ ...granted(state), padding: "x".repeat(64 * 1024) });
    const refused = await sendWebhook(provider.providerId, padded, { secret: provider.secret, webhookId });
    expect(refused.status).toBe(413);
    await nothingStoredFor(provider, webhookId, state);
  });

  it("applies a replayed webhook id once, and a late duplicate of an older event changes nothing", async () => {
    const state = licence(provider, { version: 1 });
    const first = `msg_${randomUUID()}`;
    const body = JSON.stringify(granted(state));
    expect((await sendWebhook(provider.providerId, body, { secret: provider.secret, webhookId: first })).status).toBe(204);
    expect((await sendWebhook(provider.providerId, body, { secret: provider.secret, webhookId: first })).status).toBe(204);
    const newer = { ...state, version: 2, seats: 10 };
    expect((await sendWebhook(provider.providerId, { type: "licence.updated", timestamp: new Date().toISOString(), data: newer }, { secret: provider.secret })).status).toBe(204);
    await eventually(() => grantsOn(state.instellingsnummer, provider.toolIds[0]!), (grants) => grants[0]?.seats === 10);
    // The queue keeps no order: the newer event may be applied before the first one is settled.
    const before = await eventually(() => providerData().read<WebhookDelivery>(deliveryDocumentId(first), provider.providerId), (delivery) => delivery?.status !== "received");
    expect(before).toMatchObject({ status: "processed", attempts: 1 });

    expect((await sendWebhook(provider.providerId, body, { secret: provider.secret, webhookId: first })).status).toBe(204);
    // A later webhook is processed after the duplicate would have been; the duplicate left no trace.
    const marker = licence(provider);
    await sendWebhook(provider.providerId, granted(marker), { secret: provider.secret });
    await eventually(() => grantsOn(marker.instellingsnummer, provider.toolIds[0]!), (grants) => grants.length === 1);
    const after = await providerData().read<WebhookDelivery>(deliveryDocumentId(first), provider.providerId);
    expect(after?._etag).toBe(before?._etag);
    expect((await grantsOn(state.instellingsnummer, provider.toolIds[0]!))[0]?.seats).toBe(10);
    expect((await deliveriesOf(provider.providerId)).filter((delivery) => delivery.webhookId === first)).toHaveLength(1);
  });

  it("accepts both the previous and the new secret after a rotation, and only the new one after the next", async () => {
    const rotating = await licensingProvider(1);
    const send = (secret: string) => sendWebhook(rotating.providerId, granted(licence(rotating)), { secret });
    const rotated = await api("provider/webhook-secrets", { method: "POST", headers: rotating.user.headers("POST") });
    expect(rotated.status).toBe(201);
    expect(rotated.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await api("provider/webhook-secrets", { headers: rotating.keyHeaders() });
    expect(listed.json.secrets.map((secret: { status: string }) => secret.status)).toEqual(["current", "previous"]);
    expect(JSON.stringify(listed.json)).not.toContain("whsec_");
    const validHours = (Date.parse(listed.json.secrets[1].expiresAt) - Date.now()) / 3_600_000;
    expect(validHours).toBeGreaterThan(23.9);
    expect(validHours).toBeLessThanOrEqual(24);

    expect((await send(rotating.secret)).status).toBe(204);
    expect((await send(rotated.json.secret)).status).toBe(204);
    const again = await api("provider/webhook-secrets", { method: "POST", headers: rotating.keyHeaders() });
    expect((await send(rotating.secret)).status).toBe(401);
    expect((await send(rotated.json.secret)).status).toBe(204);
    expect((await send(again.json.secret)).status).toBe(204);
  });

  it("installs a known secret for the demo seed once: installing it again keeps the previous secret as it was", async () => {
    const seeded = await licensingProvider(1);
    const known = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
    await installWebhookSecret(seeded.providerId, known);
    await installWebhookSecret(seeded.providerId, known);
    expect((await sendWebhook(seeded.providerId, granted(licence(seeded)), { secret: known })).status).toBe(204);
    expect((await sendWebhook(seeded.providerId, granted(licence(seeded)), { secret: seeded.secret })).status).toBe(204);
    expect((await api("provider/webhook-secrets", { headers: seeded.keyHeaders() })).json.secrets).toHaveLength(2);
    await expect(installWebhookSecret(seeded.providerId, "whsec_short")).rejects.toThrow();
  });

  it("ends 1,000 events for 100 schools, shuffled and with duplicates, in the state of applying them once in order", async () => {
    const bulk = await licensingProvider(3);
    const [a, b, c] = bulk.toolIds as [string, string, string];
    const bundles = [[a], [a, b], [b, c], [c], [a, b, c]];
    const schools = Array.from({ length: 100 }, (_, index) => String(700000 + index));
    type Sent = { webhookId: string; event: LicenceChangeEvent };
    const events: Sent[] = [];
    let counter = 0;
    for (const [schoolIndex, instellingsnummer] of schools.entries()) {
      for (const licenceIndex of [0, 1]) {
        const licenceId = `bulk-${bulk.providerId.slice(0, 8)}-${schoolIndex}-${licenceIndex}`;
        for (let version = 1; version <= 5; version++) {
          counter++;
          const timestamp = new Date(Date.UTC(2026, 10, 1, 8, version, counter % 60)).toISOString();
          const revoke = (schoolIndex + licenceIndex + version) % 7 === 0;
          const event: LicenceChangeEvent = revoke
            ? { type: "licence.revoked", timestamp, data: { licenceId, version } }
            : {
                type: version === 1 ? "licence.granted" : version % 2 === 0 ? "licence.updated" : "licence.renewed",
                timestamp,
                data: {
                  licenceId,
                  version,
                  instellingsnummer,
                  scope: licenceIndex === 0 ? { level: "school" } : { level: "class", class: { sourcedId: `klas-${version}` } },
                  toolIds: bundles[(schoolIndex + version) % bundles.length]!,
                  ...(version % 2 === 0 ? { seats: 10 * version } : {}),
                  validFrom: "2026-09-01",
                  validUntil: `2027-0${version}-28`,
                },
              };
          events.push({ webhookId: `msg_bulk_${licenceId}_${version}`, event });
        }
      }
    }
    expect(events).toHaveLength(1000);
    // Shuffled (seeded), with 150 duplicates of random events.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const deliveries = [...events, ...Array.from({ length: 150 }, () => events[Math.floor(random() * events.length)]!)]
      .map((sent) => ({ sent, key: random() }))
      .sort((x, y) => x.key - y.key)
      .map(({ sent }) => sent);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < deliveries.length) {
          const { webhookId, event } = deliveries[next++]!;
          const sent = await sendWebhook(bulk.providerId, event, { secret: bulk.secret, webhookId });
          expect([webhookId, sent.status]).toEqual([webhookId, 204]);
        }
      }),
    );
    await allSettled(bulk.providerId, 1000);

    // Reference: per licence, the events sorted by version and applied once.
    const expectedLicences = new Map<string, { status: string; state?: LicenceState; version: number }>();
    const byLicence = new Map<string, Sent[]>();
    for (const sent of events) byLicence.set(sent.event.data.licenceId, [...(byLicence.get(sent.event.data.licenceId) ?? []), sent]);
    for (const [licenceId, sent] of byLicence) {
      const ordered = sent.map((s) => s.event).sort((x, y) => x.data.version! - y.data.version!);
      const last = ordered.at(-1)!;
      const lastState = ordered.filter((event) => event.type !== "licence.revoked").at(-1) as Exclude<LicenceChangeEvent, { type: "licence.revoked" }> | undefined;
      expectedLicences.set(licenceId, {
        status: last.type === "licence.revoked" ? "revoked" : "active",
        ...(lastState ? { state: { ...lastState.data, toolIds: [...lastState.data.toolIds].sort() } } : {}),
        version: last.data.version!,
      });
    }
    const stored = await licencesOf(bulk.providerId);
    const revokedBeforeAnyState = [...expectedLicences].filter(([, expected]) => !expected.state).map(([licenceId]) => licenceId);
    expect(new Map(stored.map((l) => [l.licenceId, { status: l.status, state: l.state, version: l.order.version! }]))).toEqual(
      new Map([...expectedLicences].filter(([licenceId]) => !revokedBeforeAnyState.includes(licenceId))),
    );
    const expectedGrants = new Map<string, EntitlementGrant[]>();
    for (const [licenceId, expected] of expectedLicences) {
      if (expected.status !== "active") continue;
      const state = expected.state!;
      for (const toolId of state.toolIds) {
        const key = `school-${state.instellingsnummer}/${toolId}`;
        const grant: EntitlementGrant = {
          providerId: bulk.providerId,
          licenceId,
          scope: state.scope.level === "school" ? { level: "school" } : { level: "class" },
          ...(state.seats ? { seats: state.seats } : {}),
          validFrom: state.validFrom,
          validUntil: state.validUntil,
        };
        expectedGrants.set(key, [...(expectedGrants.get(key) ?? []), grant].sort((x, y) => x.licenceId.localeCompare(y.licenceId)));
      }
    }
    const projected = (await entitlementsOf(bulk.toolIds)).filter((entitlement) => entitlement.grants.length > 0);
    expect(new Map(projected.map((entitlement) => [`${entitlement.schoolId}/${entitlement.toolId}`, entitlement.grants]))).toEqual(expectedGrants);
    const settled = await deliveriesOf(bulk.providerId);
    expect(settled.filter((delivery) => delivery.status === "processed")).toHaveLength(1000);
  }, 300_000);
});

describe("licence processing", () => {
  const silent = createLogger("silent");

  /** A delivery as the intake records it, for driving the processor directly. */
  async function received(state: LicenceState, version: number): Promise<{ webhookId: string; event: LicenceChangeEvent }> {
    const webhookId = `msg_${randomUUID()}`;
    const event: LicenceChangeEvent = { type: "licence.updated", timestamp: new Date().toISOString(), data: { ...state, version } };
    const delivery: WebhookDelivery = {
      id: deliveryDocumentId(webhookId),
      providerId: provider.providerId,
      type: "webhook-delivery",
      webhookId,
      eventType: event.type,
      licenceId: state.licenceId,
      blobName: `${provider.providerId}/test/${webhookId}`,
      status: "received",
      receivedAt: new Date().toISOString(),
      attempts: 0,
    };
    await providerData().create(delivery);
    return { webhookId, event };
  }

  it("loses nothing when it crashes between storing the licence and projecting it: the redelivery finishes the projection", async () => {
    const [a, b] = provider.toolIds as [string, string];
    const state = licence(provider, { toolIds: [a, b] });
    const first = await received(state, 1);
    await processLicenceEvent({ providerId: provider.providerId, ...first }, { messageId: first.webhookId, deliveryCount: 1 }, silent);
    expect((await grantsOn(state.instellingsnummer, b)).map((grant) => grant.licenceId)).toEqual([state.licenceId]);

    // Version 2 drops tool b and adds seats; the processor dies right after storing it.
    const second = await received({ ...state, toolIds: [a], seats: 3 }, 2);
    const crash = async () => {
      throw new Error("process killed");
    };
    await expect(
      processLicenceEvent({ providerId: provider.providerId, ...second }, { messageId: second.webhookId, deliveryCount: 1 }, silent, { afterStore: crash }),
    ).rejects.toThrow("process killed");
    const stored = await providerData().read<{ order: { version: number }; projectedTools: string[] }>(licenceDocumentId(state.licenceId), provider.providerId);
    expect(stored).toMatchObject({ order: { version: 2 }, projectedTools: [a, b].sort() });
    expect((await grantsOn(state.instellingsnummer, b)).map((grant) => grant.licenceId)).toEqual([state.licenceId]);
    expect(await providerData().read(deliveryDocumentId(second.webhookId), provider.providerId)).toMatchObject({ status: "received" });

    await processLicenceEvent({ providerId: provider.providerId, ...second }, { messageId: second.webhookId, deliveryCount: 2 }, silent);
    expect(await grantsOn(state.instellingsnummer, b)).toEqual([]);
    expect((await grantsOn(state.instellingsnummer, a)).map((grant) => grant.seats)).toEqual([3]);
    expect(await providerData().read(licenceDocumentId(state.licenceId), provider.providerId)).toMatchObject({ projectedTools: [a] });
    expect(await providerData().read(deliveryDocumentId(second.webhookId), provider.providerId)).toMatchObject({ status: "processed", attempts: 2 });
  });

  it("resolves a class named by its roster sourcedId or by the LTI context id the tool received; an unknown one keeps the grant without a group", async () => {
    const [a] = provider.toolIds as [string];
    const admin = await callerWith("schoolAdmin");
    const instellingsnummer = admin.schoolId!.replace("school-", "");
    const group = await api("school/groups", { method: "POST", headers: admin.headers("POST"), body: { groupType: "class", name: "5B", sourcedId: `klas-${randomUUID()}` } });
    expect(group.status).toBe(201);
    const { Pseudonyms } = await import("../../shared/lti/index.js");
    const contextId = new Pseudonyms(process.env.LTI_PSEUDONYM_KEY!).contextIdOf(group.json.id, a);
    const refs = [{ sourcedId: group.json.sourcedId }, { ltiId: contextId }, { sourcedId: "not-in-roster" }];
    const licenceIds: string[] = [];
    for (const ref of refs) {
      const state = licence(provider, { instellingsnummer, scope: { level: "class", class: ref } });
      licenceIds.push(state.licenceId);
      expect((await sendWebhook(provider.providerId, granted(state), { secret: provider.secret })).status).toBe(204);
    }
    const grants = await eventually(() => grantsOn(instellingsnummer, a), (found) => found.length === 3);
    const scopeOf = (licenceId: string) => grants.find((grant) => grant.licenceId === licenceId)!.scope;
    const groupId = group.json.id;
    expect(licenceIds.map(scopeOf)).toEqual([{ level: "class", groupId }, { level: "class", groupId }, { level: "class" }]);
  });

  it("fails an event that moves a licence to another school with the reason, for the provider's log and the operator, who can replay it", async () => {
    const state = licence(provider);
    await sendWebhook(provider.providerId, granted({ ...state, version: 1 }), { secret: provider.secret });
    await eventually(() => grantsOn(state.instellingsnummer, provider.toolIds[0]!), (grants) => grants.length === 1);
    const webhookId = `msg_${randomUUID()}`;
    const moved = { ...state, version: 2, instellingsnummer: freshInstellingsnummer() };
    expect((await sendWebhook(provider.providerId, granted(moved), { secret: provider.secret, webhookId })).status).toBe(204);
    const failed = await eventually(
      () => providerData().read<WebhookDelivery>(deliveryDocumentId(webhookId), provider.providerId),
      (delivery) => delivery?.status === "failed",
    );
    expect(failed?.reason).toMatch(/belongs to school-/);

    const operator = await callerWith("operator");
    const listed = await api("operator/webhook-deliveries?limit=200", { headers: operator.headers() });
    expect(listed.status).toBe(200);
    expect(listed.json.deliveries.find((delivery: { webhookId: string }) => delivery.webhookId === webhookId)).toMatchObject({ providerId: provider.providerId, status: "failed" });
    const own = await api("provider/webhook-deliveries?status=failed", { headers: provider.keyHeaders() });
    expect(own.json.deliveries.map((delivery: { webhookId: string }) => delivery.webhookId)).toContain(webhookId);

    const replayed = await api(`operator/webhook-deliveries/${provider.providerId}/${webhookId}/replay`, { method: "POST", headers: operator.headers("POST") });
    expect(replayed.status).toBe(202);
    expect(replayed.json).toMatchObject({ webhookId, status: "received" });
    await eventually(
      () => providerData().read<WebhookDelivery>(deliveryDocumentId(webhookId), provider.providerId),
      (delivery) => delivery?.status === "failed" && delivery.processedAt !== failed?.processedAt,
    );
    // The licence stayed where it was.
    expect(await grantsOn(state.instellingsnummer, provider.toolIds[0]!)).toHaveLength(1);
    expect(await grantsOn(moved.instellingsnummer, provider.toolIds[0]!)).toEqual([]);
    const unknown = await api(`operator/webhook-deliveries/${provider.providerId}/msg_unknown/replay`, { method: "POST", headers: operator.headers("POST") });
    expect(unknown.status).toBe(404);
  });

  it("pages the provider's delivery log newest first", async () => {
    const pager = await licensingProvider(1);
    for (let index = 0; index < 3; index++) await sendWebhook(pager.providerId, granted(licence(pager)), { secret: pager.secret, webhookId: `msg_page_${index}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api(`provider/webhook-deliveries?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { headers: pager.keyHeaders() });
      expect(page.status).toBe(200);
      seen.push(...page.json.deliveries.map((delivery: { webhookId: string }) => delivery.webhookId));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["msg_page_2", "msg_page_1", "msg_page_0"]);
    expect((await api("provider/webhook-deliveries?cursor=%25%25", { headers: pager.keyHeaders() })).status).toBe(400);
  });
});

describe("what providers can validate against", () => {
  it("publishes the event as JSON Schema and the webhook in the provider API's OpenAPI document", async () => {
    const schema = await fetch(`${process.env.LEERSPOOR_TEST_BASE_URL}/api/webhooks/licences/schema.json`);
    expect(schema.status).toBe(200);
    const json = (await schema.json()) as { $schema: string; oneOf?: unknown[]; anyOf?: unknown[] };
    expect(json.$schema).toMatch(/2020-12/);
    expect(JSON.stringify(json)).toContain("licence.revoked");
    expect(JSON.stringify(json)).toContain("licence.test");
    const document = (await api("openapi.json")).json;
    expect(document.webhooks["licence-event"].post.description).toContain("`licence.test`");
    expect(Object.keys(document.webhooks)).toEqual(["licence-event"]);
    expect(document.webhooks["licence-event"].post.parameters.map((p: { name: string }) => p.name)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/provider/licences", "/provider/licences/schools/{instellingsnummer}", "/provider/webhook-secrets", "/provider/webhook-deliveries"]));
  });

  it("signs exactly as the specification's example", () => {
    // Standard Webhooks specification, "Signature scheme" example.
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = '{"test": 2432232314}';
    expect(signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });
});
