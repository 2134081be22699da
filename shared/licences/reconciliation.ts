import { randomUUID } from "node:crypto";
import { z } from "zod";
import { documentStore } from "../adapters/index.js";
import { cursorOf, HttpProblem, pageCursor, type FieldError } from "../runtime/index.js";
import { Instellingsnummer, schoolIdOfInstellingsnummer } from "../schools/index.js";
import { foreignToolIndexes } from "./intake.js";
import { LicenceState, type LicenceSnapshot } from "./licence.js";
import { canonicalJson, changedFields, normalisedState, type LicenceFact } from "./licence-facts.js";
import { applyLicenceFact, projectLicence } from "./projection.js";
import { licenceDocumentId, type StoredLicence } from "./records.js";
import type { HeldLicencePage } from "./views.js";

/*
 * Reconciliation for providers whose systems cannot send events reliably: they read the
 * licences Leerspoor holds for them, and put a school's full snapshot, which goes through the
 * same store-and-project code as events.
 *
 * How a snapshot orders against events: each of its licences is a fact with the provider's
 * `version` when given and the snapshot's receive time as its timestamp. So a snapshot wins
 * over every event sent before it, unless both carry versions and the stored one is higher
 * (then the licence is reported as `superseded`, unchanged). A licence the snapshot omits is
 * revoked with the receive time and, when the held state has a version, the next version: the
 * snapshot says the provider no longer holds it, which outranks what was sent before (a
 * versioned fact beats an unversioned one, licence.ts), while a grant the provider sends after
 * the snapshot with that next version still wins by its later time. A snapshot equal to what is stored writes nothing: states are
 * compared before any write.
 */

const providerData = () => documentStore().container("provider-data");

// The view shapes live with the portal's other licence views (browser-safe).
export { HeldLicence, HeldLicencePage } from "./views.js";

export const HeldLicenceQuery = z.object({
  instellingsnummer: Instellingsnummer.optional().describe("Only this school's licences"),
  /** The licence id of the previous page's last licence. */
  cursor: pageCursor(z.tuple([z.string()])).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe("Licences per page"),
});
export type HeldLicenceQuery = z.infer<typeof HeldLicenceQuery>;

export const SnapshotReport = z
  .object({
    added: z.array(z.string()).describe("Licence ids that Leerspoor did not hold as active and now does"),
    changed: z.array(z.object({ licenceId: z.string(), fields: z.array(z.string()) })).describe("Licences whose state changed, with the fields that did"),
    revoked: z.array(z.string()).describe("Licence ids that the snapshot omits, now revoked"),
    unchanged: z.int().describe("How many licences were already as in the snapshot"),
    superseded: z
      .array(z.object({ licenceId: z.string(), reason: z.string() }))
      .describe("Licences kept as they are because Leerspoor holds a higher version"),
  })
  .meta({ id: "SnapshotReport" });
export type SnapshotReport = z.infer<typeof SnapshotReport>;

/** The provider's active licences, by school then licence id; paged by the document id. */
export async function listHeldLicences(providerId: string, query: HeldLicenceQuery): Promise<HeldLicencePage> {
  const conditions = ["c.type = 'licence'", "c.status = 'active'"];
  const parameters: { name: string; value: string }[] = [];
  if (query.instellingsnummer) {
    conditions.push("c.schoolId = @schoolId");
    parameters.push({ name: "@schoolId", value: schoolIdOfInstellingsnummer(query.instellingsnummer) });
  }
  if (query.cursor) {
    conditions.push("c.id > @after");
    parameters.push({ name: "@after", value: licenceDocumentId(query.cursor[0]) });
  }
  const found = await providerData().query<StoredLicence>(
    { query: `SELECT TOP ${query.limit + 1} * FROM c WHERE ${conditions.join(" AND ")} ORDER BY c.id`, parameters },
    { partitionKey: providerId },
  );
  const page = found.slice(0, query.limit);
  const bySchool = new Map<string, HeldLicencePage["schools"][number]>();
  for (const licence of [...page].sort((a, b) => a.state.instellingsnummer.localeCompare(b.state.instellingsnummer))) {
    const school = bySchool.get(licence.state.instellingsnummer) ?? { instellingsnummer: licence.state.instellingsnummer, licences: [] };
    school.licences.push({ licence: licence.state, source: licence.source, updatedAt: licence.updatedAt });
    bySchool.set(licence.state.instellingsnummer, school);
  }
  const last = page.at(-1);
  return {
    schools: [...bySchool.values()],
    ...(found.length > query.limit && last ? { nextCursor: cursorOf([last.licenceId]) } : {}),
  };
}

