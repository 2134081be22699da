import { z } from "zod";

/*
 * The normalised roster that every source (OneRoster 1.2 CSV zip, a school's own spreadsheet)
 * is parsed into. The import job works on these shapes only. Limits mirror those of a Person
 * in `shared/schools/people.ts`, so that what the parser accepts can be stored as it is.
 */

/** OneRoster's record status; a bulk file leaves it empty, which means active. */
export const RosterStatus = z.enum(["active", "tobedeleted"]);
export type RosterStatus = z.infer<typeof RosterStatus>;

export const RosterRole = z.enum(["pupil", "teacher", "schoolAdmin"]);
export type RosterRole = z.infer<typeof RosterRole>;

export const RosterEnrollmentRole = z.enum(["pupil", "teacher"]);
export type RosterEnrollmentRole = z.infer<typeof RosterEnrollmentRole>;

export const SourcedId = z.string().min(1).max(255);

/** LeerID: the Flemish education sign-in identity, same rule as a Person's `leerId`. */
export const RosterLeerId = z.string().min(3).max(64).regex(/^[A-Za-z0-9._-]+$/, "not a LeerID");

export const RosterPerson = z.object({
  sourcedId: SourcedId,
  status: RosterStatus,
  role: RosterRole,
  givenName: z.string().min(1).max(100),
  /** May be empty: some pupils (often OKAN newcomers) have one name only. */
  familyName: z.string().max(100),
  email: z.email("not an e-mail address").optional(),
  leerId: RosterLeerId.optional(),
  username: z.string().optional(),
  /** Orgs (schools) the person belongs to; from roles.csv in OneRoster 1.2. */
  orgSourcedIds: z.array(SourcedId),
});
export type RosterPerson = z.infer<typeof RosterPerson>;

export const RosterClass = z.object({
  sourcedId: SourcedId,
  status: RosterStatus,
  title: z.string().min(1),
  orgSourcedId: SourcedId,
  grades: z.array(z.string()).optional(),
  /** Year in which the school year ends (OneRoster academicSession.schoolYear), e.g. "2026" for 2025-26. */
  schoolYear: z.string().optional(),
});
export type RosterClass = z.infer<typeof RosterClass>;

export const RosterEnrollment = z.object({
  sourcedId: SourcedId,
  status: RosterStatus,
  classSourcedId: SourcedId,
  personSourcedId: SourcedId,
  role: RosterEnrollmentRole,
});
export type RosterEnrollment = z.infer<typeof RosterEnrollment>;

export const RosterOrg = z.object({
  sourcedId: SourcedId,
  status: RosterStatus,
  name: z.string().min(1),
  /** For a Flemish school: its instellingsnummer, the Department of Education's number for it. */
  identifier: z.string().optional(),
  /** OneRoster org type: school, district, department… */
  type: z.string().min(1),
});
export type RosterOrg = z.infer<typeof RosterOrg>;

/** One problem in one row, as the downloadable error report lists it. */
export const RosterRowError = z.object({
  /** Name of the CSV file (inside the zip for OneRoster). */
  file: z.string(),
  /** Row as a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  row: z.number().int().min(1),
  /** Column name as the file spells it; empty when the problem is the whole file. */
  field: z.string(),
  message: z.string(),
});
export type RosterRowError = z.infer<typeof RosterRowError>;

export const RosterKind = z.enum(["oneroster-bulk", "oneroster-delta", "plain-csv"]);
export type RosterKind = z.infer<typeof RosterKind>;

/**
 * A parsed roster file. Rows with errors are left out of the lists and reported in `errors`.
 * When a whole file or column is missing, `errors` says so (row 1) and the lists are empty,
 * so that a broken upload can never look like a roster in which everyone left.
 */
export const ParsedRoster = z.object({
  /**
   * `oneroster-bulk`: the lists are the school's complete roster (who is absent has left).
   * `oneroster-delta`: changes only; references may point at records from earlier imports.
   * `plain-csv`: complete, like bulk, for the school that uploads it (see UPLOADING_SCHOOL).
   */
  kind: RosterKind,
  orgs: z.array(RosterOrg),
  people: z.array(RosterPerson),
  classes: z.array(RosterClass),
  enrollments: z.array(RosterEnrollment),
  errors: z.array(RosterRowError),
  /** Data rows read in all CSV files (headers and manifest.csv not counted), good or bad. */
  rowCount: z.number().int().nonnegative(),
});
export type ParsedRoster = z.infer<typeof ParsedRoster>;

/** The uploaded file cannot be read as a roster at all; nothing in it is used. */
export class RosterFileRejected extends Error {
  constructor(
    message: string,
    readonly fileName: string,
  ) {
    super(message);
    this.name = "RosterFileRejected";
  }
}
