import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { strToU8, zipSync } from "fflate";
import { csv, HEADERS, manifest, oneRosterZip, type Rows } from "../support/oneroster.js";
import { errorsToCsv, ParsedRoster, parseRoster, RosterFileRejected, UPLOADING_SCHOOL } from "../../shared/schools/roster/index.js";

/** A small school: a pupil with a LeerID, a teacher, and an ICT coordinator who also teaches. */
const school = (): Rows => ({
  orgs: [
    { sourcedId: "org-sj", name: "Sint-Jozefscollege", type: "school", identifier: "012345", parentSourcedId: "org-kom" },
    { sourcedId: "org-kom", name: "Scholengemeenschap Kempen", type: "district" },
  ],
  users: [
    { sourcedId: "u-lotte", enabledUser: "true", username: "lotte.peeters", userIds: "{LeerID:lp12345},{SIS:9001}", givenName: "Lotte", familyName: "Peeters", email: "Lotte.Peeters@sjc.be", primaryOrgSourcedId: "org-sj", "metadata.nl.stamboeknummer": "123" },
    { sourcedId: "u-jens", enabledUser: "true", username: "jens.maes", givenName: "Jens", familyName: "Maes", email: "jens.maes@sjc.be" },
    { sourcedId: "u-an", enabledUser: "true", username: "an.claes", givenName: "An", familyName: "Claes" },
  ],
  roles: [
    { sourcedId: "r-1", userSourcedId: "u-lotte", roleType: "primary", role: "student", orgSourcedId: "org-sj" },
    { sourcedId: "r-2", userSourcedId: "u-jens", roleType: "primary", role: "teacher", orgSourcedId: "org-sj" },
    { sourcedId: "r-3", userSourcedId: "u-an", roleType: "primary", role: "siteAdministrator", orgSourcedId: "org-sj" },
    { sourcedId: "r-4", userSourcedId: "u-an", roleType: "secondary", role: "teacher", orgSourcedId: "org-kom" },
  ],
  academicSessions: [{ sourcedId: "sy-2026", title: "2025-2026", type: "schoolYear", startDate: "2025-09-01", endDate: "2026-06-30", schoolYear: "2026" }],
  classes: [
    { sourcedId: "c-3a", title: "3A Hout", grades: "09", courseSourcedId: "k-hout", classType: "homeroom", schoolSourcedId: "org-sj", termSourcedIds: "sy-2026" },
    { sourcedId: "c-ct", title: "Computationeel denken", courseSourcedId: "k-ct", classType: "scheduled", schoolSourcedId: "org-sj", termSourcedIds: "sy-2026" },
  ],
  enrollments: [
    { sourcedId: "e-1", classSourcedId: "c-3a", schoolSourcedId: "org-sj", userSourcedId: "u-lotte", role: "student", primary: "false" },
    { sourcedId: "e-2", classSourcedId: "c-3a", schoolSourcedId: "org-sj", userSourcedId: "u-jens", role: "teacher", primary: "true" },
    { sourcedId: "e-3", classSourcedId: "c-ct", schoolSourcedId: "org-sj", userSourcedId: "u-lotte", role: "student" },
    { sourcedId: "e-4", classSourcedId: "c-ct", schoolSourcedId: "org-sj", userSourcedId: "u-an", role: "aide" },
  ],
});

const rejection = (bytes: Uint8Array, fileName = "upload") => {
  try {
    parseRoster(bytes, fileName);
  } catch (error) {
    return error;
  }
  throw new Error("expected the file to be rejected");
};

