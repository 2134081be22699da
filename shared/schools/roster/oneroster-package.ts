import { unzipSync } from "fflate";
import { type CsvTable, decodeText, readCsvTable } from "./csv-table.js";
import { RosterFileRejected, type RosterRowError } from "./roster.js";

/*
 * A OneRoster 1.2 CSV package (1EdTech OneRoster CSV Binding 1.2, §2): a zip with
 * manifest.csv (propertyName,value) and one CSV file per entity. This file opens the zip,
 * reads the manifest and checks that the files and columns Leerspoor reads are there.
 */

/** The entity files Leerspoor reads, in the order their errors are reported. */
export const ONEROSTER_FILES = ["orgs", "users", "roles", "academicSessions", "classes", "enrollments"] as const;
export type OneRosterFile = (typeof ONEROSTER_FILES)[number];

/** Processing mode of a file, from the manifest's `file.<name>` property. */
export type ProcessingMode = "bulk" | "delta" | "absent";

/**
 * Columns read from each file. The spec defines more (and requires some that Leerspoor does
 * not use, such as classes.courseSourcedId); those, and any `metadata.*` extension, are ignored.
 */
const READ_COLUMNS: Record<OneRosterFile, readonly string[]> = {
  orgs: ["sourcedId", "name", "type"],
  users: ["sourcedId", "givenName", "familyName"],
  roles: ["sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"],
  academicSessions: ["sourcedId", "schoolYear"],
  classes: ["sourcedId", "title", "schoolSourcedId"],
  enrollments: ["sourcedId", "classSourcedId", "userSourcedId", "role"],
};

/** A bulk roster without these cannot say who is in the school. */
const REQUIRED_IN_BULK: readonly OneRosterFile[] = ["orgs", "users", "roles"];

/** Uncompressed size above which the zip is refused (a roster of a large school is a few MB). */
const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

export interface OneRosterPackage {
  kind: "oneroster-bulk" | "oneroster-delta";
  modes: Record<OneRosterFile, ProcessingMode>;
  /** The files the manifest lists as bulk or delta, read. */
  tables: Partial<Record<OneRosterFile, CsvTable>>;
  /** Files or columns missing: when there are any, no row may be used. */
  structuralErrors: RosterRowError[];
}

export const csvName = (file: OneRosterFile): string => `${file}.csv`;

export function readOneRosterPackage(bytes: Uint8Array, fileName: string): OneRosterPackage {
  const entries = unzip(bytes, fileName);
  const manifest = readManifest(entries, fileName);
  const modes = Object.fromEntries(ONEROSTER_FILES.map((file) => [file, modeOf(manifest, file, fileName)])) as Record<OneRosterFile, ProcessingMode>;
  // A package is bulk only when no file is delta: only then does absence mean "left the school".
  const kind = ONEROSTER_FILES.some((file) => modes[file] === "delta") ? "oneroster-delta" : "oneroster-bulk";

  const tables: Partial<Record<OneRosterFile, CsvTable>> = {};
  const structuralErrors: RosterRowError[] = [];
  const fileError = (file: OneRosterFile, message: string, field = "") =>
    structuralErrors.push({ file: csvName(file), row: 1, field, message });

  for (const file of ONEROSTER_FILES) {
    const mode = modes[file];
    if (mode === "absent") {
      if (kind === "oneroster-bulk" && REQUIRED_IN_BULK.includes(file)) {
        fileError(file, `a bulk roster needs ${csvName(file)}, but manifest.csv has file.${file} = absent`);
      }
      continue;
    }
    const content = entries.get(csvName(file).toLowerCase());
    if (!content) {
      fileError(file, `manifest.csv lists ${csvName(file)} as ${mode}, but the zip does not contain it`);
      continue;
    }
    const text = decodeText(content);
    if (text === undefined) {
      fileError(file, "not a text file");
      continue;
    }
    const table = readCsvTable(text, csvName(file));
    tables[file] = table;
    if (!table.readToEnd) {
      // The error that stopped the reader; rows before it are not the whole file.
      structuralErrors.push(table.errors.at(-1)!);
      continue;
    }
    if (table.columns.length === 0) {
      fileError(file, "the file is empty: it has no header row");
      continue;
    }
    // CSV Binding §3: headers are case-sensitive, so `SourcedId` is not `sourcedId`.
    const required = mode === "delta" ? [...READ_COLUMNS[file], "status"] : READ_COLUMNS[file];
    for (const column of required) {
      if (!table.columns.includes(column)) fileError(file, `column ${column} is missing from the header row`, column);
    }
  }
  if (kind === "oneroster-bulk" && modes.enrollments === "bulk" && modes.classes === "absent") {
    fileError("classes", "enrollments.csv needs classes.csv, but manifest.csv has file.classes = absent");
  }
  return { kind, modes, tables, structuralErrors };
}

