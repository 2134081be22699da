import { createHash } from "node:crypto";
import { z } from "zod";
import { type CsvRecord, decodeText, readCsvTable, validateRecord } from "./csv-table.js";
import {
  type ParsedRoster,
  type RosterClass,
  type RosterEnrollment,
  RosterFileRejected,
  RosterLeerId,
  RosterPerson,
  type RosterRole,
  type RosterRowError,
} from "./roster.js";

/*
 * A school's own list, as schools without a roster system keep it in a spreadsheet: one
 * person per row, headers in Dutch or English, `,` or `;` (Belgian Excel) between cells.
 */

/** The org of every person and class of a plain CSV: the school that uploads the file. */
export const UPLOADING_SCHOOL = "uploading-school";

type Column = "fullName" | "givenName" | "familyName" | "className" | "role" | "email" | "leerId" | "username";

/** Header (lower case, letters and digits only) → column; "E-mail" and "e mail" are both "email". */
const HEADERS: Record<string, Column> = {
  naam: "fullName",
  name: "fullName",
  volledigenaam: "fullName",
  fullname: "fullName",
  voornaam: "givenName",
  firstname: "givenName",
  givenname: "givenName",
  achternaam: "familyName",
  familienaam: "familyName",
  lastname: "familyName",
  familyname: "familyName",
  surname: "familyName",
  klas: "className",
  class: "className",
  klasgroep: "className",
  rol: "role",
  role: "role",
  email: "email",
  emailadres: "email",
  emailaddress: "email",
  leerid: "leerId",
  gebruikersnaam: "username",
  username: "username",
};

const ROLES: Record<string, RosterRole> = {
  leerling: "pupil",
  pupil: "pupil",
  student: "pupil",
  leerkracht: "teacher",
  leraar: "teacher",
  lerares: "teacher",
  teacher: "teacher",
  beheerder: "schoolAdmin",
  admin: "schoolAdmin",
  schooladmin: "schoolAdmin",
  administrator: "schoolAdmin",
};

const simplified = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

/** For ids: case, accents' composition and spacing do not make another person or class. */
const normalised = (text: string) => text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();

const PlainRow = z.object({
  fullName: z.string().optional(),
  givenName: z.string().max(100, "is longer than 100 characters").optional(),
  familyName: z.string().max(100, "is longer than 100 characters").default(""),
  className: z
    .string()
    .optional()
    .transform((cell) => (cell ?? "").split(/[,;|]/).map((name) => name.trim()).filter(Boolean)),
  role: z
    .string()
    .optional()
    .transform((cell, ctx): RosterRole => {
      const role = cell === undefined ? "pupil" : ROLES[simplified(cell)];
      if (role) return role;
      ctx.issues.push({ code: "custom", input: cell, message: `'${cell}' is not a role: use leerling, leerkracht or beheerder (pupil, teacher, admin)` });
      return z.NEVER;
    }),
  email: RosterPerson.shape.email.transform((email) => email?.toLowerCase()),
  leerId: RosterLeerId.optional(),
  username: z.string().optional(),
});
type PlainRow = z.output<typeof PlainRow>;

