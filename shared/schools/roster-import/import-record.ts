import { z } from "zod";

export const RosterImportState = z.enum(["queued", "running", "needs-confirmation", "completed", "failed"]);
export type RosterImportState = z.infer<typeof RosterImportState>;

export const RosterImportCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deactivated: z.number().int(),
  errors: z.number().int(),
});
export type RosterImportCounts = z.infer<typeof RosterImportCounts>;

/**
 * One uploaded roster file and what its import did. The id follows from the school and the
 * file's SHA-256, so uploading the same file again finds this record instead of a new one.
 */
export const RosterImport = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("roster-import"),
  state: RosterImportState,
  fileName: z.string(),
  sha256: z.string(),
  /** Blob name of the upload in `roster-files`. */
  blobName: z.string(),
  kind: z.enum(["oneroster-bulk", "oneroster-delta", "plain-csv"]),
  uploadedBy: z.string(),
  /** Records handled (people, classes, enrollments, deactivations) of all to handle. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  counts: RosterImportCounts,
  /** Set in `needs-confirmation`: what a bulk import would deactivate. */
  pendingDeactivation: z.object({ people: z.number().int(), activePeople: z.number().int(), share: z.number() }).optional(),
  confirmed: z.boolean(),
  /** Blob name of the error report in `roster-files`, when rows were refused. */
  errorsBlobName: z.string().optional(),
  failure: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RosterImport = z.infer<typeof RosterImport>;

export const RosterImportMessage = z.object({ importId: z.string(), schoolId: z.string() });
export type RosterImportMessage = z.infer<typeof RosterImportMessage>;

export const zeroCounts = (): RosterImportCounts => ({ created: 0, updated: 0, unchanged: 0, deactivated: 0, errors: 0 });
