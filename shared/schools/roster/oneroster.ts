import { z } from "zod";
import { type CsvRecord, type CsvTable, isDuplicate, validateRecord } from "./csv-table.js";
import { csvName, ONEROSTER_FILES, type OneRosterFile, type ProcessingMode, readOneRosterPackage } from "./oneroster-package.js";
import {
  type ParsedRoster,
  type RosterClass,
  type RosterEnrollment,
  RosterLeerId,
  type RosterOrg,
  RosterPerson,
  type RosterRole,
  type RosterRowError,
  type RosterStatus,
} from "./roster.js";

/*
 * OneRoster 1.2 CSV records → the normalised roster. In 1.2 a user's role and school are not
 * in users.csv but in roles.csv (userSourcedId, roleType primary|secondary, role, orgSourcedId).
 */

/** OneRoster role → Leerspoor role. Guardians, parents, relatives, proctors, counselors… are not imported. */
const PERSON_ROLES: Record<string, RosterRole> = {
  student: "pupil",
  teacher: "teacher",
  aide: "teacher",
  administrator: "schoolAdmin",
  siteadministrator: "schoolAdmin",
  systemadministrator: "schoolAdmin",
};
const ENROLLMENT_ROLES: Record<string, "pupil" | "teacher"> = { student: "pupil", teacher: "teacher", aide: "teacher" };

const required = () => z.string({ error: "is required" });
const list = z
  .string()
  .optional()
  .transform((value) => (value ? value.split(",").map((item) => item.trim()).filter(Boolean) : []));

/** Bulk rows leave status empty (meaning active); delta rows must say active or tobedeleted. */
function statusFor(mode: ProcessingMode) {
  const status = z.enum(["active", "tobedeleted"], { error: (issue) => `'${String(issue.input)}' is not active or tobedeleted` }).optional();
  const checked = mode === "delta" ? status.refine((value) => value !== undefined, "is required in a delta file: active or tobedeleted") : status;
  return checked.transform((value): RosterStatus => value ?? "active");
}

/** userIds: a list of {type:value}, e.g. `{LeerID:abc123},{SIS:42}` (CSV Binding, users.userIds). */
const USER_IDS = /^\{[^:{}]+:[^{}]*\}(\s*,\s*\{[^:{}]+:[^{}]*\})*$/;

const rowSchemas = (mode: ProcessingMode) => ({
  orgs: z.object({ sourcedId: required(), status: statusFor(mode), name: required(), type: required(), identifier: z.string().optional() }),
  users: z.object({
    sourcedId: required(),
    status: statusFor(mode),
    givenName: required().max(100, "is longer than 100 characters"),
    familyName: z.string().max(100, "is longer than 100 characters").default(""),
    email: RosterPerson.shape.email.transform((email) => email?.toLowerCase()),
    username: z.string().optional(),
    /** Parsed down to the LeerID in it, if any. */
    userIds: z.string().regex(USER_IDS, "is not a list of {type:value}").optional().transform(leerIdOf).pipe(RosterLeerId.optional()),
  }),
  roles: z.object({
    sourcedId: required(),
    status: statusFor(mode),
    userSourcedId: required(),
    roleType: z.enum(["primary", "secondary"], { error: "must be primary or secondary" }),
    role: required(),
    orgSourcedId: required(),
  }),
  academicSessions: z.object({ sourcedId: required(), status: statusFor(mode), schoolYear: required() }),
  classes: z.object({ sourcedId: required(), status: statusFor(mode), title: required(), schoolSourcedId: required(), grades: list, termSourcedIds: list }),
  enrollments: z.object({ sourcedId: required(), status: statusFor(mode), classSourcedId: required(), userSourcedId: required(), role: required() }),
});
type RowSchemas = ReturnType<typeof rowSchemas>;
const ROW_SCHEMAS = { bulk: rowSchemas("bulk"), delta: rowSchemas("delta"), absent: rowSchemas("bulk") };

/** Valid, non-duplicate rows of one file, and every id that appeared in it (also on bad rows). */
interface Rows<T> {
  valid: { record: CsvRecord; value: T }[];
  seen: Set<string>;
}

/**
 * What a reference can be resolved against. A bulk file lists everything, so an unknown id is
 * an error; in a delta package an id not in the file may come from an earlier import.
 */
class Known {
  constructor(
    readonly file: string,
    readonly accepted: ReadonlySet<string>,
    readonly seen: ReadonlySet<string>,
    readonly complete: boolean,
  ) {}

  check(id: string, record: CsvRecord, file: string, field: string, errors: RosterRowError[]): boolean {
    if (this.accepted.has(id)) return true;
    if (this.seen.has(id)) {
      errors.push({ file, row: record.row, field, message: `'${id}' is in ${this.file} but was not imported (see the errors about it)` });
      return false;
    }
    if (!this.complete) return true;
    errors.push({ file, row: record.row, field, message: `'${id}' is not in ${this.file}` });
    return false;
  }
}

