import { parseOneRosterZip } from "./oneroster.js";
import { parsePlainCsv } from "./plain-csv.js";
import type { ParsedRoster } from "./roster.js";

/** Local file header of a zip ("PK\3\4"), or the end record of an empty one ("PK\5\6"). */
const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);

/**
 * Parses an uploaded roster: a OneRoster 1.2 CSV zip, or else a plain CSV of people. Pure:
 * reads only the given bytes. Rows with problems are left out and listed in `errors`; throws
 * RosterFileRejected only when the file as a whole is unusable (not a zip or CSV, no
 * manifest, another OneRoster version, no known column).
 */
export function parseRoster(bytes: Uint8Array, fileName: string): ParsedRoster {
  return isZip(bytes) ? parseOneRosterZip(bytes, fileName) : parsePlainCsv(bytes, fileName);
}
