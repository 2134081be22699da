import { blobStore, documentStore, type Stored } from "../../adapters/index.js";
import { appSettings } from "../../config/index.js";
import type { Group, Membership, Person } from "../index.js";
import { errorsToCsv, parseRoster } from "../roster/index.js";
import { readTenant } from "../tenants.js";
import { type RosterImport, type RosterImportMessage } from "./import-record.js";
import { planRosterImport } from "./plan.js";

const schoolData = () => documentStore().container("school-data");
const chunkSize = 500;

/** Applies `change` to the import record with optimistic concurrency. */
export async function updateImport(
  schoolId: string,
  importId: string,
  change: (current: RosterImport) => Partial<RosterImport>,
  now = new Date(),
): Promise<Stored<RosterImport>> {
  const updated = await schoolData().modify<RosterImport>(importId, schoolId, (current) => ({
    ...current,
    ...change(current),
    updatedAt: now.toISOString(),
  }));
  if (!updated) throw new Error(`roster import ${importId} not found`);
  return updated;
}

async function loadSchool(schoolId: string) {
  const all = await schoolData().query<Person | Group | Membership>(
    { query: "SELECT * FROM c WHERE c.type = 'person' OR c.type = 'group' OR c.type = 'membership'" },
    { partitionKey: schoolId },
  );
  return {
    people: all.filter((d): d is Person => d.type === "person"),
    groups: all.filter((d): d is Group => d.type === "group"),
    memberships: all.filter((d): d is Membership => d.type === "membership"),
  };
}

export interface RosterImportEffects {
  /** People that this import deactivated: their sessions end. */
  deactivated(personIds: string[]): Promise<void>;
}

/**
 * The queue job: parses the uploaded file, plans every change before writing anything, stops
 * for confirmation when a bulk file would deactivate too many people, then writes only what
 * changed, in chunks, with progress. Safe to run again: ids follow from sourcedIds and an
 * unchanged document is not written, so a repeat does nothing.
 */
export async function processRosterImport(message: RosterImportMessage, effects: RosterImportEffects, now = new Date()): Promise<RosterImport["state"]> {
  const record = await schoolData().read<RosterImport>(message.importId, message.schoolId);
  if (!record || record.state === "completed" || (record.state === "needs-confirmation" && !record.confirmed)) return record?.state ?? "failed";
  await updateImport(record.schoolId, record.id, () => ({ state: "running" }), now);

  const bytes = await blobStore().get("roster-files", record.blobName);
  if (!bytes) {
    await updateImport(record.schoolId, record.id, () => ({ state: "failed", failure: "The uploaded file is gone" }), now);
    return "failed";
  }
  const roster = parseRoster(new Uint8Array(bytes), record.fileName);
  const school = await readTenant(record.schoolId);
  const plan = planRosterImport(roster, { schoolId: record.schoolId, ...(school?.instellingsnummer ? { instellingsnummer: school.instellingsnummer } : {}), ...(await loadSchool(record.schoolId)) }, now);

  let errorsBlobName: string | undefined;
  if (roster.errors.length > 0) {
    errorsBlobName = `${record.schoolId}/${record.id}/errors.csv`;
    await blobStore().put("roster-files", errorsBlobName, errorsToCsv(roster.errors), "text/csv; charset=utf-8");
  }

  const share = plan.activePeopleBefore === 0 ? 0 : plan.deactivatedPeople / plan.activePeopleBefore;
  if (share > appSettings().ROSTER_DEACTIVATION_LIMIT && !record.confirmed) {
    await updateImport(record.schoolId, record.id, () => ({
      state: "needs-confirmation",
      pendingDeactivation: { people: plan.deactivatedPeople, activePeople: plan.activePeopleBefore, share },
      counts: { created: 0, updated: 0, unchanged: 0, deactivated: 0, errors: roster.errors.length },
      ...(errorsBlobName ? { errorsBlobName } : {}),
    }), now);
    return "needs-confirmation";
  }

  const writes: (Person | Group | Membership)[] = [...plan.groups, ...plan.people, ...plan.memberships];
  const total = writes.length + plan.unchanged;
  let done = plan.unchanged;
  await updateImport(record.schoolId, record.id, () => ({ progress: { done, total } }), now);
  for (let start = 0; start < writes.length; start += chunkSize) {
    const chunk = writes.slice(start, start + chunkSize);
    await schoolData().upsertMany(chunk);
    done += chunk.length;
    await updateImport(record.schoolId, record.id, () => ({ progress: { done, total } }), now);
  }
  if (plan.deactivatedIds.length > 0) await effects.deactivated(plan.deactivatedIds);
  await updateImport(record.schoolId, record.id, () => ({
    state: "completed",
    progress: { done: total, total },
    counts: {
      created: plan.created,
      updated: Math.max(0, writes.length - plan.created - plan.deactivatedPeople),
      unchanged: plan.unchanged,
      deactivated: plan.deactivatedPeople,
      errors: roster.errors.length,
    },
    ...(errorsBlobName ? { errorsBlobName } : {}),
  }), now);
  return "completed";
}

/** After the last delivery failed: the import says so instead of staying `running`. */
export async function markRosterImportFailed(message: RosterImportMessage, reason: string, now = new Date()): Promise<void> {
  await updateImport(message.schoolId, message.importId, () => ({ state: "failed", failure: reason.slice(0, 500) }), now);
}
