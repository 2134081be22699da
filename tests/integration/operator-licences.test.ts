import { randomUUID } from "node:crypto";
import type { LicenceState } from "../../shared/licences/index.js";
import { api } from "../support/catalogue.js";
import { licensingProvider, type LicensingProvider } from "../support/licences.js";
import { callerWith, freshInstellingsnummer, type TestCaller } from "../support/sessions.js";

/*
 * The operator's licence list: every provider's licences, newest change first, a page at a
 * time, narrowed by provider, school (instellingsnummer) and status. Licences come in by
 * snapshot, so that those of one snapshot share their change time: ties that pages must split
 * without losing or repeating a licence.
 */

type Listed = { providerId: string; licenceId: string; instellingsnummer: string; status: string; validity: string; updatedAt: string };

let operator: TestCaller;
let first: LicensingProvider;
let second: LicensingProvider;
const schoolX = freshInstellingsnummer();
const schoolY = freshInstellingsnummer();
const ids = { firstX: [] as string[], firstY: [] as string[], secondX: [] as string[], expired: [] as string[], upcoming: [] as string[], revoked: "" };

const stateAt = (instellingsnummer: string, toolIds: string[], validity: { validFrom: string; validUntil: string } = { validFrom: "2025-09-01", validUntil: "2031-08-31" }): LicenceState => ({
  licenceId: `O-${randomUUID()}`,
  instellingsnummer,
  scope: { level: "school" },
  toolIds,
  ...validity,
});

async function putSnapshot(provider: LicensingProvider, instellingsnummer: string, licences: LicenceState[]): Promise<void> {
  const answer = await api(`provider/licences/schools/${instellingsnummer}`, { method: "PUT", headers: provider.keyHeaders(), body: { instellingsnummer, licences } });
  expect(answer.status).toBe(200);
}

/** Follows `nextCursor` to the end; every page but the last is full. */
async function allPages(query: Record<string, string>, limit: number): Promise<Listed[][]> {
  const pages: Listed[][] = [];
  let cursor: string | undefined;
  do {
    const answer = await api(`operator/licences?${new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) }).toString()}`, { headers: operator.headers() });
    expect(answer.status).toBe(200);
    pages.push(answer.json.licences);
    cursor = answer.json.nextCursor;
    if (cursor) expect(answer.json.licences).toHaveLength(limit);
  } while (cursor);
  return pages;
}

const idsOf = (pages: Listed[][]): string[] => pages.flat().map((licence) => licence.licenceId);

beforeAll(async () => {
  operator = await callerWith("operator");
  [first, second] = await Promise.all([licensingProvider(1), licensingProvider(1)]);
  const active = Array.from({ length: 5 }, () => stateAt(schoolX, first.toolIds));
  const expired = Array.from({ length: 2 }, () => stateAt(schoolX, first.toolIds, { validFrom: "2020-09-01", validUntil: "2021-08-31" }));
  const upcoming = [stateAt(schoolX, first.toolIds, { validFrom: "2030-09-01", validUntil: "2031-08-31" })];
  await putSnapshot(first, schoolX, [...active, ...expired, ...upcoming]);
  const atY = Array.from({ length: 3 }, () => stateAt(schoolY, first.toolIds));
  await putSnapshot(first, schoolY, atY);
  const ofSecond = Array.from({ length: 4 }, () => stateAt(schoolX, second.toolIds));
  await putSnapshot(second, schoolX, ofSecond);
  // A snapshot without one licence revokes it, which makes it the newest change of the first provider.
  await putSnapshot(first, schoolX, [...active.slice(1), ...expired, ...upcoming]);
  ids.firstX = [...active, ...expired, ...upcoming].map((state) => state.licenceId);
  ids.firstY = atY.map((state) => state.licenceId);
  ids.secondX = ofSecond.map((state) => state.licenceId);
  ids.expired = expired.map((state) => state.licenceId);
  ids.upcoming = upcoming.map((state) => state.licenceId);
  ids.revoked = active[0]!.licenceId;
}, 60_000);

