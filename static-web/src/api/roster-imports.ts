import { z } from "./zod.js";

// After zod.js: see there. The schema is the API's own (the browser-safe file of shared/schools/roster-import).
import { RosterImport, type RosterImportCounts, type RosterImportState } from "../../../shared/schools/roster-import/import-record.js";
import { getJson, send, upload, type CallOptions } from "./client.js";

export type { RosterImport, RosterImportCounts, RosterImportState };

/** The API refuses larger uploads (413); the page says so before sending. */
export const maxRosterBytes = 10 * 1024 * 1024;

/** The states in which the import is still working: the page polls these. */
export const isInProgress = (record: RosterImport): boolean => record.state === "queued" || record.state === "running";

const ImportList = z.object({ imports: z.array(RosterImport) });

const path = (...parts: string[]): string => `/api/school/roster-imports${parts.map((part) => `/${encodeURIComponent(part)}`).join("")}`;

/** Newest first. */
export async function listRosterImports(options?: CallOptions): Promise<RosterImport[]> {
  return (await getJson(path(), ImportList, options)).imports;
}

export const readRosterImport = (importId: string, options?: CallOptions): Promise<RosterImport> => getJson(path(importId), RosterImport, options);

/** The file goes as the body, its name in the query (the API tells a zip from a CSV by both). */
export const uploadRoster = (file: File): Promise<RosterImport> =>
  upload(`${path()}?${new URLSearchParams({ fileName: file.name }).toString()}`, file, RosterImport);

export const confirmRosterImport = (importId: string): Promise<RosterImport> => send("POST", path(importId, "confirm"), undefined, RosterImport);

/** A plain link target: the browser downloads the CSV with the session cookie. */
export const errorReportUrl = (importId: string): string => path(importId, "errors.csv");
