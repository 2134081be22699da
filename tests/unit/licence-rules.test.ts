import fc from "fast-check";
import {
  applyFact,
  compareLicenceOrder,
  factOfEvent,
  LicenceChangeEvent,
  normalisedState,
  type LicenceFact,
  type LicenceRecord,
  type LicenceState,
} from "../../shared/licences/index.js";

const now = new Date("2026-11-25T10:00:00Z");

const state = (overrides: Partial<LicenceState> = {}): LicenceState => ({
  licenceId: "L1",
  instellingsnummer: "012345",
  scope: { level: "school" },
  toolIds: ["tool-a"],
  validFrom: "2026-09-01",
  validUntil: "2027-08-31",
  ...overrides,
});

const fold = (facts: LicenceFact[]): LicenceRecord | undefined =>
  facts.reduce<LicenceRecord | undefined>((current, fact) => applyFact("p1", current, fact, now).next ?? current, undefined);

/** What a record says, without bookkeeping that depends on the path taken (write times, tools projected before). */
const essence = (record: LicenceRecord | undefined) =>
  record === undefined ? undefined : record.type === "licence" ? { type: record.type, status: record.status, state: record.state, order: record.order, stateOrder: record.stateOrder } : { type: record.type, order: record.order };

describe("the order of two facts about a licence", () => {
  it("lets the provider's version decide when both carry one, whatever their times", () => {
    expect(compareLicenceOrder({ version: 2, timestamp: "2026-01-01T00:00:00Z", webhookId: "a" }, { version: 1, timestamp: "2026-06-01T00:00:00Z", webhookId: "b" })).toBeGreaterThan(0);
  });

  it("ranks a versioned fact above an unversioned one, so that three mixed facts cannot beat each other in a circle", () => {
    const versioned = { version: 9, timestamp: "2026-01-01T00:00:00Z", webhookId: "a" };
    const later = { timestamp: "2026-01-02T00:00:00Z", webhookId: "b" };
    const higher = { version: 10, timestamp: "2025-12-01T00:00:00Z", webhookId: "c" };
    expect(compareLicenceOrder(versioned, later)).toBeGreaterThan(0);
    expect(compareLicenceOrder(higher, versioned)).toBeGreaterThan(0);
    expect(compareLicenceOrder(higher, later)).toBeGreaterThan(0);
  });

  it("falls back to the event time when neither has a version, then to the webhook id", () => {
    expect(compareLicenceOrder({ timestamp: "2026-01-01T00:00:00+01:00", webhookId: "b" }, { timestamp: "2025-12-31T23:00:00Z", webhookId: "a" })).toBeGreaterThan(0);
  });
});

describe("applying facts", () => {
  const grant = (version: number, overrides: Partial<LicenceState> = {}, webhookId = `w${version}`): LicenceFact => ({
    kind: "state",
    state: state({ version, ...overrides }),
    order: { version, timestamp: "2026-11-01T00:00:00Z", webhookId },
    source: "event",
  });
  const revoke = (version: number): LicenceFact => ({ kind: "revoked", licenceId: "L1", order: { version, timestamp: "2026-11-01T00:00:00Z", webhookId: `r${version}` }, source: "event" });

  it("ignores an older fact as superseded and the same fact again as current", () => {
    const stored = fold([grant(2)]);
    expect(applyFact("p1", stored, grant(1), now)).toEqual({ outcome: "superseded" });
    expect(applyFact("p1", stored, grant(2), now)).toEqual({ outcome: "current" });
  });

  it("keeps a revocation that arrives before its grant, so the late grant stays revoked", () => {
    const early = fold([revoke(3)]);
    expect(early).toMatchObject({ type: "licence-revocation", licenceId: "L1" });
    expect(applyFact("p1", early, grant(2), now).outcome).toBe("superseded");
    expect(fold([revoke(3), grant(4)])).toMatchObject({ type: "licence", status: "active" });
  });

  it("keeps every tool it ever listed in projectedTools until the projection narrows it", () => {
    const record = fold([grant(1, { toolIds: ["tool-a", "tool-b"] }), grant(2, { toolIds: ["tool-c"] })]);
    expect(record).toMatchObject({ projectedTools: ["tool-a", "tool-b", "tool-c"], state: { toolIds: ["tool-c"] } });
  });

  it("refuses a state that moves the licence to another school", () => {
    expect(() => fold([grant(1), grant(2, { instellingsnummer: "54321" })])).toThrow(/belongs to school-012345/);
  });

  it("treats a bundle's tools as a set", () => {
    expect(normalisedState(state({ toolIds: ["b", "a", "b"] })).toolIds).toEqual(["a", "b"]);
  });

  it("orders an event by its version, its own timestamp and its webhook id", () => {
    const event = LicenceChangeEvent.parse({ type: "licence.revoked", timestamp: "2026-11-02T08:00:00+01:00", data: { licenceId: "L1", version: 7 } });
    expect(factOfEvent(event, "msg_1")).toEqual({ kind: "revoked", licenceId: "L1", order: { version: 7, timestamp: "2026-11-02T08:00:00+01:00", webhookId: "msg_1" }, source: "event" });
  });

  it("ends in the state of the newest fact whatever the order and however often facts arrive", () => {
    const facts: LicenceFact[] = [
      grant(1),
      grant(2, { seats: 30 }),
      revoke(3),
      grant(4, { toolIds: ["tool-b"] }),
      { kind: "state", state: state({ seats: 5 }), order: { timestamp: "2026-11-03T00:00:00Z", webhookId: "t1" }, source: "event" },
      { kind: "revoked", licenceId: "L1", order: { timestamp: "2026-11-03T00:00:00Z", webhookId: "t2" }, source: "event" },
    ];
    // Without versions on both sides the time decides, so the facts are not totally ordered by version alone:
    // the reference applies them once, sorted by compareLicenceOrder.
    const expected = essence(fold([...facts].sort((a, b) => compareLicenceOrder(a.order, b.order))));
    fc.assert(
      fc.property(fc.array(fc.nat(facts.length - 1), { minLength: 0, maxLength: 12 }), fc.infiniteStream(fc.nat()), (extra, randoms) => {
        const withDuplicates = [...facts, ...extra.map((index) => facts[index]!)];
        const shuffled = withDuplicates
          .map((fact) => ({ fact, key: randoms.next().value as number }))
          .sort((a, b) => a.key - b.key)
          .map(({ fact }) => fact);
        expect(essence(fold(shuffled))).toEqual(expected);
      }),
    );
  });
});
