import { blobStore, type BlobContainerName } from "../adapters/index.js";

/**
 * Storage limitation (GDPR Art. 5(1)(e)): files that served one purpose do not outlive it.
 * Roster uploads and their error reports are processing artefacts (the import's result is in
 * the school's documents); privacy exports are handed out once. In Azure the storage
 * account's lifecycle management policy (infra-bicep/modules/storage.bicep, `blobRetentionDays`,
 * the same numbers) deletes them as well; this timer does it where no such policy runs, locally.
 */
export interface RetentionRule {
  container: BlobContainerName;
  maxAgeDays: number;
  /** Only blobs below this prefix; the whole container when absent. */
  prefix?: string;
}

export const retentionRules: readonly RetentionRule[] = [
  { container: "roster-files", maxAgeDays: 30 },
  { container: "privacy-exports", maxAgeDays: 7 },
];

/** Daily at 03:00 (UTC in Azure), when schools do not import. */
export const retentionSchedule = "0 0 3 * * *";

const dayMs = 24 * 60 * 60 * 1000;

/** Deletes the blobs older than their rule allows; returns how many per container. */
export async function applyRetention(now = new Date(), rules: readonly RetentionRule[] = retentionRules): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const rule of rules) {
    const cutoff = now.getTime() - rule.maxAgeDays * dayMs;
    deleted[rule.container] ??= 0;
    for (const blob of await blobStore().listWithProperties(rule.container, rule.prefix)) {
      if (blob.lastModified.getTime() < cutoff && (await blobStore().delete(rule.container, blob.name))) deleted[rule.container]!++;
    }
  }
  return deleted;
}
