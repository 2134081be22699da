import { unzipSync } from "fflate";
import { blobStore, documentStore, type Stored } from "../adapters/index.js";
import type { SchoolScope } from "../schools/index.js";
import { linesMentioning, objectsAbout, type PersonIdentifiers } from "./mentions.js";

/*
 * Where a roster import leaves a person behind: the raw upload and its error report in blob
 * storage (`roster-files/<schoolId>/…`), and the import records (`type: "roster-import"`) in
 * the school's partition. The import job owns their shapes; this file reads them as text and
 * as JSON, so it keeps working when those shapes grow.
 */

/** The largest uncompressed roster that is read here, as the roster parser allows. */
const largestUnzipped = 200 * 1024 * 1024;

const zipSignature = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);

/** Text in whatever encoding schools' spreadsheets save: UTF-8 (with or without BOM), UTF-16, Windows-1252. */
function decode(bytes: Uint8Array): string[] {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return [new TextDecoder("utf-16le").decode(bytes)];
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return [new TextDecoder("utf-16be").decode(bytes)];
  const utf8 = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  // Invalid UTF-8 (an Excel "CSV" in Windows-1252): read it that way as well.
  return utf8.includes("\uFFFD") ? [utf8, new TextDecoder("windows-1252").decode(bytes)] : [utf8];
}

/** The texts in a roster blob: the file itself, or each file of a zip (OneRoster package). */
export function textsOf(bytes: Uint8Array): string[] {
  if (!zipSignature(bytes)) return decode(bytes);
  let total = 0;
  try {
    const entries = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        return total <= largestUnzipped;
      },
    });
    return Object.values(entries).flatMap(decode);
  } catch {
    // Not a readable zip after all: search its bytes as text, which is what a person would see.
    return decode(bytes);
  }
}

const errorReportPattern = /(^|[/._-])errors?([._-]|\.csv$)/i;
export const isErrorReport = (blobName: string): boolean => errorReportPattern.test(blobName.split("/").pop() ?? "");

export interface RosterFileMention {
  /** Blob name in `roster-files`. */
  name: string;
  lines: string[];
}

export const rosterFilesPrefix = (scope: SchoolScope): string => `${scope.schoolId}/`;

/** The roster blobs of the school that contain the person, with the lines that do. */
export async function rosterFilesMentioning(scope: SchoolScope, ids: PersonIdentifiers): Promise<RosterFileMention[]> {
  const found: RosterFileMention[] = [];
  for (const name of await blobStore().list("roster-files", rosterFilesPrefix(scope))) {
    const bytes = await blobStore().get("roster-files", name);
    if (!bytes) continue;
    const lines = textsOf(bytes).flatMap((text) => linesMentioning(text, ids));
    if (lines.length > 0) found.push({ name, lines: [...new Set(lines)] });
  }
  return found;
}

/**
 * Blobs that belong with an upload: the files in its own folder (`<schoolId>/<importId>/…`), or,
 * when uploads lie directly in the school's folder, those that share its stem
 * (`<importId>.csv`, `<importId>.errors.csv`).
 */
export function companionsOf(name: string, all: readonly string[], scope: SchoolScope): string[] {
  const folder = name.slice(0, name.lastIndexOf("/") + 1);
  if (folder !== rosterFilesPrefix(scope)) return all.filter((other) => other !== name && other.startsWith(folder));
  const stem = (blob: string) => (blob.split("/").pop() ?? "").split(".")[0]!;
  return all.filter((other) => other !== name && other.slice(0, other.lastIndexOf("/") + 1) === folder && stem(other) === stem(name));
}

/** An import record as stored by the roster import; only what this file relies on. */
export type RosterImportRecord = Stored<{ id: string; schoolId: string; type: "roster-import" } & Record<string, unknown>>;

export async function rosterImportRecords(scope: SchoolScope): Promise<RosterImportRecord[]> {
  return documentStore()
    .container("school-data")
    .query<RosterImportRecord>({ query: "SELECT * FROM c WHERE c.type = 'roster-import'" }, { partitionKey: scope.schoolId });
}

export interface RosterImportMention {
  importId: string;
  rows: Record<string, unknown>[];
}

/** The rows of the school's import records that are about the person. */
export async function rosterImportsMentioning(scope: SchoolScope, ids: PersonIdentifiers): Promise<RosterImportMention[]> {
  return (await rosterImportRecords(scope))
    .map((record) => ({ importId: record.id, rows: objectsAbout(record, ids) }))
    .filter((mention) => mention.rows.length > 0);
}