export function parsePlainCsv(bytes: Uint8Array, fileName: string): ParsedRoster {
  const decoded = decodeText(bytes);
  if (decoded === undefined) {
    throw new RosterFileRejected("not a CSV file: if it is an Excel workbook, save it as CSV UTF-8 and upload that", fileName);
  }
  const { text, delimiter } = withDelimiter(decoded);
  if (text.trim() === "") throw new RosterFileRejected("the file is empty", fileName);
  const table = readCsvTable(text, fileName, delimiter);
  const roster = (errors: RosterRowError[], people: RosterPerson[] = [], classes: RosterClass[] = [], enrollments: RosterEnrollment[] = []): ParsedRoster =>
    ({ kind: "plain-csv", orgs: [], people, classes, enrollments, errors, rowCount: table.rowCount });
  // Part of the list is unreadable; taking the rest for the whole list would drop people.
  if (!table.readToEnd) return roster([table.errors.at(-1)!]);

  const headerOf = new Map<Column, string>();
  for (const header of table.columns) {
    const column = HEADERS[simplified(header)];
    if (column && !headerOf.has(column)) headerOf.set(column, header);
  }
  if (headerOf.size === 0) {
    throw new RosterFileRejected("no known column in the first row: it needs naam (or voornaam and achternaam), and can have klas, rol, e-mail and leerid", fileName);
  }
  const columnError = (field: string, message: string) => roster([{ file: fileName, row: 1, field, message }]);
  if (!headerOf.has("fullName") && !(headerOf.has("givenName") && headerOf.has("familyName"))) {
    return headerOf.has("givenName")
      ? columnError("achternaam", "there is a voornaam column but no achternaam (last name) column")
      : columnError("naam", "no name column: use naam, or voornaam and achternaam");
  }

  const errors = [...table.errors];
  const columnOf = (column: string) => headerOf.get(column as Column) ?? column;
  const rows: { record: CsvRecord; value: PlainRow }[] = [];
  for (const record of table.records) {
    const values: Record<string, string> = {};
    for (const [column, header] of headerOf) if (record.values[header] !== undefined) values[column] = record.values[header];
    const value = validateRecord(PlainRow, { row: record.row, values }, fileName, errors, columnOf);
    if (value) rows.push({ record, value });
  }
  if (!headerOf.has("className") && rows.some(({ value }) => value.role === "pupil")) {
    return columnError("klas", "no class column (klas): every pupil needs a class");
  }

  const nameColumn = columnOf(headerOf.has("givenName") ? "givenName" : "fullName");
  const { people, classes, enrollments } = rosterFrom(rows, { file: fileName, nameColumn, columnOf }, errors);
  errors.sort((a, b) => a.row - b.row);
  return roster(errors, people, classes, enrollments);
}

interface Columns {
  file: string;
  /** The file's header that holds the (given) name, for errors about names. */
  nameColumn: string;
  columnOf: (column: string) => string;
}

/**
 * People, classes (one per distinct name) and enrollments from valid rows. A person listed
 * once per class (same id, name and role, each row adding a class) is one person; any
 * other repeat of an id is an error on the later row.
 */
function rosterFrom(rows: { record: CsvRecord; value: PlainRow }[], { file, nameColumn, columnOf }: Columns, errors: RosterRowError[]) {
  const classes = new Map<string, RosterClass>();
  const people = new Map<string, { person: RosterPerson; row: number; classIds: Set<string> }>();
  for (const { record, value } of rows) {
    const name = namesOf(value);
    if (!name) {
      errors.push({ file, row: record.row, field: nameColumn, message: "is required" });
      continue;
    }
    if (value.role === "pupil" && value.className.length === 0) {
      errors.push({ file, row: record.row, field: columnOf("className"), message: "a pupil needs a class" });
      continue;
    }
    const { sourcedId, by } = plainPersonId({ ...value, ...name });
    const classIds = value.className.map(plainClassId);
    const enrol = (ids: Set<string>) =>
      value.className.forEach((title, i) => {
        const id = classIds[i]!;
        ids.add(id);
        if (!classes.has(id)) classes.set(id, { sourcedId: id, status: "active", title, orgSourcedId: UPLOADING_SCHOOL });
      });
    const earlier = people.get(sourcedId);
    if (!earlier) {
      const person: RosterPerson = {
        sourcedId,
        status: "active",
        role: value.role,
        ...name,
        ...(value.email ? { email: value.email } : {}),
        ...(value.leerId ? { leerId: value.leerId } : {}),
        ...(value.username ? { username: value.username } : {}),
        orgSourcedIds: [UPLOADING_SCHOOL],
      };
      const entry = { person, row: record.row, classIds: new Set<string>() };
      enrol(entry.classIds);
      people.set(sourcedId, entry);
      continue;
    }
    const samePerson = normalised(fullNameOf(earlier.person)) === normalised(fullNameOf(name)) && earlier.person.role === value.role;
    if (samePerson && classIds.length > 0 && classIds.every((id) => !earlier.classIds.has(id))) {
      enrol(earlier.classIds);
      continue;
    }
    errors.push({
      file,
      row: record.row,
      field: by === "name" ? nameColumn : columnOf(by),
      message:
        by === "name"
          ? `same name${value.role === "pupil" ? " and class" : ""} as row ${earlier.row}: add an e-mail or LeerID to tell them apart, or remove the repeated row`
          : `same ${by === "email" ? "e-mail" : "LeerID"} as row ${earlier.row} (${fullNameOf(earlier.person)}): each person needs their own, or remove the repeated row`,
    });
  }

  const enrollments: RosterEnrollment[] = [...people.values()].flatMap(({ person, classIds }) =>
    [...classIds].map((classSourcedId) => ({
      sourcedId: `enrollment-${digest(`${person.sourcedId}|${classSourcedId}`)}`,
      status: "active" as const,
      classSourcedId,
      personSourcedId: person.sourcedId,
      role: person.role === "pupil" ? ("pupil" as const) : ("teacher" as const),
    })),
  );
  return { people: [...people.values()].map(({ person }) => person), classes: [...classes.values()], enrollments };
}

