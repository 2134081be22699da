import { randomUUID } from "node:crypto";
import type { EntitlementGrant, LicenceEvent, LicenceState } from "../../shared/licences/index.js";
import { api } from "../support/catalogue.js";
import { allSettled, entitlementsOf, licencesOf, licensingProvider, sendWebhook, type LicensingProvider } from "../support/licences.js";
import { freshInstellingsnummer } from "../support/sessions.js";

let provider: LicensingProvider;
beforeAll(async () => {
  provider = await licensingProvider(3);
});

const stateAt = (instellingsnummer: string, toolIds: string[], overrides: Partial<LicenceState> = {}): LicenceState => ({
  licenceId: `R-${randomUUID()}`,
  version: 1,
  instellingsnummer,
  scope: { level: "school" },
  toolIds,
  validFrom: "2026-09-01",
  validUntil: "2027-08-31",
  ...overrides,
});

/** Grants each state by webhook and waits until all are processed. */
async function grantByEvents(states: LicenceState[]): Promise<void> {
  const before = (await api("provider/webhook-deliveries?limit=200", { headers: provider.keyHeaders() })).json.deliveries.length as number;
  for (const data of states) {
    const event: LicenceEvent = { type: "licence.granted", timestamp: new Date().toISOString(), data };
    expect((await sendWebhook(provider.providerId, event, { secret: provider.secret })).status).toBe(204);
  }
  await allSettled(provider.providerId, before + states.length);
}

const putSnapshot = (instellingsnummer: string, licences: LicenceState[], headers = provider.keyHeaders()) =>
  api(`provider/licences/schools/${instellingsnummer}`, { method: "PUT", headers, body: { instellingsnummer, licences } });

/** Every document the licences of this provider touch, with its ETag. */
async function etags(): Promise<Map<string, string>> {
  const licences = await licencesOf(provider.providerId);
  const entitlements = await entitlementsOf(provider.toolIds);
  return new Map([...licences.map((l) => [`licence/${l.licenceId}`, l._etag] as const), ...entitlements.map((e) => [`entitlement/${e.schoolId}/${e.toolId}`, e._etag] as const)]);
}

const grantsAt = async (instellingsnummer: string): Promise<Map<string, string[]>> => {
  const entitlements = (await entitlementsOf(provider.toolIds)).filter((e) => e.schoolId === `school-${instellingsnummer}`);
  return new Map(entitlements.filter((e) => e.grants.length > 0).map((e) => [e.toolId, e.grants.map((g: EntitlementGrant) => `${g.licenceId}:${g.seats ?? "-"}:${g.validUntil}`)]));
};

