import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { strToU8, zipSync } from "fflate";
import {
  companionsOf,
  distinctiveValues,
  erasedMarker,
  isErrorReport,
  lineMentions,
  objectsAbout,
  redactMentions,
  retentionRules,
  textMentions,
  textsOf,
  type PersonIdentifiers,
} from "../../shared/privacy/index.js";
import { createLogger } from "../../shared/runtime/index.js";
import { objectEntries } from "./bicep-text.js";

const emma: PersonIdentifiers = {
  personId: "0b7c2c1e-5d0a-4f43-9a43-2f1e8c7d9a10",
  givenName: "Emma",
  familyName: "Janssens",
  email: "emma.janssens@school.example",
  leerId: "EJ-2026-01",
  sourcedId: "stu-5b-emma-7f3a",
};

describe("finding a person in roster text", () => {
  it.each([
    ["their e-mail in any case", "x,EMMA.JANSSENS@school.example,y"],
    ["their full name in a message", "row 4: 'Emma  Janssens' has no class"],
    ["their name family first", "Janssens, Emma;5B"],
    ["their roster id as a cell", '"stu-5b-emma-7f3a",active,E,J'],
    ["their LeerID", "5B;EJ-2026-01"],
    ["given and family name in separate cells", "5B;Janssens;Emma;"],
  ])("finds %s", (_what, line) => {
    expect(lineMentions(line, emma)).toBe(true);
  });

  it.each([
    ["another Emma", "5B;Peeters;Emma"],
    ["a name that contains theirs", "Gemma Janssensen"],
    ["a longer roster id", "stu-5b-emma-7f3a9,active"],
    ["their given name alone", "Emma"],
  ])("does not take %s for them", (_what, line) => {
    expect(lineMentions(line, emma)).toBe(false);
  });

  it("does not use short roster ids or a single name as distinctive values", () => {
    expect(distinctiveValues({ personId: "p", givenName: "Amir", familyName: "", sourcedId: "12" })).toEqual([]);
  });

  it("finds a roster row of the person in any column order (property)", () => {
    const name = fc.stringMatching(/^[A-Z][a-zà-ÿ]{2,11}$/);
    fc.assert(
      fc.property(name, name, fc.shuffledSubarray(["given", "family", "class", "other"], { minLength: 4, maxLength: 4 }), fc.constantFrom(",", ";", "\t"), (givenName, familyName, order, separator) => {
        const person = { personId: "p-1", givenName, familyName };
        const cells: Record<string, string> = { given: givenName, family: familyName, class: "5B", other: "x" };
        expect(textMentions(`head\r\n${order.map((key) => cells[key]).join(separator)}\r\n`, person)).toBe(true);
      }),
    );
  });
});

describe("taking a person out of a record that the school keeps", () => {
  const record = {
    id: "roster-import-1",
    schoolId: "school-1",
    type: "roster-import",
    createdBy: "admin-1",
    rows: [
      { sourcedId: emma.sourcedId, givenName: "Emma", familyName: "Janssens", email: emma.email, personId: emma.personId, outcome: "created" },
      { sourcedId: "stu-louis", givenName: "Louis", familyName: "Janssens", outcome: "created" },
      { givenName: "Emma", familyName: "Janssens", outcome: "skipped" },
    ],
    errors: [{ row: 7, message: "Emma Janssens (stu-5b-emma-7f3a) is in two classes" }],
  };

  it("replaces their values and leaves everyone else's row as it was", () => {
    const { value, changed } = redactMentions(record, emma);
    expect(changed).toBe(true);
    expect(value.rows[0]).toEqual({ sourcedId: erasedMarker, givenName: erasedMarker, familyName: erasedMarker, email: erasedMarker, personId: emma.personId, outcome: "created" });
    expect(value.rows[1]).toEqual(record.rows[1]);
    expect(value.rows[2]).toEqual({ givenName: erasedMarker, familyName: erasedMarker, outcome: "skipped" });
    expect(value.errors[0]!.message).toBe(`${erasedMarker} (${erasedMarker}) is in two classes`);
    expect(value.id).toBe(record.id);
    expect(JSON.stringify(value)).not.toMatch(/Emma|emma\.janssens|stu-5b-emma/);
  });

  it("leaves a record without them unchanged", () => {
    const other = { ...record, rows: [record.rows[1]], errors: [] };
    expect(redactMentions(other, emma)).toEqual({ value: other, changed: false });
  });

  it("exports the rows about them, never the record that they only made", () => {
    expect(objectsAbout(record, emma)).toEqual([record.rows[0], record.rows[2]]);
    expect(objectsAbout(record, { personId: "admin-1", givenName: "Jan", familyName: "Maes" })).toEqual([]);
  });
});

describe("roster blobs", () => {
  it("reads the CSV files inside a OneRoster zip, and CSVs saved as Windows-1252", () => {
    const zip = zipSync({ "users.csv": strToU8("sourcedId,givenName\r\nstu-5b-emma-7f3a,Emma\r\n"), "manifest.csv": strToU8("propertyName,value\r\n") });
    expect(textsOf(zip).some((text) => textMentions(text, emma))).toBe(true);
    const latin1 = Buffer.from("Janssens;Zoë;5B\r\n", "latin1");
    expect(textsOf(latin1).some((text) => textMentions(text, { personId: "z", givenName: "Zoë", familyName: "Janssens" }))).toBe(true);
  });

  it("takes an upload's error report with it: same folder, or same stem in the school's folder", () => {
    const scope = { schoolId: "school-1" };
    const all = ["school-1/imp-1/upload.zip", "school-1/imp-1/errors.csv", "school-1/imp-2.csv", "school-1/imp-2.errors.csv", "school-1/imp-20.csv", "school-1/imp-3/upload.csv"];
    expect(companionsOf("school-1/imp-1/upload.zip", all, scope)).toEqual(["school-1/imp-1/errors.csv"]);
    expect(companionsOf("school-1/imp-2.csv", all, scope)).toEqual(["school-1/imp-2.errors.csv"]);
    expect(all.filter(isErrorReport)).toEqual(["school-1/imp-1/errors.csv", "school-1/imp-2.errors.csv"]);
  });
});

describe("retention", () => {
  it("keeps the same numbers as the storage account's lifecycle policy in the Bicep", () => {
    const bicep = readFileSync(join(process.cwd(), "infra-bicep/modules/storage.bicep"), "utf8");
    const inBicep = Object.fromEntries(objectEntries(bicep, "blobRetentionDays").map(({ key, value }) => [key, Number(value)]));
    expect(inBicep).toEqual(Object.fromEntries(retentionRules.map((rule) => [rule.container, rule.maxAgeDays])));
  });
});

describe("log lines", () => {
  it("redact names and e-mail addresses, should a field with one slip into a line", () => {
    const lines: string[] = [];
    const log = createLogger("info", {}, { write: (line: string) => void lines.push(line) });
    log.info({ email: "emma.janssens@school.example", person: { givenName: "Emma", familyName: "Janssens", displayName: "Emma Janssens" }, personId: emma.personId }, "x");
    expect(lines.join("")).not.toMatch(/Emma|Janssens|emma\./);
    expect(lines.join("")).toContain(emma.personId);
  });
});
