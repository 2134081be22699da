import fc from "fast-check";
import { brusselsDateOf, grantsFor, scopeMatches, validityOn, type EntitlementGrant, type ToolEntitlement } from "../../shared/licences/index.js";

/* The rules a launch of a licensed tool follows: which grants let a person in on which day. */

const grant = (overrides: Partial<EntitlementGrant> = {}): EntitlementGrant => ({
  providerId: "provider-1",
  licenceId: "L1",
  scope: { level: "school" },
  validFrom: "2026-09-01",
  validUntil: "2027-08-31",
  ...overrides,
});
const entitlement = (grants: EntitlementGrant[]): ToolEntitlement => ({ id: "entitlement.tool-a", schoolId: "school-012345", type: "entitlement", toolId: "tool-a", grants, updatedAt: "2026-09-01T00:00:00Z" });
const pupil = { personId: "p1", roles: ["pupil"], groupIds: ["class-5b"] };

describe("licence rules", () => {
  it("takes the day of validity in Brussels, not in UTC", () => {
    expect(brusselsDateOf(new Date("2026-08-31T22:30:00Z"))).toBe("2026-09-01");
    expect(brusselsDateOf(new Date("2026-12-31T22:59:59Z"))).toBe("2026-12-31");
    expect(brusselsDateOf(new Date("2026-12-31T23:00:00Z"))).toBe("2027-01-01");
  });

  it("lets in from the first through the last day of validity, both included", () => {
    const valid = entitlement([grant()]);
    expect(grantsFor(valid, pupil, "2026-08-31")).toEqual([]);
    expect(grantsFor(valid, pupil, "2026-09-01")).toHaveLength(1);
    expect(grantsFor(valid, pupil, "2027-08-31")).toHaveLength(1);
    expect(grantsFor(valid, pupil, "2027-09-01")).toEqual([]);
  });

  it("matches a class to the person's groups and a teacher or pupil to the person in that role", () => {
    expect(scopeMatches(grant({ scope: { level: "class", groupId: "class-5b" } }), pupil)).toBe(true);
    expect(scopeMatches(grant({ scope: { level: "class", groupId: "class-6a" } }), pupil)).toBe(false);
    expect(scopeMatches(grant({ scope: { level: "class" } }), pupil)).toBe(false);
    expect(scopeMatches(grant({ scope: { level: "pupil", personId: "p1" } }), pupil)).toBe(true);
    expect(scopeMatches(grant({ scope: { level: "teacher", personId: "p1" } }), pupil)).toBe(false);
    expect(scopeMatches(grant({ scope: { level: "pupil", personId: "p2" } }), pupil)).toBe(false);
    expect(scopeMatches(grant({ scope: { level: "pupil" } }), pupil)).toBe(false);
  });

  it("puts the grants without a seat limit first, so a launch under them needs no seat", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }), { maxLength: 8 }), (seatCounts) => {
        const grants = seatCounts.map((seats, index) => grant({ licenceId: `L${index}`, ...(seats === undefined ? {} : { seats }) }));
        const found = grantsFor(entitlement(grants), pupil, "2026-10-01");
        expect(found).toHaveLength(grants.length);
        const firstSeated = found.findIndex((candidate) => candidate.seats !== undefined);
        if (firstSeated !== -1) expect(found.slice(firstSeated).every((candidate) => candidate.seats !== undefined)).toBe(true);
      }),
    );
  });

  it("warns from 30 days before the last day, and tells expired and upcoming licences apart", () => {
    const ending = { validFrom: "2026-09-01", validUntil: "2026-12-31" };
    expect(validityOn(ending, "2026-11-30")).toEqual({ validity: "active" });
    expect(validityOn(ending, "2026-12-02")).toEqual({ validity: "active", expiresInDays: 29 });
    expect(validityOn(ending, "2026-12-01")).toEqual({ validity: "active", expiresInDays: 30 });
    expect(validityOn(ending, "2026-12-31")).toEqual({ validity: "active", expiresInDays: 0 });
    expect(validityOn(ending, "2027-01-01")).toEqual({ validity: "expired" });
    expect(validityOn(ending, "2026-08-31")).toEqual({ validity: "upcoming" });
  });
});