async function checkSnapshot(providerId: string, snapshot: LicenceSnapshot, held: Map<string, StoredLicence>): Promise<void> {
  const errors: FieldError[] = [];
  const schoolId = schoolIdOfInstellingsnummer(snapshot.instellingsnummer);
  for (const [index, licence] of snapshot.licences.entries()) {
    for (const toolIndex of await foreignToolIndexes(providerId, licence.toolIds)) {
      errors.push({ field: `body.licences.${index}.toolIds.${toolIndex}`, message: "is not a tool of this provider" });
    }
    if (held.has(licence.licenceId)) continue;
    const elsewhere = await providerData().read<StoredLicence>(licenceDocumentId(licence.licenceId), providerId);
    if (elsewhere?.type === "licence" && elsewhere.schoolId !== schoolId) {
      errors.push({ field: `body.licences.${index}.licenceId`, message: `belongs to school ${elsewhere.state.instellingsnummer}; grant a new licence id` });
    }
  }
  if (errors.length > 0) throw new HttpProblem(400, "validation", "Invalid request", `Invalid ${errors.map((e) => e.field).join(", ")}`, errors);
}

/** Replaces the provider's licences at one school with the snapshot; reports exactly what changed. */
export async function applySnapshot(providerId: string, snapshot: LicenceSnapshot, now = new Date()): Promise<SnapshotReport> {
  const schoolId = schoolIdOfInstellingsnummer(snapshot.instellingsnummer);
  const stored = await providerData().query<StoredLicence>(
    { query: "SELECT * FROM c WHERE c.type = 'licence' AND c.schoolId = @schoolId", parameters: [{ name: "@schoolId", value: schoolId }] },
    { partitionKey: providerId },
  );
  const held = new Map(stored.map((licence) => [licence.licenceId, licence]));
  await checkSnapshot(providerId, snapshot, held);

  const order = { timestamp: now.toISOString(), webhookId: `snapshot.${randomUUID()}` };
  const report: SnapshotReport = { added: [], changed: [], revoked: [], unchanged: 0, superseded: [] };
  for (const state of snapshot.licences) {
    const current = held.get(state.licenceId);
    if (current?.status === "active" && canonicalJson(normalisedState(current.state)) === canonicalJson(normalisedState(state))) {
      report.unchanged++;
      // Heals a projection that a crash left behind; writes nothing when it is in place.
      await projectLicence(providerId, state.licenceId, now);
      continue;
    }
    const fact: LicenceFact = { kind: "state", state, order: { ...order, ...(state.version !== undefined ? { version: state.version } : {}) }, source: "snapshot" };
    const outcome = await applyLicenceFact(providerId, fact, now);
    if (outcome === "superseded") report.superseded.push({ licenceId: state.licenceId, reason: "Leerspoor holds a higher version of this licence" });
    else if (current?.status === "active") report.changed.push({ licenceId: state.licenceId, fields: changedFields(current.state, state) });
    else report.added.push(state.licenceId);
  }
  const listed = new Set(snapshot.licences.map((licence) => licence.licenceId));
  for (const licence of stored) {
    if (licence.status !== "active" || listed.has(licence.licenceId)) continue;
    const revocationOrder = licence.order.version !== undefined ? { ...order, version: licence.order.version + 1 } : order;
    const outcome = await applyLicenceFact(providerId, { kind: "revoked", licenceId: licence.licenceId, order: revocationOrder, source: "snapshot" }, now);
    if (outcome === "superseded") report.superseded.push({ licenceId: licence.licenceId, reason: "Leerspoor holds a state newer than this snapshot" });
    else report.revoked.push(licence.licenceId);
  }
  return report;
}