describe("OneRoster 1.2 CSV zip", () => {
  it("turns a bulk package into people with their role from roles.csv, classes and enrollments", () => {
    const roster = parseRoster(oneRosterZip(school()), "roster.zip");
    expect(ParsedRoster.parse(roster)).toEqual(roster);
    expect(roster.kind).toBe("oneroster-bulk");
    expect(roster.errors).toEqual([]);
    expect(roster.rowCount).toBe(2 + 3 + 4 + 1 + 2 + 4);
    expect(roster.orgs).toEqual([
      { sourcedId: "org-sj", status: "active", name: "Sint-Jozefscollege", type: "school", identifier: "012345" },
      { sourcedId: "org-kom", status: "active", name: "Scholengemeenschap Kempen", type: "district" },
    ]);
    expect(roster.people).toEqual([
      { sourcedId: "u-lotte", status: "active", role: "pupil", givenName: "Lotte", familyName: "Peeters", email: "lotte.peeters@sjc.be", leerId: "lp12345", username: "lotte.peeters", orgSourcedIds: ["org-sj"] },
      { sourcedId: "u-jens", status: "active", role: "teacher", givenName: "Jens", familyName: "Maes", email: "jens.maes@sjc.be", username: "jens.maes", orgSourcedIds: ["org-sj"] },
      { sourcedId: "u-an", status: "active", role: "schoolAdmin", givenName: "An", familyName: "Claes", username: "an.claes", orgSourcedIds: ["org-sj", "org-kom"] },
    ]);
    expect(roster.classes).toEqual([
      { sourcedId: "c-3a", status: "active", title: "3A Hout", orgSourcedId: "org-sj", grades: ["09"], schoolYear: "2026" },
      { sourcedId: "c-ct", status: "active", title: "Computationeel denken", orgSourcedId: "org-sj", schoolYear: "2026" },
    ]);
    expect(roster.enrollments).toEqual([
      { sourcedId: "e-1", status: "active", classSourcedId: "c-3a", personSourcedId: "u-lotte", role: "pupil" },
      { sourcedId: "e-2", status: "active", classSourcedId: "c-3a", personSourcedId: "u-jens", role: "teacher" },
      { sourcedId: "e-3", status: "active", classSourcedId: "c-ct", personSourcedId: "u-lotte", role: "pupil" },
      { sourcedId: "e-4", status: "active", classSourcedId: "c-ct", personSourcedId: "u-an", role: "teacher" },
    ]);
  });

  it("reads a package whose files sit in a folder, with BOMs, and ignores files the manifest marks absent", () => {
    const rows = school();
    const files: Record<string, Uint8Array> = { "export/manifest.csv": strToU8(manifest({ orgs: "bulk", users: "bulk", roles: "bulk" })) };
    for (const file of ["orgs", "users", "roles"] as const) files[`export/${file}.csv`] = strToU8(`\ufeff${csv(HEADERS[file], rows[file]! as Record<string, string>[])}`);
    files["export/classes.csv"] = strToU8("this file is not listed in the manifest");
    const roster = parseRoster(zipSync(files), "roster.zip");
    expect(roster.errors).toEqual([]);
    expect(roster.people.map((p) => p.role)).toEqual(["pupil", "teacher", "schoolAdmin"]);
    expect(roster.classes).toEqual([]);
  });

  it("marks a delta package and carries tobedeleted records; references to earlier imports pass", () => {
    const stamp = "2026-01-12T08:00:00.000Z";
    const roster = parseRoster(
      oneRosterZip(
        {
          users: [
            { sourcedId: "u-lotte", status: "tobedeleted", dateLastModified: stamp, enabledUser: "false", givenName: "Lotte", familyName: "Peeters" },
            { sourcedId: "u-new", status: "active", dateLastModified: stamp, enabledUser: "true", givenName: "Noor", familyName: "Janssens" },
          ],
          roles: [
            { sourcedId: "r-1", status: "tobedeleted", dateLastModified: stamp, userSourcedId: "u-lotte", roleType: "primary", role: "student", orgSourcedId: "org-sj" },
            { sourcedId: "r-9", status: "active", dateLastModified: stamp, userSourcedId: "u-new", roleType: "primary", role: "student", orgSourcedId: "org-sj" },
          ],
          enrollments: [
            { sourcedId: "e-1", status: "tobedeleted", dateLastModified: stamp, classSourcedId: "c-3a", schoolSourcedId: "org-sj", userSourcedId: "u-lotte", role: "student" },
            { sourcedId: "e-9", status: "active", dateLastModified: stamp, classSourcedId: "c-3a", schoolSourcedId: "org-sj", userSourcedId: "u-new", role: "student" },
          ],
        },
        "delta",
      ),
      "delta.zip",
    );
    expect(roster.kind).toBe("oneroster-delta");
    expect(roster.errors).toEqual([]);
    expect(roster.people.map((p) => [p.sourcedId, p.status, p.role])).toEqual([
      ["u-lotte", "tobedeleted", "pupil"],
      ["u-new", "active", "pupil"],
    ]);
    expect(roster.enrollments.map((e) => [e.sourcedId, e.status])).toEqual([
      ["e-1", "tobedeleted"],
      ["e-9", "active"],
    ]);
  });

  it("requires a status on every row of a delta file", () => {
    const roster = parseRoster(
      oneRosterZip({ users: [{ sourcedId: "u-1", givenName: "Jan", familyName: "Smet" }], roles: [] }, "delta"),
      "delta.zip",
    );
    expect(roster.errors).toEqual([{ file: "users.csv", row: 2, field: "status", message: "is required in a delta file: active or tobedeleted" }]);
  });

  it("takes the LeerID from userIds whatever the case of its type, and refuses one that is not a LeerID", () => {
    const rows = school();
    rows.users![1]!.userIds = "{SIS:77}, {leerid:jm-0042}";
    rows.users![2]!.userIds = "{LEERID:no spaces allowed}";
    const roster = parseRoster(oneRosterZip(rows), "roster.zip");
    expect(roster.people.find((p) => p.sourcedId === "u-jens")?.leerId).toBe("jm-0042");
    expect(roster.people.find((p) => p.sourcedId === "u-lotte")?.leerId).toBe("lp12345");
    expect(roster.errors).toContainEqual({ file: "users.csv", row: 4, field: "userIds", message: "not a LeerID" });
  });

  it("reports unsupported roles, bad e-mail addresses, unknown references and duplicates by row and field, and keeps the good rows", () => {
    const rows = school();
    rows.users!.push(
      { sourcedId: "u-mama", givenName: "Els", familyName: "Peeters", email: "els@thuis.be" },
      { sourcedId: "u-bad", givenName: "Tom", familyName: "Wouters", email: "tom at sjc.be" },
      { sourcedId: "u-jens", givenName: "Jens", familyName: "Maes (dubbel)" },
    );
    rows.roles!.push(
      { sourcedId: "r-5", userSourcedId: "u-mama", roleType: "primary", role: "guardian", orgSourcedId: "org-sj" },
      { sourcedId: "r-6", userSourcedId: "u-bad", roleType: "primary", role: "student", orgSourcedId: "org-sj" },
      { sourcedId: "r-7", userSourcedId: "u-ghost", roleType: "primary", role: "student", orgSourcedId: "org-sj" },
    );
    rows.enrollments!.push(
      { sourcedId: "e-5", classSourcedId: "c-9z", schoolSourcedId: "org-sj", userSourcedId: "u-lotte", role: "student" },
      { sourcedId: "e-6", classSourcedId: "c-3a", schoolSourcedId: "org-sj", userSourcedId: "u-bad", role: "student" },
      { sourcedId: "e-1", classSourcedId: "c-ct", schoolSourcedId: "org-sj", userSourcedId: "u-jens", role: "teacher" },
    );
    const roster = parseRoster(oneRosterZip(rows), "roster.zip");
    expect(roster.errors).toEqual([
      { file: "users.csv", row: 6, field: "email", message: "not an e-mail address" },
      { file: "users.csv", row: 7, field: "sourcedId", message: "duplicate sourcedId 'u-jens': row 3 has it already" },
      { file: "roles.csv", row: 6, field: "role", message: "role 'guardian' is not supported: Leerspoor imports students, teachers, aides and administrators" },
      { file: "roles.csv", row: 7, field: "userSourcedId", message: "'u-bad' is in users.csv but was not imported (see the errors about it)" },
      { file: "roles.csv", row: 8, field: "userSourcedId", message: "'u-ghost' is not in users.csv" },
      { file: "enrollments.csv", row: 6, field: "classSourcedId", message: "'c-9z' is not in classes.csv" },
      { file: "enrollments.csv", row: 7, field: "userSourcedId", message: "'u-bad' is in users.csv but was not imported (see the errors about it)" },
      { file: "enrollments.csv", row: 8, field: "sourcedId", message: "duplicate sourcedId 'e-1': row 2 has it already" },
    ]);
    expect(roster.people.map((p) => p.sourcedId)).toEqual(["u-lotte", "u-jens", "u-an"]);
    expect(roster.people.find((p) => p.sourcedId === "u-jens")?.familyName).toBe("Maes");
    expect(roster.enrollments.map((e) => e.sourcedId)).toEqual(["e-1", "e-2", "e-3", "e-4"]);
  });

  it("reports a user without any role, and an enrollment role that has no place in a class", () => {
    const rows = school();
    rows.users!.push({ sourcedId: "u-norole", givenName: "Wim", familyName: "Dries" });
    rows.enrollments!.push({ sourcedId: "e-7", classSourcedId: "c-3a", schoolSourcedId: "org-sj", userSourcedId: "u-an", role: "proctor" });
    const roster = parseRoster(oneRosterZip(rows), "roster.zip");
    expect(roster.errors).toEqual([
      { file: "users.csv", row: 5, field: "sourcedId", message: "user 'u-norole' has no role in roles.csv" },
      { file: "enrollments.csv", row: 6, field: "role", message: "role 'proctor' is not supported in a class: use student, teacher or aide" },
    ]);
  });

  it("refuses a second primary role that would give a person another role", () => {
    const rows = school();
    rows.roles!.push({ sourcedId: "r-8", userSourcedId: "u-jens", roleType: "primary", role: "student", orgSourcedId: "org-kom" });
    const roster = parseRoster(oneRosterZip(rows), "roster.zip");
    expect(roster.errors).toEqual([
      { file: "roles.csv", row: 6, field: "role", message: "user 'u-jens' already has primary role 'teacher' (row 3); Leerspoor keeps one role per person" },
    ]);
    expect(roster.people.find((p) => p.sourcedId === "u-jens")).toMatchObject({ role: "teacher", orgSourcedIds: ["org-sj"] });
  });

  it("counts rows as a spreadsheet does, past blank lines, multi-line cells and a row with too few cells", () => {
    const users = [
      "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,email",
      'u-1,,,true,a,,"Anna\nMaria",Smet,not-mail',
      "",
      "u-2,,,true,b,,Bram",
      "u-3,,,true,c,,Cas,Peeters,also-not-mail",
    ].join("\r\n");
    const roles = csv(HEADERS.roles, ["u-1", "u-2", "u-3"].map((u) => ({ sourcedId: `r${u}`, userSourcedId: u, roleType: "primary", role: "student", orgSourcedId: "o" })));
    const files = {
      "manifest.csv": strToU8(manifest({ orgs: "bulk", users: "bulk", roles: "bulk" })),
      "orgs.csv": strToU8(csv(HEADERS.orgs, [{ sourcedId: "o", name: "School", type: "school" }])),
      "users.csv": strToU8(users),
      "roles.csv": strToU8(roles),
    };
    const roster = parseRoster(zipSync(files), "roster.zip");
    expect(roster.errors.filter((e) => e.file === "users.csv")).toEqual([
      { file: "users.csv", row: 2, field: "email", message: "not an e-mail address" },
      { file: "users.csv", row: 4, field: "", message: "the row does not have as many cells as the header has columns" },
      { file: "users.csv", row: 5, field: "email", message: "not an e-mail address" },
    ]);
    expect(roster.rowCount).toBe(1 + 3 + 3);
  });

  it("names a missing file or column in a single error and imports nothing", () => {
    const withoutRoles = school();
    delete withoutRoles.roles;
    const missingFile = parseRoster(oneRosterZip(withoutRoles), "roster.zip");
    expect(missingFile.errors).toEqual([{ file: "roles.csv", row: 1, field: "", message: "a bulk roster needs roles.csv, but manifest.csv has file.roles = absent" }]);
    expect([missingFile.people, missingFile.classes, missingFile.enrollments, missingFile.orgs]).toEqual([[], [], [], []]);

    const rows = school();
    const zip = oneRosterZip(rows, "bulk", { "users.csv": csv(HEADERS.users.filter((h) => h !== "familyName"), rows.users! as Record<string, string>[]) });
    const missingColumn = parseRoster(zip, "roster.zip");
    expect(missingColumn.errors).toEqual([{ file: "users.csv", row: 1, field: "familyName", message: "column familyName is missing from the header row" }]);
    expect(missingColumn.people).toEqual([]);

    const listedNotThere = zipSync({ "manifest.csv": strToU8(manifest({ orgs: "bulk", users: "bulk", roles: "bulk" })), "orgs.csv": strToU8(csv(HEADERS.orgs, [])), "users.csv": strToU8(csv(HEADERS.users, [])) });
    expect(parseRoster(listedNotThere, "roster.zip").errors).toEqual([
      { file: "roles.csv", row: 1, field: "", message: "manifest.csv lists roles.csv as bulk, but the zip does not contain it" },
    ]);
  });

  it("rejects a package of another OneRoster version, a zip without manifest and a workbook", () => {
    const v11 = zipSync({ "manifest.csv": strToU8(manifest({ orgs: "bulk", users: "bulk" }, "1.1")), "users.csv": strToU8("sourcedId\n") });
    const error = rejection(v11, "oud.zip");
    expect(error).toBeInstanceOf(RosterFileRejected);
    expect(error).toMatchObject({ fileName: "oud.zip", message: expect.stringMatching(/oneroster\.version is '1\.1'.*OneRoster 1\.2/) });

    expect(rejection(zipSync({ "users.csv": strToU8("sourcedId\n") }))).toMatchObject({ name: "RosterFileRejected", message: expect.stringMatching(/no manifest\.csv/) });
    const xlsx = zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "xl/workbook.xml": strToU8("<workbook/>") });
    expect(rejection(xlsx, "leerlingen.xlsx")).toMatchObject({ message: expect.stringMatching(/save it as CSV/) });
    expect(rejection(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 1, 2]))).toMatchObject({ message: expect.stringMatching(/not a readable zip/) });
  });
});

