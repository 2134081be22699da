import type { Activity } from "../../shared/paths/index.js";
import { createGroup } from "../../shared/schools/index.js";
import { activityOf, storeActivities } from "../support/activities.js";
import { api } from "../support/catalogue.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";

/*
 * A class's activities, a page at a time, in the order they were added and, within one pick in
 * a tool (one time for all its items), in the tool's order. Picks of several items make ties
 * on the time that pages must split without losing or repeating an activity.
 */

let teacher: TestCaller;
let classId: string;
/** The activities of the class in the order the list must give them. */
const expected: string[] = [];

const pickedActivity = (schoolId: string, groupId: string, createdAt: string, position: number): Activity =>
  activityOf({ schoolId, groupId, createdAt, position, title: `Oefening ${createdAt.slice(11, 19)} ${position}` });

beforeAll(async () => {
  const schoolId = await schoolFor();
  teacher = await callerWith("teacher", schoolId);
  const [group, other] = await Promise.all([createGroup({ schoolId }, { groupType: "class", name: "5A" }), createGroup({ schoolId }, { groupType: "class", name: "5B" })]);
  classId = group.id;
  const picks = [
    { at: "2026-03-02T08:00:00.000Z", items: 5 },
    { at: "2026-03-02T09:00:00.000Z", items: 1 },
    { at: "2026-03-03T10:30:00.000Z", items: 7 },
  ];
  const activities = picks.flatMap((pick) => Array.from({ length: pick.items }, (_, position) => pickedActivity(schoolId, classId, pick.at, position)));
  expected.push(...activities.map((activity) => activity.id));
  // Stored in another order than listed, with another class's activities in between.
  const others = picks.map((pick) => pickedActivity(schoolId, other.id, pick.at, 0));
  await storeActivities([...activities.reverse(), ...others]);
}, 60_000);

const list = (query = "") => api(`school/groups/${classId}/activities${query}`, { headers: teacher.headers() });

describe("a class's activities, paged", () => {
  it("gives every activity of the class exactly once, in the order added and picked, a page at a time", async () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const answer = await list(`?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(answer.status).toBe(200);
      pages.push(answer.json.activities.map((activity: { id: string }) => activity.id));
      cursor = answer.json.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([4, 4, 4, 1]);
    expect(pages.flat()).toEqual(expected);
  }, 120_000);

  it("answers the whole class on the first page when it is not longer than a page, without a cursor", async () => {
    const answer = await list();
    expect(answer.status).toBe(200);
    expect(answer.json.activities.map((activity: { id: string }) => activity.id)).toEqual(expected);
    expect(answer.json.nextCursor).toBeUndefined();
  }, 60_000);

  it.each([
    ["limit", "?limit=0"],
    ["limit", "?limit=many"],
    ["cursor", "?cursor=%25%25"],
    // A cursor of the operator's licence list: three texts, where this list's second value is a number.
    ["cursor", `?cursor=${Buffer.from(JSON.stringify(["2026-01-01", "provider", "licence.L-1"])).toString("base64url")}`],
  ])("refuses a bad %s with 400 naming the field", async (field, query) => {
    const answer = await list(query);
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((error: { field: string }) => error.field)).toEqual([`query.${field}`]);
  });

  it("refuses a tampered cursor with 400 naming the field", async () => {
    const cursor = (await list("?limit=2")).json.nextCursor as string;
    const decoded = Buffer.from(cursor, "base64url").toString("utf8");
    for (const tampered of [cursor.slice(3), Buffer.from(decoded.replace("]", ",1]")).toString("base64url"), `${cursor}=`]) {
      const answer = await list(`?cursor=${encodeURIComponent(tampered)}`);
      expect(answer.status).toBe(400);
      expect(answer.json.errors).toEqual([expect.objectContaining({ field: "query.cursor" })]);
    }
  });
});
