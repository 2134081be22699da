import { z } from "zod";
import { AlreadyExists, documentStore } from "../adapters/index.js";
import { brusselsDateOf } from "./enforcement.js";

/*
 * Launches refused for want of a licence or a seat, counted per school × tool × day in
 * `school-data`. Only the refusal path writes; a launch that is let in never does.
 */

export const LicenceRefusalReason = z.enum(["no-licence", "seats-exhausted"]);
export type LicenceRefusalReason = z.infer<typeof LicenceRefusalReason>;

export const RefusalCount = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("licence-refusals"),
  toolId: z.string(),
  /** Europe/Brussels date. */
  date: z.string(),
  counts: z.partialRecord(LicenceRefusalReason, z.int()),
  updatedAt: z.string(),
});
export type RefusalCount = z.infer<typeof RefusalCount>;

const schoolData = () => documentStore().container("school-data");
const refusalCountId = (toolId: string, date: string): string => `licence-refusals.${toolId}.${date}`;

export async function countRefusal(schoolId: string, toolId: string, reason: LicenceRefusalReason, now = new Date()): Promise<void> {
  const date = brusselsDateOf(now);
  const id = refusalCountId(toolId, date);
  for (let attempt = 0; attempt < 3; attempt++) {
    const updated = await schoolData().modify<RefusalCount>(id, schoolId, (current) => ({
      ...current,
      counts: { ...current.counts, [reason]: (current.counts[reason] ?? 0) + 1 },
      updatedAt: now.toISOString(),
    }));
    if (updated) return;
    try {
      await schoolData().create<RefusalCount>({ id, schoolId, type: "licence-refusals", toolId, date, counts: { [reason]: 1 }, updatedAt: now.toISOString() });
      return;
    } catch (error) {
      if (!(error instanceof AlreadyExists)) throw error;
    }
  }
}

/** The school's counts from `since` (a date) on; all schools' when `schoolId` is undefined (operator). */
export async function listRefusalCounts(schoolId: string | undefined, since: string): Promise<RefusalCount[]> {
  return schoolData().query<RefusalCount>(
    { query: "SELECT * FROM c WHERE c.type = 'licence-refusals' AND c.date >= @since", parameters: [{ name: "@since", value: since }] },
    schoolId === undefined ? {} : { partitionKey: schoolId },
  );
}