describe("the operator's licence list", () => {
  it("pages through one provider's licences newest change first, each exactly once, across ties", async () => {
    const pages = await allPages({ providerId: first.providerId }, 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 2]);
    const listed = pages.flat();
    expect(idsOf(pages).sort()).toEqual([...ids.firstX, ...ids.firstY].sort());
    expect(listed.every((licence) => licence.providerId === first.providerId)).toBe(true);
    expect(listed.map((licence) => licence.updatedAt)).toEqual(listed.map((licence) => licence.updatedAt).sort().reverse());
    expect(listed[0]).toMatchObject({ licenceId: ids.revoked, status: "revoked" });
  }, 120_000);

  it("pages through one school's licences of every provider, each exactly once", async () => {
    const pages = await allPages({ instellingsnummer: schoolX }, 4);
    expect(idsOf(pages).sort()).toEqual([...ids.firstX, ...ids.secondX].sort());
    expect(new Set(pages.flat().map((licence) => licence.instellingsnummer))).toEqual(new Set([schoolX]));
  }, 120_000);

  it("narrows by status as the list shows it: revoked, or the validity today", async () => {
    const byStatus = async (status: string) => idsOf(await allPages({ providerId: first.providerId, status }, 2)).sort();
    expect(await byStatus("revoked")).toEqual([ids.revoked]);
    expect(await byStatus("expired")).toEqual([...ids.expired].sort());
    expect(await byStatus("upcoming")).toEqual([...ids.upcoming].sort());
    const notActive = new Set([ids.revoked, ...ids.expired, ...ids.upcoming]);
    expect(await byStatus("active")).toEqual([...ids.firstX, ...ids.firstY].filter((id) => !notActive.has(id)).sort());
    const listed = (await allPages({ providerId: first.providerId, status: "expired" }, 50)).flat();
    expect(listed.every((licence) => licence.status === "active" && licence.validity === "expired")).toBe(true);
  }, 120_000);

  it("combines the filters", async () => {
    expect(idsOf(await allPages({ providerId: second.providerId, instellingsnummer: schoolX, status: "active" }, 50)).sort()).toEqual([...ids.secondX].sort());
    expect(idsOf(await allPages({ providerId: second.providerId, instellingsnummer: schoolY }, 50))).toEqual([]);
  }, 120_000);

  it.each([
    ["limit", { limit: "0" }],
    ["limit", { limit: "201" }],
    ["instellingsnummer", { instellingsnummer: "1234567" }],
    ["instellingsnummer", { instellingsnummer: "0" }],
    ["status", { status: "lapsed" }],
    ["cursor", { cursor: "not a cursor" }],
    ["cursor", { cursor: Buffer.from(JSON.stringify(["2026-01-01", 3, "id"])).toString("base64url") }],
  ])("refuses a bad %s with 400 naming the field", async (field, query) => {
    const answer = await api(`operator/licences?${new URLSearchParams(query).toString()}`, { headers: operator.headers() });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(answer.json.errors.map((error: { field: string }) => error.field)).toEqual([`query.${field}`]);
  });

  it("refuses a tampered cursor with 400 naming the field", async () => {
    const page = await api(`operator/licences?providerId=${first.providerId}&limit=2`, { headers: operator.headers() });
    const cursor = page.json.nextCursor as string;
    const decoded = Buffer.from(cursor, "base64url").toString("utf8");
    for (const tampered of [`${cursor.slice(0, -2)}${cursor.endsWith("A") ? "B" : "A"}`, cursor.slice(1), Buffer.from(decoded.slice(0, -1)).toString("base64url")]) {
      const answer = await api(`operator/licences?cursor=${encodeURIComponent(tampered)}`, { headers: operator.headers() });
      expect(answer.status).toBe(400);
      expect(answer.json.errors).toEqual([expect.objectContaining({ field: "query.cursor" })]);
    }
  });
});
