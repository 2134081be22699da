import { stringify } from "csv-stringify/sync";
import { strToU8, zipSync } from "fflate";

/** OneRoster 1.2 CSV packages built in code, for the parser and import tests. */
// Headers of the 1EdTech OneRoster 1.2 CSV binding, in the spec's order.
export const HEADERS = {
  orgs: ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
  users: [
    "sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName", "middleName",
    "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password", "userMasterIdentifier", "resourceSourcedIds",
    "preferredGivenName", "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns", "metadata.nl.stamboeknummer",
  ],
  roles: ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId"],
  academicSessions: ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"],
  classes: [
    "sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location",
    "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods",
  ],
  enrollments: ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate"],
} as const;
export type EntityFile = keyof typeof HEADERS;
export type Rows = { [F in EntityFile]?: Partial<Record<(typeof HEADERS)[F][number], string>>[] };

/** CSV text as an SIS writes it: every column of the header, CRLF line ends. */
export const csv = (header: readonly string[], rows: Record<string, string>[]) =>
  stringify(rows, { header: true, columns: [...header], record_delimiter: "\r\n" });

export function manifest(modes: Partial<Record<EntityFile, "bulk" | "delta" | "absent">>, version = "1.2"): string {
  const all = ["academicSessions", "categories", "classes", "classResources", "courses", "courseResources", "demographics", "enrollments",
    "lineItems", "orgs", "resources", "results", "roles", "scoreScales", "userProfiles", "userResources", "users"];
  const lines = [["manifest.version", "1.0"], ["oneroster.version", version],
    ...all.map((file) => [`file.${file}`, modes[file as EntityFile] ?? "absent"]), ["source.systemName", "Testsis"]];
  return stringify(lines, { header: true, columns: ["propertyName", "value"] });
}

export function oneRosterZip(rows: Rows, mode: "bulk" | "delta" = "bulk", extra: Record<string, string> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const modes: Partial<Record<EntityFile, "bulk" | "delta">> = {};
  for (const file of Object.keys(rows) as EntityFile[]) {
    modes[file] = mode;
    files[`${file}.csv`] = strToU8(csv(HEADERS[file], rows[file]! as Record<string, string>[]));
  }
  files["manifest.csv"] = strToU8(manifest(modes));
  for (const [name, text] of Object.entries(extra)) files[name] = strToU8(text);
  return zipSync(files);
}