/** Entries of the zip by lower-cased path relative to the folder that holds manifest.csv. */
function unzip(bytes: Uint8Array, fileName: string): Map<string, Uint8Array> {
  const names: string[] = [];
  let unzippedBytes = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (entry) => {
        names.push(entry.name);
        const wanted = entry.name.toLowerCase().endsWith(".csv") && !entry.name.startsWith("__MACOSX/");
        if (wanted) unzippedBytes += entry.originalSize;
        return wanted && unzippedBytes <= MAX_UNZIPPED_BYTES;
      },
    });
  } catch (error) {
    throw new RosterFileRejected(`not a readable zip file (${error instanceof Error ? error.message : String(error)})`, fileName);
  }
  if (unzippedBytes > MAX_UNZIPPED_BYTES) {
    throw new RosterFileRejected(`the zip unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB of CSV, too much for a roster`, fileName);
  }
  const manifestPath = Object.keys(unzipped)
    .filter((name) => name.toLowerCase().split("/").pop() === "manifest.csv")
    .sort((a, b) => a.length - b.length)[0];
  if (manifestPath === undefined) {
    if (names.includes("xl/workbook.xml") || names.includes("content.xml")) {
      throw new RosterFileRejected("this is a spreadsheet workbook, not a roster: save it as CSV (CSV UTF-8) and upload that", fileName);
    }
    throw new RosterFileRejected("the zip has no manifest.csv, so it is not a OneRoster CSV package", fileName);
  }
  const folder = manifestPath.slice(0, manifestPath.length - "manifest.csv".length).toLowerCase();
  const entries = new Map<string, Uint8Array>();
  for (const [name, content] of Object.entries(unzipped)) {
    const lower = name.toLowerCase();
    if (lower.startsWith(folder)) entries.set(lower.slice(folder.length), content);
  }
  return entries;
}

/** manifest.csv as propertyName → value; refuses a package of another OneRoster version. */
function readManifest(entries: Map<string, Uint8Array>, fileName: string): Map<string, string> {
  const text = decodeText(entries.get("manifest.csv")!);
  const table = text === undefined ? undefined : readCsvTable(text, "manifest.csv");
  if (!table || !table.columns.includes("propertyName") || !table.columns.includes("value")) {
    throw new RosterFileRejected("manifest.csv must have the header propertyName,value", fileName);
  }
  const manifest = new Map(table.records.map((record) => [record.values.propertyName ?? "", record.values.value ?? ""]));
  const manifestVersion = manifest.get("manifest.version");
  if (manifestVersion !== "1.0") {
    throw new RosterFileRejected(`manifest.version is '${manifestVersion ?? ""}', but OneRoster 1.2 packages have 1.0`, fileName);
  }
  const version = manifest.get("oneroster.version");
  if (!version || !/^1\.2(\.\d+)?$/.test(version)) {
    throw new RosterFileRejected(`oneroster.version is '${version ?? ""}': only OneRoster 1.2 is supported, export the roster as OneRoster 1.2 CSV`, fileName);
  }
  return manifest;
}

function modeOf(manifest: Map<string, string>, file: OneRosterFile, fileName: string): ProcessingMode {
  const value = (manifest.get(`file.${file}`) ?? "absent").toLowerCase();
  if (value === "bulk" || value === "delta" || value === "absent") return value;
  throw new RosterFileRejected(`manifest.csv: file.${file} is '${value}', expected bulk, delta or absent`, fileName);
}