export function parseOneRosterZip(bytes: Uint8Array, fileName: string): ParsedRoster {
  const pkg = readOneRosterPackage(bytes, fileName);
  const rowCount = Object.values(pkg.tables).reduce((sum, table) => sum + table.rowCount, 0);
  if (pkg.structuralErrors.length > 0) {
    return { kind: pkg.kind, orgs: [], people: [], classes: [], enrollments: [], errors: pkg.structuralErrors, rowCount };
  }
  const errors: RosterRowError[] = Object.values(pkg.tables).flatMap((table) => table.errors);
  const schemasFor = (file: OneRosterFile) => ROW_SCHEMAS[pkg.modes[file]];
  const read = <S extends z.ZodType<{ sourcedId: string }>>(file: OneRosterFile, schema: S) =>
    validRows(pkg.tables[file], csvName(file), schema, errors);
  // In a bulk package an absent file is an empty one; in a delta package only bulk files are complete.
  const complete = (file: OneRosterFile) => pkg.modes[file] === "bulk" || pkg.kind === "oneroster-bulk";

  const orgRows = read("orgs", schemasFor("orgs").orgs);
  const orgs: RosterOrg[] = orgRows.valid.map(({ value }) => ({
    sourcedId: value.sourcedId,
    status: value.status,
    name: value.name,
    type: value.type,
    ...(value.identifier ? { identifier: value.identifier } : {}),
  }));
  const knownOrgs = new Known("orgs.csv", new Set(orgs.map((org) => org.sourcedId)), orgRows.seen, complete("orgs"));

  const userRows = read("users", schemasFor("users").users);
  const people = peopleFrom(userRows, read("roles", schemasFor("roles").roles), knownOrgs, errors);
  const knownPeople = new Known("users.csv", new Set(people.map((person) => person.sourcedId)), userRows.seen, complete("users"));

  const sessionRows = read("academicSessions", schemasFor("academicSessions").academicSessions);
  const schoolYears = new Map(sessionRows.valid.map(({ value }) => [value.sourcedId, value.schoolYear]));
  // Terms only give a class its school year, so without academicSessions.csv they are not checked.
  const knownSessions = new Known("academicSessions.csv", new Set(schoolYears.keys()), sessionRows.seen, pkg.modes.academicSessions === "bulk");

  const classRows = read("classes", schemasFor("classes").classes);
  const classes: RosterClass[] = [];
  for (const { record, value } of classRows.valid) {
    const termsKnown = value.termSourcedIds.every((term) => knownSessions.check(term, record, "classes.csv", "termSourcedIds", errors));
    if (!knownOrgs.check(value.schoolSourcedId, record, "classes.csv", "schoolSourcedId", errors) || !termsKnown) continue;
    const schoolYear = value.termSourcedIds.map((term) => schoolYears.get(term)).find(Boolean);
    classes.push({
      sourcedId: value.sourcedId,
      status: value.status,
      title: value.title,
      orgSourcedId: value.schoolSourcedId,
      ...(value.grades.length > 0 ? { grades: value.grades } : {}),
      ...(schoolYear ? { schoolYear } : {}),
    });
  }
  const knownClasses = new Known("classes.csv", new Set(classes.map((c) => c.sourcedId)), classRows.seen, complete("classes"));

  const enrollments: RosterEnrollment[] = [];
  for (const { record, value } of read("enrollments", schemasFor("enrollments").enrollments).valid) {
    const role = ENROLLMENT_ROLES[value.role.toLowerCase()];
    if (!role) errors.push({ file: "enrollments.csv", row: record.row, field: "role", message: `role '${value.role}' is not supported in a class: use student, teacher or aide` });
    const classKnown = knownClasses.check(value.classSourcedId, record, "enrollments.csv", "classSourcedId", errors);
    const userKnown = knownPeople.check(value.userSourcedId, record, "enrollments.csv", "userSourcedId", errors);
    if (!role || !classKnown || !userKnown) continue;
    enrollments.push({ sourcedId: value.sourcedId, status: value.status, classSourcedId: value.classSourcedId, personSourcedId: value.userSourcedId, role });
  }

  return { kind: pkg.kind, orgs, people, classes, enrollments, errors: inFileOrder(errors), rowCount };
}

