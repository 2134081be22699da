import { parse } from "csv-parse/sync";
import type { z } from "zod";
import type { RosterRowError } from "./roster.js";

/** One data row: its spreadsheet row number and its non-empty cells, trimmed, by column name. */
export interface CsvRecord {
  row: number;
  values: Record<string, string>;
}

export interface CsvTable {
  file: string;
  /** Column names from the header row, trimmed; empty names (a trailing delimiter) left out. */
  columns: string[];
  records: CsvRecord[];
  /** Data rows read, including those that could not be split into the header's columns. */
  rowCount: number;
  /**
   * False when the reader had to stop early (an unclosed quote swallows the rest of the
   * file): the rows are then not the whole list, and must not be taken for it.
   */
  readToEnd: boolean;
  errors: RosterRowError[];
}

/**
 * Text of a CSV file. UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"),
 * and otherwise Windows-1252, which Excel's plain "CSV" uses on Belgian Windows.
 * Undefined when the bytes are not text at all.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/**
 * Reads CSV text with a header row. A row whose cell count differs from the header's becomes
 * an error for that row and the rest is still read; an unclosed quote ends the reading.
 */
export function readCsvTable(text: string, file: string, delimiter = ","): CsvTable {
  const errors: RosterRowError[] = [];
  let columns: string[] = [];
  // How many records had been emitted when each bad row was skipped, in file order.
  const skippedAfter: number[] = [];
  let readToEnd = true;
  let parsed: { record: Record<string, string>; info: { records: number; empty_lines: number } }[];
  try {
    parsed = parse(text, {
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: false,
      skip_records_with_error: true,
      info: true,
      columns: (header: string[]) => {
        columns = header.map((name) => name.trim()).filter((name) => name !== "");
        // csv-parse drops a column whose name is undefined (here: the empty ones).
        return header.map((name) => name.trim() || undefined);
      },
      on_skip: (error) => {
        const emitted = Number(error?.records ?? 0);
        skippedAfter.push(emitted);
        // Spreadsheet row: header + rows before it (good, blank and skipped) + itself.
        const row = 1 + emitted + Number(error?.empty_lines ?? 0) + skippedAfter.length;
        errors.push({ file, row, field: "", message: describeCsvError(error) });
        if (error?.code === "CSV_QUOTE_NOT_CLOSED") readToEnd = false;
        return undefined;
      },
    }) as typeof parsed;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { file, columns: [], records: [], rowCount: 0, readToEnd: false, errors: [{ file, row: 1, field: "", message: `cannot be read as CSV: ${message}` }] };
  }
  let skippedBefore = 0;
  const records = parsed.map(({ record, info }): CsvRecord => {
    while (skippedBefore < skippedAfter.length && skippedAfter[skippedBefore]! < info.records) skippedBefore += 1;
    return { row: 1 + info.records + info.empty_lines + skippedBefore, values: nonEmptyCells(record) };
  });
  return { file, columns, records, rowCount: records.length + skippedAfter.length, readToEnd, errors };
}

function nonEmptyCells(record: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    const trimmed = value.trim();
    if (trimmed !== "") values[name] = trimmed;
  }
  return values;
}

function describeCsvError(error: { code?: string; message: string } | undefined): string {
  switch (error?.code) {
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
      return "the row does not have as many cells as the header has columns";
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quote opened in this row is never closed; the rest of the file could not be read";
    default:
      return `cannot read the row: ${error?.message ?? "unknown CSV error"}`;
  }
}

/**
 * Validates one record with a zod schema. Every issue becomes an error on that row, named
 * by the column it is about; the record's value, or undefined when there was any issue.
 */
export function validateRecord<S extends z.ZodType>(
  schema: S,
  record: CsvRecord,
  file: string,
  errors: RosterRowError[],
  columnOf: (key: string) => string = (key) => key,
): z.output<S> | undefined {
  const result = schema.safeParse(record.values);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    errors.push({ file, row: record.row, field: columnOf(String(issue.path[0] ?? "")), message: issue.message });
  }
  return undefined;
}

/** Reports a sourcedId seen before in the same file; true when the row is a duplicate. */
export function isDuplicate(
  firstRowOf: Map<string, number>,
  id: string,
  record: CsvRecord,
  file: string,
  field: string,
  errors: RosterRowError[],
): boolean {
  const first = firstRowOf.get(id);
  if (first === undefined) {
    firstRowOf.set(id, record.row);
    return false;
  }
  errors.push({ file, row: record.row, field, message: `duplicate ${field} '${id}': row ${first} has it already` });
  return true;
}