describe("licence reconciliation", () => {
  it("changes nothing for a snapshot equal to the state built from events: all unchanged, no document written", async () => {
    const school = freshInstellingsnummer();
    const [a, b, c] = provider.toolIds as [string, string, string];
    const states = [stateAt(school, [a]), stateAt(school, [b, c], { seats: 20 }), stateAt(school, [a, c], { scope: { level: "class", class: { sourcedId: "klas-3a" } } })];
    await grantByEvents(states);
    const before = await etags();

    // Tools listed in another order are the same bundle.
    const snapshot = states.map((state) => ({ ...state, toolIds: [...state.toolIds].reverse() }));
    const response = await putSnapshot(school, snapshot);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ added: [], changed: [], revoked: [], unchanged: 3, superseded: [] });
    expect(await etags()).toEqual(before);
  });

  it("converges on a differing snapshot and reports exactly the differences; the same snapshot again is all unchanged", async () => {
    const school = freshInstellingsnummer();
    const [a, b, c] = provider.toolIds as [string, string, string];
    const kept = stateAt(school, [a]);
    const changed = stateAt(school, [a, b], { seats: 20 });
    const dropped = stateAt(school, [c]);
    await grantByEvents([kept, changed, dropped]);

    const added = stateAt(school, [b], { version: 1, validUntil: "2028-08-31" });
    const changedNow = { ...changed, version: 2, seats: 25, toolIds: [a] };
    const response = await putSnapshot(school, [kept, changedNow, added]);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      added: [added.licenceId],
      changed: [{ licenceId: changed.licenceId, fields: ["seats", "toolIds", "version"] }],
      revoked: [dropped.licenceId],
      unchanged: 1,
      superseded: [],
    });
    expect(await grantsAt(school)).toEqual(
      new Map([
        [a, [kept, changedNow].sort((x, y) => x.licenceId.localeCompare(y.licenceId)).map((s) => `${s.licenceId}:${s.seats ?? "-"}:${s.validUntil}`)],
        [b, [`${added.licenceId}:-:2028-08-31`]],
      ]),
    );
    const stored = new Map((await licencesOf(provider.providerId)).map((l) => [l.licenceId, l]));
    expect(stored.get(dropped.licenceId)).toMatchObject({ status: "revoked", source: "snapshot" });
    expect(stored.get(changed.licenceId)).toMatchObject({ status: "active", source: "snapshot", state: { seats: 25, toolIds: [a] } });

    const before = await etags();
    const again = await putSnapshot(school, [kept, changedNow, added]);
    expect(again.json).toEqual({ added: [], changed: [], revoked: [], unchanged: 3, superseded: [] });
    expect(await etags()).toEqual(before);
  });

  it("replaces only the calling provider's licences at the school: another provider's stay as they are", async () => {
    const school = freshInstellingsnummer();
    const state = stateAt(school, [provider.toolIds[0]!]);
    await grantByEvents([state]);
    const before = await etags();
    const other = await licensingProvider(1);
    const response = await putSnapshot(school, [], other.keyHeaders());
    expect(response.json).toEqual({ added: [], changed: [], revoked: [], unchanged: 0, superseded: [] });
    expect(await etags()).toEqual(before);
  });

  it("keeps a licence for which an event brought a higher version than the snapshot's, and says so", async () => {
    const school = freshInstellingsnummer();
    const state = stateAt(school, [provider.toolIds[0]!], { version: 5, seats: 50 });
    await grantByEvents([state]);
    const response = await putSnapshot(school, [{ ...state, version: 4, seats: 40 }]);
    expect(response.json).toEqual({ added: [], changed: [], revoked: [], unchanged: 0, superseded: [{ licenceId: state.licenceId, reason: expect.any(String) }] });
    expect((await licencesOf(provider.providerId)).find((l) => l.licenceId === state.licenceId)?.state.seats).toBe(50);
  });

  it("refuses a snapshot naming another provider's tool, another school or a licence of another school with 400 naming the field, changing nothing", async () => {
    const school = freshInstellingsnummer();
    const other = await licensingProvider(1);
    const elsewhere = stateAt(freshInstellingsnummer(), [provider.toolIds[0]!]);
    await grantByEvents([elsewhere]);
    const before = await etags();
    const cases: [string, unknown, string][] = [
      [school, { instellingsnummer: school, licences: [stateAt(school, [provider.toolIds[0]!, other.toolIds[0]!])] }, "body.licences.0.toolIds.1"],
      [school, { instellingsnummer: school, licences: [{ ...elsewhere, instellingsnummer: school }] }, "body.licences.0.licenceId"],
      [school, { instellingsnummer: school, licences: [stateAt(freshInstellingsnummer(), [provider.toolIds[0]!])] }, "body.licences.0.instellingsnummer"],
      [school, { instellingsnummer: freshInstellingsnummer(), licences: [] }, "body.instellingsnummer"],
      [school, { instellingsnummer: school, licences: [{ ...stateAt(school, [provider.toolIds[0]!]), scope: { level: "class" } }] }, "body.licences.0.scope.class"],
    ];
    for (const [path, body, field] of cases) {
      const response = await api(`provider/licences/schools/${path}`, { method: "PUT", headers: provider.keyHeaders(), body });
      expect([field, response.status]).toEqual([field, 400]);
      expect(response.json.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect(await etags()).toEqual(before);
  });

  it("lists the licences it holds for the provider per school, paged, and for one school on request", async () => {
    const lister = await licensingProvider(1);
    const schools = [freshInstellingsnummer(), freshInstellingsnummer()];
    const states = [stateAt(schools[0]!, lister.toolIds), stateAt(schools[0]!, lister.toolIds), stateAt(schools[1]!, lister.toolIds)];
    for (const state of states) {
      const snapshot = states.filter((s) => s.instellingsnummer === state.instellingsnummer);
      expect((await putSnapshot(state.instellingsnummer, snapshot, lister.keyHeaders())).status).toBe(200);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api(`provider/licences?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { headers: lister.keyHeaders() });
      expect(page.status).toBe(200);
      for (const school of page.json.schools) for (const held of school.licences) seen.push(`${school.instellingsnummer}/${held.licence.licenceId}`);
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(states.map((s) => `${s.instellingsnummer}/${s.licenceId}`).sort());

    const one = await api(`provider/licences?instellingsnummer=${schools[1]}`, { headers: lister.keyHeaders() });
    expect(one.json).toEqual({ schools: [{ instellingsnummer: schools[1], licences: [{ licence: { ...states[2], toolIds: [...lister.toolIds].sort() }, source: "snapshot", updatedAt: expect.any(String) }] }] });
    // Another provider sees none of them.
    expect((await api(`provider/licences?instellingsnummer=${schools[1]}`, { headers: provider.keyHeaders() })).json).toEqual({ schools: [] });
    // A cursor Leerspoor did not write is refused, naming it.
    const tampered = await api(`provider/licences?cursor=${Buffer.from(states[0]!.licenceId).toString("base64url")}`, { headers: lister.keyHeaders() });
    expect([tampered.status, tampered.json.errors]).toEqual([400, [expect.objectContaining({ field: "query.cursor" })]]);
  });
});