/** Rows that pass their schema and whose sourcedId is the first of its kind in the file. */
function validRows<S extends z.ZodType<{ sourcedId: string }>>(
  table: CsvTable | undefined,
  file: string,
  schema: S,
  errors: RosterRowError[],
): Rows<z.output<S>> {
  const rows: Rows<z.output<S>> = { valid: [], seen: new Set() };
  const firstRowOf = new Map<string, number>();
  for (const record of table?.records ?? []) {
    if (record.values.sourcedId) rows.seen.add(record.values.sourcedId);
    const value = validateRecord(schema, record, file, errors);
    if (value === undefined || isDuplicate(firstRowOf, value.sourcedId, record, file, "sourcedId", errors)) continue;
    rows.valid.push({ record, value });
  }
  return rows;
}

interface PersonRole {
  row: number;
  status: RosterStatus;
  primary: boolean;
  oneRosterRole: string;
  role: RosterRole;
  orgSourcedId: string;
}

/**
 * A person per user with a supported role. The role is that of the user's primary role row
 * (active rows before tobedeleted ones); secondary rows only add orgs. Leerspoor keeps one
 * role per person, so a second primary row with another role is an error. A person is a
 * whole record (names and role), so a role row needs its user's row in the same package,
 * in a delta package too.
 */
function peopleFrom(
  users: Rows<z.output<RowSchemas["users"]>>,
  roles: Rows<z.output<RowSchemas["roles"]>>,
  knownOrgs: Known,
  errors: RosterRowError[],
): RosterPerson[] {
  const userIds = new Set(users.valid.map(({ value }) => value.sourcedId));
  const knownUsers = new Known("users.csv", userIds, users.seen, true);
  const rolesOf = new Map<string, PersonRole[]>();
  const withRoleRows = new Set<string>();
  for (const { record, value } of roles.valid) {
    withRoleRows.add(value.userSourcedId);
    const role = PERSON_ROLES[value.role.toLowerCase()];
    if (!role) {
      errors.push({ file: "roles.csv", row: record.row, field: "role", message: `role '${value.role}' is not supported: Leerspoor imports students, teachers, aides and administrators` });
      continue;
    }
    if (!knownUsers.check(value.userSourcedId, record, "roles.csv", "userSourcedId", errors)) continue;
    if (!knownOrgs.check(value.orgSourcedId, record, "roles.csv", "orgSourcedId", errors)) continue;
    const personRoles = rolesOf.get(value.userSourcedId) ?? [];
    const primary = value.roleType === "primary";
    const conflict = primary && personRoles.find((other) => other.primary && other.status === value.status && other.role !== role);
    if (conflict) {
      errors.push({
        file: "roles.csv",
        row: record.row,
        field: "role",
        message: `user '${value.userSourcedId}' already has primary role '${conflict.oneRosterRole}' (row ${conflict.row}); Leerspoor keeps one role per person`,
      });
      continue;
    }
    personRoles.push({ row: record.row, status: value.status, primary, oneRosterRole: value.role, role, orgSourcedId: value.orgSourcedId });
    rolesOf.set(value.userSourcedId, personRoles);
  }

  const people: RosterPerson[] = [];
  for (const { record, value } of users.valid) {
    const all = rolesOf.get(value.sourcedId) ?? [];
    const active = all.filter((role) => role.status === "active");
    const candidates = active.length > 0 ? active : all;
    const chosen = candidates.find((role) => role.primary) ?? candidates[0];
    if (!chosen) {
      // A user whose role rows all have errors is already reported there.
      if (!withRoleRows.has(value.sourcedId)) {
        errors.push({ file: "users.csv", row: record.row, field: "sourcedId", message: `user '${value.sourcedId}' has no role in roles.csv` });
      }
      continue;
    }
    const orgSourcedIds = [...new Set([chosen.orgSourcedId, ...candidates.map((role) => role.orgSourcedId)])];
    people.push({
      sourcedId: value.sourcedId,
      status: value.status,
      role: chosen.role,
      givenName: value.givenName,
      familyName: value.familyName,
      ...(value.email ? { email: value.email } : {}),
      ...(value.userIds ? { leerId: value.userIds } : {}),
      ...(value.username ? { username: value.username } : {}),
      orgSourcedIds,
    });
  }
  return people;
}

/** The value of the first `{LeerID:…}` entry of userIds; the type is matched case-insensitively. */
export function leerIdOf(userIds: string | undefined): string | undefined {
  for (const match of (userIds ?? "").matchAll(/\{([^:{}]+):([^{}]*)\}/g)) {
    if (match[1]!.trim().toLowerCase() === "leerid" && match[2]!.trim()) return match[2]!.trim();
  }
  return undefined;
}

const FILE_ORDER = ["manifest.csv", ...ONEROSTER_FILES.map(csvName)];

function inFileOrder(errors: RosterRowError[]): RosterRowError[] {
  return errors.sort((a, b) => FILE_ORDER.indexOf(a.file) - FILE_ORDER.indexOf(b.file) || a.row - b.row);
}
