import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { documentStore } from "../../shared/adapters/index.js";
import { claim } from "../../shared/lti/index.js";
import { homeActivitiesLimit } from "../../shared/paths/index.js";
import { addMember, createGroup, type Group } from "../../shared/schools/index.js";
import { api, approve, ltiTool, newProvider, uniqueMarker } from "../support/catalogue.js";
import { authenticationRequestAfter, CookieJar, formOf } from "../support/lti.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";

/*
 * The home page's API: the classes a tile can launch in (GET home/tiles `groups`), the
 * activities of the caller's own classes (GET home/activities), and the launch in a chosen
 * class, which only a member of it gets.
 */

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;

let toolId: string;
let toolTitle: string;
let toolOrigin: string;

async function setTool(schoolId: string, enabled: boolean): Promise<void> {
  const admin = await callerWith("schoolAdmin", schoolId);
  const current = await api(`school/tools/${toolId}`, { headers: admin.headers() });
  const etag = current.json?.etag as string | null | undefined;
  const put = await api(`school/tools/${toolId}`, { method: "PUT", headers: { ...admin.headers("PUT"), ...(etag ? { "if-match": etag } : {}) }, body: { enabled } });
  if (put.status !== 200) throw new Error(`tool not set: ${JSON.stringify(put.json)}`);
}

/** A school with the test tool on, its classes 5A and 5B and a reading group across classes. */
async function schoolWithClasses(): Promise<{ schoolId: string; classA: Group; classB: Group; reading: Group }> {
  const schoolId = await schoolFor();
  await setTool(schoolId, true);
  const [classA, classB, reading] = await Promise.all([
    createGroup({ schoolId }, { groupType: "class", name: "5B" }),
    createGroup({ schoolId }, { groupType: "class", name: "5A" }),
    createGroup({ schoolId }, { groupType: "group", name: "Leesgroep" }),
  ]);
  return { schoolId, classA, classB, reading };
}

async function member(role: "pupil" | "teacher", schoolId: string, ...groups: Group[]): Promise<TestCaller> {
  const caller = await callerWith(role, schoolId);
  for (const group of groups) await addMember({ schoolId }, group.id, caller.personId, role);
  return caller;
}

/** An activity a teacher placed for the group (as the deep-linking return stores it). */
async function activity(schoolId: string, groupId: string, title: string, createdAt: string, position = 0, tool = toolId): Promise<string> {
  const id = randomUUID();
  await documentStore()
    .container("school-data")
    .create({ id, schoolId, type: "activity", toolId: tool, groupId, title, targetLinkUri: `${toolOrigin}/launch`, custom: {}, presentation: "window", createdBy: randomUUID(), createdAt, position });
  return id;
}

const titlesOf = async (caller: TestCaller): Promise<string[]> => {
  const answer = await api("home/activities", { headers: caller.headers() });
  expect(answer.status).toBe(200);
  return (answer.json.activities as { title: string }[]).map((each) => each.title);
};

/** Leaving a class as the school does it: a teacher takes the pupil off the class. */
async function leave(schoolId: string, group: Group, pupil: TestCaller): Promise<void> {
  const teacher = await callerWith("teacher", schoolId);
  const removed = await fetch(`${baseUrl}/api/school/groups/${group.id}/members/${pupil.personId}`, { method: "DELETE", headers: teacher.headers("DELETE") });
  expect(removed.status).toBe(204);
}

/** The browser's way from a tile's link to the id_token the tool receives: launch → the tool's login → the authorization endpoint. */
async function contextOfLaunch(caller: TestCaller, query: string): Promise<{ title: string }> {
  const jar = new CookieJar();
  const [name, value] = caller.headers().cookie!.split("=") as [string, string];
  jar.set(baseUrl, name, value);
  const started = await jar.fetch(`${baseUrl}/api/lti/launch/${toolId}${query}`);
  expect(started.status).toBe(302);
  const initiation = new URL(started.headers.get("location")!);
  const answer = await jar.fetch(authenticationRequestAfter(initiation, `${toolOrigin}/launch`));
  expect(answer.status).toBe(200);
  return decodeJwt(formOf(await answer.text()).fields.id_token!)[claim.context] as { title: string };
}

beforeAll(async () => {
  const provider = await newProvider();
  const marker = uniqueMarker();
  const submission = ltiTool(marker);
  toolOrigin = new URL(submission.registration.targetLinkUri as string).origin;
  const registered = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: submission });
  if (registered.status !== 201) throw new Error(`tool not registered: ${JSON.stringify(registered.json)}`);
  toolId = registered.json.toolId as string;
  toolTitle = `Oefenkaart ${marker}`;
  await approve(provider.providerId, toolId, 1);
}, 120_000);

