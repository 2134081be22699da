import type { LtiMember } from "ltijs";
import { createSession } from "../../shared/identity/index.js";
import { Pseudonyms, roleUri } from "../../shared/lti/index.js";
import { addMember, createGroup, createPerson } from "../../shared/schools/index.js";
import { api, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { CookieJar, formOf, postToTool, registerLtijsTool, startLtijsTool, type LtijsTool } from "../support/lti.js";
import { clientAssertionOf, postTokenRequest, registerKeyedTool, serviceTokenOf, tokenForm, type KeyedTool } from "../support/lti-tools.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";
import { testSettings } from "../support/settings.js";

/*
 * Names and Role Provisioning Services 2.0 against the running stack: ltijs (not our code)
 * launches, reads the class through the launch's NRPS claim with its NamesAndRoles service
 * (token endpoint, paging and differences links), and other tools with keys of the test's own.
 */

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const tokenUrl = `${baseUrl}/api/lti/token`;
const nrpsScope = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const nrpsMediaType = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
const pseudonyms = new Pseudonyms(testSettings().LTI_PSEUDONYM_KEY);
/** Rosters made an hour ago: a differences link of now does not list them as changed. */
const anHourAgo = () => new Date(Date.now() - 3_600_000);

let provider: TestProvider;
let ltijsTool: LtijsTool;
let ltijsToolId: string;
/** Registered for NRPS with a key of the test's own, enabled at the school. */
let secondTool: KeyedTool;
/** Registered for AGS only, enabled at the school. */
let agsTool: KeyedTool;
let schoolId: string;
let admin: TestCaller;
let teacher: TestCaller;
/** Class 4C: five pupils and a teacher. */
let classId: string;
let pupilIds: string[];
let teacherId: string;
let launcher: { personId: string; jar: CookieJar };

async function enable(caller: TestCaller, toolId: string, dataSharing?: unknown): Promise<void> {
  const current = await api(`school/tools/${toolId}`, { headers: caller.headers() });
  const etag = current.json?.etag as string | null | undefined;
  const put = await api(`school/tools/${toolId}`, {
    method: "PUT",
    headers: { ...caller.headers("PUT"), ...(etag ? { "if-match": etag } : {}) },
    body: { enabled: true, ...(dataSharing ? { dataSharing } : {}) },
  });
  if (put.status !== 200) throw new Error(`not enabled: ${JSON.stringify(put.json)}`);
}

const accessTokenOf = (tool: KeyedTool, scope = nrpsScope): Promise<string> => serviceTokenOf(tool, tokenUrl, scope);

const membershipsUrlOf = (toolId: string, groupId = classId, deploymentId = schoolId) =>
  `${baseUrl}/api/lti/deployments/${deploymentId}/contexts/${pseudonyms.contextIdOf(groupId, toolId)}/memberships`;

async function read(url: string, token?: string) {
  const response = await fetch(url, { headers: { accept: nrpsMediaType, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const links = Object.fromEntries([...(response.headers.get("link") ?? "").matchAll(/<([^>]+)>;\s*rel="([^"]+)"/g)].map((match) => [match[2]!, match[1]!]));
  return { status: response.status, headers: response.headers, links, json: await response.json() };
}

/** A pupil's launch of the ltijs tool for a class, up to the `ltik` with which the tool's own routes are called. */
async function launchFor(groupId: string, jar = launcher.jar) {
  const started = await jar.fetch(`${baseUrl}/api/lti/launch/${ltijsToolId}?groupId=${groupId}`);
  expect(started.status).toBe(302);
  const login = await jar.fetch(started.headers.get("location")!);
  const authorized = await jar.fetch(login.headers.get("location")!);
  const { answer } = await postToTool(jar, formOf(await authorized.text()));
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return { token: answer.token, tool: { ltik: (answer as unknown as { ltik: string }).ltik, jar } };
}

/** ltijs' NamesAndRoles.getMembers, through the tool's /members route. */
async function ltijsMembers(launched: { ltik: string; jar: CookieJar }, options: { limit?: number; role?: string; pages?: number | "all"; url?: string; rlid?: boolean } = {}) {
  const query = new URLSearchParams(Object.entries(options).map(([name, value]) => [name, String(value)]));
  const response = await launched.jar.fetch(`${ltijsTool.url}/members?${query}`, { headers: { authorization: `Bearer ${launched.ltik}` } });
  const body = await response.json();
  if (!body.ok) throw new Error(JSON.stringify(body));
  return body.members as { id: string; context: Record<string, string>; members: LtiMember[]; next?: string; differences?: string };
}

async function personIn(groupId: string, role: "pupil" | "teacher", givenName: string, at = anHourAgo()): Promise<string> {
  const person = await createPerson({ schoolId }, { roles: [role], givenName, familyName: `Wouters ${uniqueMarker()}` }, at);
  await addMember({ schoolId }, groupId, person.id, role, undefined, at);
  return person.id;
}

const userIdsOf = (members: { user_id: string }[]) => members.map((member) => member.user_id).sort();
const subsAt = (toolId: string, personIds: string[]) => personIds.map((personId) => pseudonyms.subjectOf(personId, toolId)).sort();

beforeAll(async () => {
  provider = await newProvider();
  ltijsTool = await startLtijsTool();
  const marker = uniqueMarker();
  ltijsToolId = await registerLtijsTool(ltijsTool, provider, { marker, title: { nl: `Klaslijsttool ${marker}` }, services: ["nrps"] });
  await ltijsTool.register({ issuer: baseUrl, clientId: ltijsToolId, authorizationEndpoint: `${baseUrl}/api/lti/authorize`, jwksUrl: `${baseUrl}/api/lti/jwks` });
  secondTool = await registerKeyedTool(provider, ["nrps"], { titleWord: "Klaslijsttool" });
  agsTool = await registerKeyedTool(provider, ["ags"], { titleWord: "Klaslijsttool" });

  schoolId = await schoolFor();
  admin = await callerWith("schoolAdmin", schoolId);
  teacher = await callerWith("teacher", schoolId);
  for (const toolId of [ltijsToolId, secondTool.toolId, agsTool.toolId]) await enable(admin, toolId);
  classId = (await createGroup({ schoolId }, { groupType: "class", name: "4C", schoolYear: "2026-2027" })).id;
  pupilIds = [];
  for (const name of ["Amir", "Bo", "Charlotte", "Daan", "Elif"]) pupilIds.push(await personIn(classId, "pupil", name));
  teacherId = await personIn(classId, "teacher", "Mevrouw");
  const session = await createSession({ personId: pupilIds[0]!, displayName: "Amir", roles: ["pupil"], schoolId });
  launcher = { personId: pupilIds[0]!, jar: new CookieJar() };
  launcher.jar.set(baseUrl, "leerspoor_session", session.id);
}, 120_000);

afterAll(async () => {
  await ltijsTool?.close();
});

describe("NRPS 2.0 with ltijs as the tool", () => {
  it("puts the memberships URL in the launch, and ltijs reads the whole class in pages of two", async () => {
    const { token, tool } = await launchFor(classId);
    expect(token.platformContext.namesRoles).toEqual({ context_memberships_url: membershipsUrlOf(ltijsToolId), service_versions: ["2.0"] });

    const firstPage = await ltijsMembers(tool, { limit: 2, pages: 1 });
    expect(firstPage.members).toHaveLength(2);
    expect(firstPage.next).toContain("limit=2");

    const all = await ltijsMembers(tool, { limit: 2, pages: "all" });
    expect(all.id).toBe(membershipsUrlOf(ltijsToolId));
    expect(all.context).toEqual({ id: pseudonyms.contextIdOf(classId, ltijsToolId), label: "4C", title: "4C (2026-2027)" });
    expect(userIdsOf(all.members)).toEqual(subsAt(ltijsToolId, [...pupilIds, teacherId]));
    // The launching pupil's sub is their user_id.
    expect(all.members.map((member) => member.user_id)).toContain(token.user);
    const byUser = new Map(all.members.map((member) => [member.user_id, member]));
    expect(byUser.get(pseudonyms.subjectOf(teacherId, ltijsToolId))).toEqual({ status: "Active", user_id: pseudonyms.subjectOf(teacherId, ltijsToolId), roles: [roleUri.instructor] });
    for (const pupilId of pupilIds) expect(byUser.get(pseudonyms.subjectOf(pupilId, ltijsToolId))).toMatchObject({ status: "Active", roles: [roleUri.learner] });
    expect(all.differences).toContain("since=");
  }, 60_000);

  it("answers pages with the NRPS media type, next links that advance and a differences link on each", async () => {
    const token = await accessTokenOf(secondTool);
    const seen: string[] = [];
    let url: string | undefined = `${membershipsUrlOf(secondTool.toolId)}?limit=4`;
    let pages = 0;
    while (url) {
      const page = await read(url, token);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain(nrpsMediaType);
      expect(page.links.differences).toBeDefined();
      seen.push(...page.json.members.map((member: { user_id: string }) => member.user_id));
      url = page.links.next;
      pages++;
    }
    expect(pages).toBe(2);
    expect([...seen].sort()).toEqual(subsAt(secondTool.toolId, [...pupilIds, teacherId]));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("serves a limit above the page size as a full page instead of refusing it", async () => {
    const page = await read(`${membershipsUrlOf(secondTool.toolId)}?limit=5000`, await accessTokenOf(secondTool));
    expect(page.status).toBe(200);
    expect(userIdsOf(page.json.members)).toEqual(subsAt(secondTool.toolId, [...pupilIds, teacherId]));
    expect(page.links.next).toBeUndefined();
    expect((await read(`${membershipsUrlOf(secondTool.toolId)}?limit=0`, await accessTokenOf(secondTool))).status).toBe(400);
  });

  it("filters by role, by short name in ltijs and by full URI, and answers for the launch's resource link", async () => {
    const { tool } = await launchFor(classId);
    const learners = await ltijsMembers(tool, { role: "Learner", pages: "all" });
    expect(userIdsOf(learners.members)).toEqual(subsAt(ltijsToolId, pupilIds));
    const ofTheLink = await ltijsMembers(tool, { rlid: true, limit: 2, pages: "all" });
    expect(userIdsOf(ofTheLink.members)).toEqual(subsAt(ltijsToolId, [...pupilIds, teacherId]));
    expect(ofTheLink.differences).toContain("rlid=");
    const instructors = await read(`${membershipsUrlOf(secondTool.toolId)}?role=${encodeURIComponent(roleUri.instructor)}`, await accessTokenOf(secondTool));
    expect(userIdsOf(instructors.json.members)).toEqual(subsAt(secondTool.toolId, [teacherId]));
  }, 60_000);

  it("gives another tool other user_ids for the same pupils", async () => {
    const page = await read(membershipsUrlOf(secondTool.toolId), await accessTokenOf(secondTool));
    expect(page.status).toBe(200);
    const theirs = userIdsOf(page.json.members);
    expect(theirs).toEqual(subsAt(secondTool.toolId, [...pupilIds, teacherId]));
    const ours = new Set(subsAt(ltijsToolId, [...pupilIds, teacherId]));
    expect(theirs.some((userId) => ours.has(userId))).toBe(false);
    expect(page.json.context.id).not.toBe(pseudonyms.contextIdOf(classId, ltijsToolId));
  });

  it("shares pupils' names only once the school switches it on for the tool", async () => {
    const { tool } = await launchFor(classId);
    const before = await ltijsMembers(tool, { pages: "all" });
    for (const member of before.members) expect(Object.keys(member).sort()).toEqual(["roles", "status", "user_id"]);

    const off = { name: false, email: false, picture: false };
    await enable(admin, ltijsToolId, { pupils: { ...off, name: true }, staff: off });
    try {
      const after = await ltijsMembers(tool, { pages: "all" });
      const byUser = new Map(after.members.map((member) => [member.user_id, member]));
      const amir = byUser.get(pseudonyms.subjectOf(pupilIds[0]!, ltijsToolId))!;
      expect(amir).toMatchObject({ given_name: "Amir", family_name: expect.stringMatching(/^Wouters /), name: expect.stringMatching(/^Amir Wouters /) });
      expect(amir.email).toBeUndefined();
      // The teacher is staff, whose switch stays off.
      expect(byUser.get(pseudonyms.subjectOf(teacherId, ltijsToolId))!.name).toBeUndefined();
    } finally {
      await enable(admin, ltijsToolId, { pupils: off, staff: off });
    }
  }, 60_000);

  it("lists in its differences link the pupil who left (Deleted) and the one who joined, and nobody else", async () => {
    const groupId = (await createGroup({ schoolId }, { groupType: "group", name: "Leesgroep" })).id;
    const staying = await personIn(groupId, "pupil", "Gust");
    const leaving = await personIn(groupId, "pupil", "Fien");
    // Gust launches: the platform caches a person's groups for a minute, so someone who launched before would not be in this new group yet.
    const jar = new CookieJar();
    jar.set(baseUrl, "leerspoor_session", (await createSession({ personId: staying, displayName: "Gust", roles: ["pupil"], schoolId })).id);
    const { tool } = await launchFor(groupId, jar);
    const first = await ltijsMembers(tool, { pages: "all" });
    expect(userIdsOf(first.members)).toEqual(subsAt(ltijsToolId, [leaving, staying]));
    expect(first.differences).toBeDefined();

    expect((await api(`school/groups/${groupId}/members/${leaving}`, { method: "DELETE", headers: teacher.headers("DELETE") })).status).toBe(204);
    const joining = (await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Hanne", familyName: "Maes" })).id;
    expect((await api(`school/groups/${groupId}/members/${joining}`, { method: "PUT", headers: teacher.headers("PUT"), body: { role: "pupil" } })).status).toBe(200);

    const changes = await ltijsMembers(tool, { url: first.differences!, pages: "all" });
    const sorted = [...changes.members].sort((a, b) => (a.user_id < b.user_id ? -1 : 1));
    expect(sorted).toEqual(
      [
        { status: "Deleted", user_id: pseudonyms.subjectOf(leaving, ltijsToolId), roles: [roleUri.learner] },
        { status: "Active", user_id: pseudonyms.subjectOf(joining, ltijsToolId), roles: [roleUri.learner] },
      ].sort((a, b) => (a.user_id < b.user_id ? -1 : 1)),
    );

    const now = await ltijsMembers(tool, { pages: "all" });
    expect(userIdsOf(now.members)).toEqual(subsAt(ltijsToolId, [staying, joining]));
  }, 60_000);
});

describe("NRPS 2.0 refusals", () => {
  it("answers a missing or invalid access token with 401 and WWW-Authenticate", async () => {
    const missing = await read(membershipsUrlOf(secondTool.toolId));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    const invalid = await read(membershipsUrlOf(secondTool.toolId), "not-a-token");
    expect(invalid.status).toBe(401);
    expect(invalid.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
  });

  it("grants the NRPS scope only to tools registered for it, and refuses an AGS token", async () => {
    const asked = await postTokenRequest(tokenUrl, tokenForm(await clientAssertionOf(agsTool, tokenUrl), nrpsScope));
    expect(asked.status).toBe(400);
    expect(asked.json.error).toBe("invalid_scope");
    const agsOnly = await read(membershipsUrlOf(agsTool.toolId), await accessTokenOf(agsTool, "https://purl.imsglobal.org/spec/lti-ags/scope/score"));
    expect(agsOnly.status).toBe(403);
    expect(agsOnly.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  });

  it("answers 404 for another tool's context, another deployment and an unknown context", async () => {
    const token = await accessTokenOf(secondTool);
    expect((await read(membershipsUrlOf(ltijsToolId), token)).status).toBe(404);

    const otherSchool = await schoolFor();
    await enable(await callerWith("schoolAdmin", otherSchool), secondTool.toolId);
    const otherDeployment = await read(membershipsUrlOf(secondTool.toolId, classId, otherSchool), token);
    expect(otherDeployment.status).toBe(404);
    expect(otherDeployment.headers.get("content-type")).toContain("application/problem+json");

    expect((await read(`${baseUrl}/api/lti/deployments/${schoolId}/contexts/no-such-context/memberships`, token)).status).toBe(404);
  });

  it("refuses a differences link altered or used on another context, naming the field", async () => {
    const token = await accessTokenOf(secondTool);
    const page = await read(membershipsUrlOf(secondTool.toolId), token);
    const differences = new URL(page.links.differences!);
    const since = differences.searchParams.get("since")!;

    const altered = new URL(differences);
    altered.searchParams.set("since", `${since.slice(0, -4)}AAAA`);
    const refused = await read(altered.toString(), token);
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([{ field: "query.since", message: expect.any(String) }]);

    const otherGroup = (await createGroup({ schoolId }, { groupType: "group", name: "Rekengroep" })).id;
    const elsewhere = await read(`${membershipsUrlOf(secondTool.toolId, otherGroup)}?since=${encodeURIComponent(since)}`, token);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json.errors[0].field).toBe("query.since");
  });
});
