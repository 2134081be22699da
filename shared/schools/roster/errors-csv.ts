import { stringify } from "csv-stringify/sync";
import type { RosterRowError } from "./roster.js";

/**
 * The downloadable error report: one line per problem, columns file,row,field,message.
 * UTF-8 with a BOM, so that Excel shows names with accents as they are.
 */
export function errorsToCsv(errors: readonly RosterRowError[]): string {
  return stringify(
    errors.map((error) => [error.file, String(error.row), error.field, error.message].map(defuseFormula)),
    { bom: true, header: true, columns: ["file", "row", "field", "message"], record_delimiter: "\r\n" },
  );
}

/**
 * Cells come partly from the uploaded file (names of columns and files, values quoted in
 * messages); one that starts like a formula would run as one in a spreadsheet (OWASP: CSV
 * injection), so it gets a leading apostrophe, which spreadsheets show as text.
 */
function defuseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