describe("the classes a tile launches in", () => {
  it("names the caller's active classes and groups, classes first, for pupils and teachers alike", async () => {
    const { schoolId, classA, classB, reading } = await schoolWithClasses();
    const pupil = await member("pupil", schoolId, reading, classA);
    const teacher = await member("teacher", schoolId, classA, classB);
    const alone = await callerWith("pupil", schoolId);

    const tiles = await api("home/tiles", { headers: pupil.headers() });
    expect(tiles.json.groups).toEqual([
      { groupId: classA.id, name: "5B", groupType: "class" },
      { groupId: reading.id, name: "Leesgroep", groupType: "group" },
    ]);
    expect(tiles.json.tiles.map((tile: { toolId: string }) => tile.toolId)).toEqual([toolId]);
    expect((await api("home/tiles", { headers: teacher.headers() })).json.groups.map((group: { name: string }) => group.name)).toEqual(["5A", "5B"]);
    expect((await api("home/tiles", { headers: alone.headers() })).json.groups).toEqual([]);

    await leave(schoolId, reading, pupil);
    expect((await api("home/tiles", { headers: pupil.headers() })).json.groups.map((group: { name: string }) => group.name)).toEqual(["5B"]);
  });

  it("launches a teacher of two classes in the class they chose, and by default in the first", async () => {
    const { schoolId, classA, classB } = await schoolWithClasses();
    const teacher = await member("teacher", schoolId, classA, classB);
    expect((await contextOfLaunch(teacher, `?groupId=${classA.id}`)).title).toBe("5B");
    expect((await contextOfLaunch(teacher, "")).title).toBe("5A");
  });

  it("refuses a pupil's launch in a class they left, or one of another school, with the friendly page", async () => {
    const { schoolId, classA, classB } = await schoolWithClasses();
    const other = await schoolWithClasses();
    const pupil = await member("pupil", schoolId, classA, classB);
    await leave(schoolId, classB, pupil);
    for (const groupId of [classB.id, other.classA.id]) {
      const refused = await fetch(`${baseUrl}/api/lti/launch/${toolId}?groupId=${groupId}`, { headers: pupil.headers(), redirect: "manual" });
      expect(refused.status).toBe(403);
      expect(refused.headers.get("content-type")).toMatch(/^text\/html/);
      const page = await refused.text();
      expect(page).toContain('data-reason="not-in-group"');
      expect(page).toContain("Je zit niet in deze klas of groep.");
    }
    const inOwnClass = await fetch(`${baseUrl}/api/lti/launch/${toolId}?groupId=${classA.id}`, { headers: pupil.headers(), redirect: "manual" });
    expect(inOwnClass.status).toBe(302);
  });

  it("refuses a teacher's launch in a group of another school", async () => {
    const { schoolId, classA } = await schoolWithClasses();
    const other = await schoolWithClasses();
    const teacher = await member("teacher", schoolId, classA);
    const refused = await fetch(`${baseUrl}/api/lti/launch/${toolId}?groupId=${other.classA.id}`, { headers: teacher.headers(), redirect: "manual" });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('data-reason="group-not-found"');
  });
});

