export { errorsToCsv } from "./errors-csv.js";
export { UPLOADING_SCHOOL } from "./plain-csv.js";
export {
  ParsedRoster,
  RosterClass,
  RosterEnrollment,
  RosterEnrollmentRole,
  RosterFileRejected,
  RosterKind,
  RosterOrg,
  RosterPerson,
  RosterRole,
  RosterRowError,
  RosterStatus,
} from "./roster.js";
export { parseRoster } from "./roster-file.js";