/** Excel may write `sep=;` as the first line; otherwise the header's most frequent of `;` `,` tab. */
function withDelimiter(text: string): { text: string; delimiter: string } {
  const body = text.replace(/^\ufeff/, "");
  const sep = /^sep=(.)\r?\n/i.exec(body);
  if (sep) return { text: body.slice(sep[0].length), delimiter: sep[1]! };
  const header = body.split(/\r?\n/, 1)[0] ?? "";
  const count = (char: string) => header.split(char).length - 1;
  const delimiter = [";", "\t"].reduce((best, char) => (count(char) > count(best) ? char : best), ",");
  return { text: body, delimiter };
}

/**
 * Given and family name from voornaam/achternaam, or else from naam: "De Smet, Jan" is
 * family-comma-given; otherwise the first word is the given name and the rest the family name.
 */
function namesOf(row: PlainRow): { givenName: string; familyName: string } | undefined {
  if (row.givenName) return { givenName: row.givenName, familyName: row.familyName };
  if (!row.fullName) return undefined;
  const [family, given] = row.fullName.split(",", 2).map((part) => part.trim());
  if (given) return { givenName: given.slice(0, 100), familyName: family!.slice(0, 100) };
  const [first, ...rest] = row.fullName.split(/\s+/);
  return { givenName: first!.slice(0, 100), familyName: rest.join(" ").slice(0, 100) };
}

const fullNameOf = (name: { givenName: string; familyName: string }) => `${name.givenName} ${name.familyName}`.trim();

const digest = (key: string) => createHash("sha256").update(key).digest("hex").slice(0, 20);

/**
 * The sourcedId of a person in a plain CSV. It depends only on what the row says, so
 * importing the same file again (or next month's version of it) gives the same ids and
 * updates people instead of adding them twice. From the LeerID; else the e-mail address;
 * else the name with the classes for a pupil, and the name alone for a teacher or admin
 * (often listed once per class). A name-based id changes when the name (or a pupil's
 * class) does: a LeerID or e-mail address in the file avoids that.
 */
export function plainPersonId(person: {
  givenName: string;
  familyName: string;
  role: RosterRole;
  className: string[];
  email?: string | undefined;
  leerId?: string | undefined;
}): { sourcedId: string; by: "leerId" | "email" | "name" } {
  if (person.leerId) return { sourcedId: `person-${digest(`leerid:${person.leerId}`)}`, by: "leerId" };
  if (person.email) return { sourcedId: `person-${digest(`email:${person.email.toLowerCase()}`)}`, by: "email" };
  const classes = person.role === "pupil" ? person.className.map(normalised).sort().join("|") : "";
  return { sourcedId: `person-${digest(`name:${normalised(fullNameOf(person))}|${classes}`)}`, by: "name" };
}

/** The sourcedId of a class named in a plain CSV: "3A", "3a" and " 3A " are one class. */
export const plainClassId = (title: string): string => `class-${digest(`class:${normalised(title)}`)}`;