describe("GET home/activities", () => {
  it("lists the activities of the caller's classes and groups, newest first, with tool, class and launch URL", async () => {
    const { schoolId, classA, classB, reading } = await schoolWithClasses();
    const pupil = await member("pupil", schoolId, classA, reading);
    const teacher = await member("teacher", schoolId, classA, classB);
    const first = await activity(schoolId, classA.id, "Tafels van 3", "2026-11-02T08:00:00.000Z");
    await activity(schoolId, reading.id, "Lezen 1", "2026-11-03T08:00:00.000Z", 0);
    await activity(schoolId, reading.id, "Lezen 2", "2026-11-03T08:00:00.000Z", 1);
    await activity(schoolId, classB.id, "Breuken", "2026-11-04T08:00:00.000Z");

    const answer = await api("home/activities", { headers: pupil.headers() });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.json.activities.map((each: { title: string }) => each.title)).toEqual(["Lezen 1", "Lezen 2", "Tafels van 3"]);
    expect(answer.json.activities[2]).toEqual({
      activityId: first,
      title: "Tafels van 3",
      toolId,
      toolTitle: { nl: toolTitle },
      groupId: classA.id,
      groupName: "5B",
      launchUrl: `/api/lti/activities/${first}/launch`,
      createdAt: "2026-11-02T08:00:00.000Z",
    });
    expect(await titlesOf(teacher)).toEqual(["Breuken", "Tafels van 3"]);
    expect(await titlesOf(await callerWith("pupil", schoolId))).toEqual([]);
  });

  it("never lists another school's activities, not even one placed under the same group id", async () => {
    const { schoolId, classA } = await schoolWithClasses();
    const other = await schoolWithClasses();
    const pupil = await member("pupil", schoolId, classA);
    const otherPupil = await member("pupil", other.schoolId, other.classA);
    await activity(schoolId, classA.id, "Eigen oefening", "2026-11-02T08:00:00.000Z");
    await activity(other.schoolId, classA.id, "Vreemde oefening", "2026-11-05T08:00:00.000Z");
    await activity(other.schoolId, other.classA.id, "Oefening van de andere school", "2026-11-05T08:00:00.000Z");
    expect(await titlesOf(pupil)).toEqual(["Eigen oefening"]);
    expect(await titlesOf(otherPupil)).toEqual(["Oefening van de andere school"]);
  });

  it("no longer lists a class's activities to a pupil who left it, and refuses to launch them", async () => {
    const { schoolId, classA, classB } = await schoolWithClasses();
    const pupil = await member("pupil", schoolId, classA, classB);
    await activity(schoolId, classA.id, "Tafels van 3", "2026-11-02T08:00:00.000Z");
    const left = await activity(schoolId, classB.id, "Breuken", "2026-11-04T08:00:00.000Z");
    expect(await titlesOf(pupil)).toEqual(["Breuken", "Tafels van 3"]);

    await leave(schoolId, classB, pupil);
    expect(await titlesOf(pupil)).toEqual(["Tafels van 3"]);
    const refused = await fetch(`${baseUrl}/api/lti/activities/${left}/launch`, { headers: pupil.headers(), redirect: "manual" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('data-reason="not-in-group"');
  });

  it("leaves out activities of tools the school turned off, and lists at most the newest ones", async () => {
    const { schoolId, classA } = await schoolWithClasses();
    const pupil = await member("pupil", schoolId, classA);
    const day = Date.parse("2026-09-01T08:00:00.000Z");
    for (let n = 1; n <= homeActivitiesLimit + 5; n++) await activity(schoolId, classA.id, `Oefening ${n}`, new Date(day + n * 3_600_000).toISOString());
    const listed = await titlesOf(pupil);
    expect(listed).toHaveLength(homeActivitiesLimit);
    expect(listed[0]).toBe(`Oefening ${homeActivitiesLimit + 5}`);
    expect(listed.at(-1)).toBe("Oefening 6");

    await setTool(schoolId, false);
    expect(await titlesOf(pupil)).toEqual([]);
  });

  it("cuts the list after the first ones of an older pick in the tool's order, not any of them", async () => {
    const { schoolId, classA } = await schoolWithClasses();
    const pupil = await member("pupil", schoolId, classA);
    const picked = 30;
    // Stored in reverse, so that an order the query happens to keep is not the tool's.
    for (let position = picked - 1; position >= 0; position--) await activity(schoolId, classA.id, `Oud ${position}`, "2026-10-01T08:00:00.000Z", position);
    for (let position = picked - 1; position >= 0; position--) await activity(schoolId, classA.id, `Nieuw ${position}`, "2026-10-02T08:00:00.000Z", position);
    const older = homeActivitiesLimit - picked;
    expect(await titlesOf(pupil)).toEqual([...Array.from({ length: picked }, (_, n) => `Nieuw ${n}`), ...Array.from({ length: older }, (_, n) => `Oud ${n}`)]);
  });

  it("lists the newest activities of the tools still on, however many newer ones a turned-off tool has", async () => {
    const { schoolId, classA } = await schoolWithClasses();
    const pupil = await member("pupil", schoolId, classA);
    await activity(schoolId, classA.id, "Tafels van 3", "2026-09-01T08:00:00.000Z");
    const turnedOff = randomUUID();
    const day = Date.parse("2026-10-01T08:00:00.000Z");
    for (let n = 1; n <= homeActivitiesLimit; n++) await activity(schoolId, classA.id, `Uit ${n}`, new Date(day + n * 3_600_000).toISOString(), 0, turnedOff);
    expect(await titlesOf(pupil)).toEqual(["Tafels van 3"]);
  });
});
