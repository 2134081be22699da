import { z } from "zod";
import { schoolIdOfInstellingsnummer } from "../schools/instellingsnummer.js";
import { compareLicenceOrder, LicenceOrder, LicenceState, type LicenceChangeEvent } from "./licence.js";
import { licenceDocumentId, type StoredLicence } from "./records.js";

/*
 * How one fact about a licence (an event, or a line of a snapshot) changes what Leerspoor
 * keeps, as pure rules. The newest fact by compareLicenceOrder wins; an older one is
 * "superseded" and changes nothing, so facts can arrive in any order and twice.
 *
 * A revocation of a licence Leerspoor never saw is kept as a LicenceRevocation (same document
 * id, no state), so that the grant it revoked, arriving late, stays revoked.
 *
 * A licence stays at the school of its first state: a state naming another instellingsnummer is
 * refused (LicenceMoved). Providers revoke it and grant a new licence id instead; following a
 * move would need the projection to clean up two schools' partitions at once.
 */

export type LicenceFact =
  | { kind: "state"; state: LicenceState; order: LicenceOrder; source: StoredLicence["source"] }
  | { kind: "revoked"; licenceId: string; order: LicenceOrder; source: StoredLicence["source"] };

/** A revocation of a licence whose state Leerspoor never held. */
export const LicenceRevocation = z.object({
  id: z.string(),
  providerId: z.string(),
  type: z.literal("licence-revocation"),
  licenceId: z.string(),
  order: LicenceOrder,
  source: z.enum(["event", "snapshot"]),
  updatedAt: z.string(),
});
export type LicenceRevocation = z.infer<typeof LicenceRevocation>;

export type LicenceRecord = StoredLicence | LicenceRevocation;

export class LicenceMoved extends Error {
  constructor(
    readonly licenceId: string,
    readonly schoolId: string,
  ) {
    super(`Licence ${licenceId} belongs to ${schoolId}; grant a new licence id for another school`);
    this.name = "LicenceMoved";
  }
}


export const licenceIdOfFact = (fact: LicenceFact): string => (fact.kind === "state" ? fact.state.licenceId : fact.licenceId);

/** The fact an event states; its order is the provider's version, then the event's own time, then the webhook id. */
export function factOfEvent(event: LicenceChangeEvent, webhookId: string): LicenceFact {
  const order = { ...(event.data.version !== undefined ? { version: event.data.version } : {}), timestamp: event.timestamp, webhookId };
  if (event.type === "licence.revoked") return { kind: "revoked", licenceId: event.data.licenceId, order, source: "event" };
  return { kind: "state", state: event.data, order, source: "event" };
}

/** Tool ids as a set (sorted, once each), so that two listings of the same bundle are equal. */
export function normalisedState(state: LicenceState): LicenceState {
  return { ...state, toolIds: [...new Set(state.toolIds)].sort() };
}

export type FactOutcome = "applied" | "superseded" | "current";

/**
 * What a fact makes of the record. "applied": it is newer, `next` is the record to store.
 * "current": the very fact already stored (a redelivery); nothing to store. "superseded": it
 * is older and changes neither status nor state in force; but a state older than a revocation
 * is still kept (`next`) when it is the newest such state, so that a revoked licence remembers
 * the same last state whatever order the facts came in.
 */
export function applyFact(providerId: string, current: LicenceRecord | undefined, fact: LicenceFact, now: Date): { outcome: FactOutcome; next?: LicenceRecord } {
  const licenceId = licenceIdOfFact(fact);
  const base = { id: licenceDocumentId(licenceId), providerId, licenceId, source: fact.source, updatedAt: now.toISOString() };
  const stored = current?.type === "licence" ? current : undefined;
  const comparison = current ? compareLicenceOrder(fact.order, current.order) : 1;
  if (comparison === 0) return { outcome: "current" };
  if (fact.kind === "revoked") {
    if (comparison < 0) return { outcome: "superseded" };
    if (!stored) return { outcome: "applied", next: { ...base, type: "licence-revocation", order: fact.order } };
    return { outcome: "applied", next: { ...stored, ...base, type: "licence", status: "revoked", order: fact.order, stateOrder: stored.stateOrder ?? stored.order } };
  }
  const state = normalisedState(fact.state);
  const schoolId = schoolIdOfInstellingsnummer(state.instellingsnummer);
  if (stored && stored.schoolId !== schoolId) throw new LicenceMoved(licenceId, stored.schoolId);
  // Written ahead of the projection: a crash after this write still knows every tool to clean up.
  const projectedTools = [...new Set([...(stored?.projectedTools ?? []), ...state.toolIds])].sort();
  if (comparison > 0) {
    return { outcome: "applied", next: { ...base, type: "licence", status: "active", state, order: fact.order, stateOrder: fact.order, schoolId, projectedTools } };
  }
  const revokedAt = current!.order;
  const keptOrder = stored?.stateOrder;
  const newerThanKept = !stored || !keptOrder || compareLicenceOrder(fact.order, keptOrder) > 0;
  if (current!.type === "licence" && current!.status === "active") return { outcome: "superseded" };
  if (!newerThanKept) return { outcome: "superseded" };
  return {
    outcome: "superseded",
    next: { ...(stored ?? {}), ...base, source: stored?.source ?? current!.source, type: "licence", status: "revoked", state, order: revokedAt, stateOrder: fact.order, schoolId, projectedTools: stored?.projectedTools ?? [] },
  };
}

/** The state fields in which two states of one licence differ (the reconciliation report). */
export function changedFields(before: LicenceState, after: LicenceState): string[] {
  const a = normalisedState(before) as Record<string, unknown>;
  const b = normalisedState(after) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => key !== "licenceId");
  return keys.filter((key) => canonicalJson(a[key]) !== canonicalJson(b[key])).sort();
}

/** JSON with object keys sorted, for comparing documents whatever order their keys came back in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : item,
  );
}