describe("plain CSV from a school's own spreadsheet", () => {
  it("reads Belgian Excel: `;`, a BOM, CRLF and Dutch headers", () => {
    const file = "\ufeffVoornaam;Achternaam;Klas;Rol;E-mailadres;LeerID\r\n" +
      "Lotte;Peeters;3A;leerling;;lp12345\r\n" +
      "Jens;Maes;3A, 4B;Leerkracht;Jens.Maes@sjc.be;\r\n" +
      "Zoë;;OKAN;;;\r\n" +
      "An;Claes;;beheerder;an.claes@sjc.be;\r\n";
    const roster = parseRoster(strToU8(file), "leerlingen.csv");
    expect(ParsedRoster.parse(roster)).toEqual(roster);
    expect(roster).toMatchObject({ kind: "plain-csv", errors: [], rowCount: 4, orgs: [] });
    expect(roster.people.map(({ sourcedId, ...person }) => person)).toEqual([
      { status: "active", role: "pupil", givenName: "Lotte", familyName: "Peeters", leerId: "lp12345", orgSourcedIds: [UPLOADING_SCHOOL] },
      { status: "active", role: "teacher", givenName: "Jens", familyName: "Maes", email: "jens.maes@sjc.be", orgSourcedIds: [UPLOADING_SCHOOL] },
      { status: "active", role: "pupil", givenName: "Zoë", familyName: "", orgSourcedIds: [UPLOADING_SCHOOL] },
      { status: "active", role: "schoolAdmin", givenName: "An", familyName: "Claes", email: "an.claes@sjc.be", orgSourcedIds: [UPLOADING_SCHOOL] },
    ]);
    expect(roster.classes.map((c) => [c.title, c.orgSourcedId])).toEqual([["3A", UPLOADING_SCHOOL], ["4B", UPLOADING_SCHOOL], ["OKAN", UPLOADING_SCHOOL]]);
    const classOf = new Map(roster.classes.map((c) => [c.sourcedId, c.title]));
    const personOf = new Map(roster.people.map((p) => [p.sourcedId, p.givenName]));
    expect(roster.enrollments.map((e) => [personOf.get(e.personSourcedId), classOf.get(e.classSourcedId), e.role])).toEqual([
      ["Lotte", "3A", "pupil"],
      ["Jens", "3A", "teacher"],
      ["Jens", "4B", "teacher"],
      ["Zoë", "OKAN", "pupil"],
    ]);
  });

  it("reads `,` with English headers and a single name column", () => {
    const file = "Name,Class,Role,Email,LeerID\nLotte Peeters,3a,pupil,,\n\"De Smet, Jan\",3A,student,jan@sjc.be,\nMarc Van den Broeck,,teacher,marc@sjc.be,\n";
    const roster = parseRoster(strToU8(file), "roster.csv");
    expect(roster.errors).toEqual([]);
    expect(roster.people.map((p) => [p.givenName, p.familyName, p.role])).toEqual([
      ["Lotte", "Peeters", "pupil"],
      ["Jan", "De Smet", "pupil"],
      ["Marc", "Van den Broeck", "teacher"],
    ]);
    expect(roster.classes.map((c) => c.title)).toEqual(["3a"]);
    expect(roster.enrollments).toHaveLength(2);
  });

  it("reads a file that Excel saved as Windows-1252", () => {
    // ë and Ç are single bytes (0xEB, 0xC7) in Windows-1252, and not valid UTF-8 on their own.
    const windows1252 = Uint8Array.from([..."voornaam;achternaam;klas\r\nZoë;Çelik;2B\r\n"].map((c) => c.charCodeAt(0)));
    const roster = parseRoster(windows1252, "excel.csv");
    expect(roster.errors).toEqual([]);
    expect(roster.people.map((p) => `${p.givenName} ${p.familyName}`)).toEqual(["Zoë Çelik"]);
  });

  it("gives the same sourcedIds when the same file is imported again", () => {
    const file = strToU8("naam;klas;rol;e-mail;leerid\nLotte Peeters;3A;;;lp12345\nJens Maes;3A;leerkracht;jens@sjc.be;\nBram Wouters;3B;;;\n");
    const first = parseRoster(file, "lijst.csv");
    const again = parseRoster(file.slice(), "lijst-kopie.csv");
    expect(again.people.map((p) => p.sourcedId)).toEqual(first.people.map((p) => p.sourcedId));
    expect(again.classes.map((c) => c.sourcedId)).toEqual(first.classes.map((c) => c.sourcedId));
    expect(again.enrollments.map((e) => e.sourcedId)).toEqual(first.enrollments.map((e) => e.sourcedId));
    expect(new Set(first.people.map((p) => p.sourcedId)).size).toBe(3);
  });

  it("combines a teacher listed once per class, and reports pupils that cannot be told apart", () => {
    const file = "voornaam;achternaam;klas;rol;e-mail\n" +
      "Jens;Maes;3A;leerkracht;jens@sjc.be\n" +
      "Jens;Maes;4B;leerkracht;jens@sjc.be\n" +
      "Lotte;Peeters;3A;leerling;ouders.peeters@telenet.be\n" +
      "Wout;Peeters;5C;leerling;ouders.peeters@telenet.be\n" +
      "Bram;Wouters;3B;;\n" +
      "Bram;Wouters;3B;;\n" +
      "Sara;Aerts;;leerling;\n" +
      "Tom;Wils;3A;conciërge;\n" +
      "Eva;Claes;3A;;eva(at)sjc.be\n";
    const roster = parseRoster(strToU8(file), "lijst.csv");
    expect(roster.errors).toEqual([
      { file: "lijst.csv", row: 5, field: "e-mail", message: "same e-mail as row 4 (Lotte Peeters): each person needs their own, or remove the repeated row" },
      { file: "lijst.csv", row: 7, field: "voornaam", message: "same name and class as row 6: add an e-mail or LeerID to tell them apart, or remove the repeated row" },
      { file: "lijst.csv", row: 8, field: "klas", message: "a pupil needs a class" },
      { file: "lijst.csv", row: 9, field: "rol", message: "'conciërge' is not a role: use leerling, leerkracht or beheerder (pupil, teacher, admin)" },
      { file: "lijst.csv", row: 10, field: "e-mail", message: "not an e-mail address" },
    ]);
    expect(roster.people.map((p) => p.givenName)).toEqual(["Jens", "Lotte", "Bram"]);
    expect(roster.enrollments.filter((e) => e.role === "teacher")).toHaveLength(2);
  });

  it("names a missing column in one error, and rejects a file that is no roster at all", () => {
    const noClass = parseRoster(strToU8("naam,rol\nLotte Peeters,leerling\n"), "lijst.csv");
    expect(noClass.errors).toEqual([{ file: "lijst.csv", row: 1, field: "klas", message: "no class column (klas): every pupil needs a class" }]);
    expect(noClass.people).toEqual([]);
    const teachersOnly = parseRoster(strToU8("naam,rol\nJens Maes,leerkracht\n"), "leerkrachten.csv");
    expect(teachersOnly.errors).toEqual([]);
    expect(teachersOnly.people).toHaveLength(1);

    expect(rejection(strToU8("datum,bedrag\n2026-01-01,12\n"))).toMatchObject({ message: expect.stringMatching(/no known column/) });
    expect(rejection(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 1]), "oud.xls")).toMatchObject({ message: expect.stringMatching(/not a CSV/) });
    expect(rejection(strToU8("  \n"))).toBeInstanceOf(RosterFileRejected);
  });

  it("does not take a list cut off by an unclosed quote for the whole list", () => {
    const roster = parseRoster(strToU8('naam,klas\nJan Peeters,3A\n"Piet Maes,3B\nAn Claes,3C\n'), "lijst.csv");
    expect(roster.errors).toEqual([{ file: "lijst.csv", row: 3, field: "", message: "a quote opened in this row is never closed; the rest of the file could not be read" }]);
    expect(roster.people).toEqual([]);

    const rows = school();
    const users = `${csv(HEADERS.users, rows.users! as Record<string, string>[])}u-x,,,true,x,,"Half,open\r\n`;
    const oneRoster = parseRoster(oneRosterZip(rows, "bulk", { "users.csv": users }), "roster.zip");
    expect(oneRoster.errors).toEqual([{ file: "users.csv", row: 5, field: "", message: "a quote opened in this row is never closed; the rest of the file could not be read" }]);
    expect(oneRoster.people).toEqual([]);
  });

  it("property: any generated list parses to its people, with the same ids whatever the row order", () => {
    const name = fc.stringMatching(/^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]{0,14}$/);
    const person = fc.record({
      givenName: name,
      familyName: fc.oneof(name, fc.constant("")),
      klas: fc.constantFrom("1A", "1B", "2A", "OKAN", "5 Hout"),
      rol: fc.constantFrom("leerling", "leerkracht", "beheerder", "pupil", "teacher", ""),
      email: fc.option(fc.stringMatching(/^[a-z0-9]+([._-][a-z0-9]+)*@[a-z0-9]+(-[a-z0-9]+)*\.(be|com|vlaanderen)$/), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(person, { minLength: 1, maxLength: 30, selector: (p) => p.email ?? `${p.givenName} ${p.familyName}`.toLowerCase() }),
        fc.constantFrom(";", ","),
        fc.nat(),
        (people, delimiter, seed) => {
          const toCsv = (list: typeof people) =>
            strToU8(stringify(list.map((p) => ({ ...p, email: p.email ?? "" })), { header: true, delimiter, columns: ["givenName", "familyName", "klas", "rol", "email"] }));
          const roster = parseRoster(toCsv(people), "lijst.csv");
          expect(roster.errors).toEqual([]);
          expect(roster.people.map((p) => [p.givenName, p.familyName, p.email])).toEqual(people.map((p) => [p.givenName, p.familyName, p.email?.toLowerCase()]));
          const shuffled = [...people].sort((a, b) => ((people.indexOf(a) * 7919 + seed) % 101) - ((people.indexOf(b) * 7919 + seed) % 101));
          const idOf = (r: ReturnType<typeof parseRoster>) => new Map(r.people.map((p) => [`${p.givenName}|${p.familyName}|${p.email ?? ""}`, p.sourcedId]));
          expect(idOf(parseRoster(toCsv(shuffled), "lijst.csv"))).toEqual(idOf(roster));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("large rosters", () => {
  it("parses 10,000 users with their roles, 400 classes and enrollments without errors", () => {
    const users = Array.from({ length: 10_000 }, (_, i) => ({
      sourcedId: `u-${i}`, enabledUser: "true", username: `user${i}`, userIds: `{LeerID:leer${i}}`,
      givenName: `Voornaam${i}`, familyName: `Achternaam ${i % 97}`, email: `user${i}@school.be`,
    }));
    const roles = users.map((u, i) => ({ sourcedId: `r-${i}`, userSourcedId: u.sourcedId, roleType: "primary", role: i % 25 === 0 ? "teacher" : "student", orgSourcedId: "org-1" }));
    const classes = Array.from({ length: 400 }, (_, i) => ({ sourcedId: `c-${i}`, title: `Klas ${i}`, classType: "homeroom", courseSourcedId: "k", schoolSourcedId: "org-1", termSourcedIds: "sy" }));
    const enrollments = users.map((u, i) => ({ sourcedId: `e-${i}`, classSourcedId: `c-${i % 400}`, schoolSourcedId: "org-1", userSourcedId: u.sourcedId, role: i % 25 === 0 ? "teacher" : "student" }));
    const zip = oneRosterZip({
      orgs: [{ sourcedId: "org-1", name: "Grote school", type: "school", identifier: "999999" }],
      users,
      roles,
      academicSessions: [{ sourcedId: "sy", title: "2025-26", type: "schoolYear", startDate: "2025-09-01", endDate: "2026-06-30", schoolYear: "2026" }],
      classes,
      enrollments,
    });
    const started = performance.now();
    const roster = parseRoster(zip, "groot.zip");
    const ms = performance.now() - started;
    expect(roster.errors).toEqual([]);
    expect(roster.rowCount).toBe(1 + 10_000 + 10_000 + 1 + 400 + 10_000);
    expect(roster.people).toHaveLength(10_000);
    expect(roster.enrollments).toHaveLength(10_000);
    expect(roster.people[9_999]).toMatchObject({ leerId: "leer9999", role: "pupil" });
    // Generous bound for shared, noisy machines; it takes well under a second on a quiet one.
    expect(ms).toBeLessThan(15_000);
  });
});

describe("error report", () => {
  it("is a CSV with file,row,field,message that parses back, with formula-like cells defused", () => {
    const errors = [
      { file: "users.csv", row: 17, field: "email", message: "not an e-mail address" },
      { file: "lijst.csv", row: 3, field: "rol", message: "'x, \"y\"' is not a role\nsecond line" },
      { file: "lijst.csv", row: 1, field: "=HYPERLINK(\"http://evil\")", message: "no name column" },
    ];
    const text = errorsToCsv(errors);
    expect(text.startsWith("\ufefffile,row,field,message\r\n")).toBe(true);
    const back = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(back).toEqual([
      { file: "users.csv", row: "17", field: "email", message: "not an e-mail address" },
      { file: "lijst.csv", row: "3", field: "rol", message: "'x, \"y\"' is not a role\nsecond line" },
      { file: "lijst.csv", row: "1", field: "'=HYPERLINK(\"http://evil\")", message: "no name column" },
    ]);
    expect(errorsToCsv([])).toBe("\ufefffile,row,field,message\r\n");
  });
});
