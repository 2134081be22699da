import { randomUUID } from "node:crypto";
import { decodeJwt, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import { documentStore } from "../../shared/adapters/index.js";
import { createKeyStore } from "../../shared/adapters/keys/index.js";
import { createSession } from "../../shared/identity/index.js";
import { createLtiPlatform, deepLinkOutcomeLifetimeSeconds, Pseudonyms, roleUri, sealDeepLinkOutcome } from "../../shared/lti/index.js";
import { addMember, createGroup, createPerson } from "../../shared/schools/index.js";
import { api, approve, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { authenticationRequestAfter, CookieJar, deepLinkingFormOf, formOf, postToTool, startLtijsTool, type LtijsTool, type ToolAnswer } from "../support/lti.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";
import { testSettings } from "../support/settings.js";
import { registerKeyedTool, type KeyedTool } from "../support/lti-tools.js";

/*
 * Deep Linking 2.0 against the running stack: ltijs (not our code) as the tool picks content
 * for a class, the platform checks its signed response and stores activities with their AGS
 * line items, and pupils launch them. Refusals with responses signed by a key of the test's own.
 */

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const returnUrl = `${baseUrl}/api/lti/deep-link/return`;
const dl = "https://purl.imsglobal.org/spec/lti-dl/claim/";
const lti = "https://purl.imsglobal.org/spec/lti/claim/";
const pseudonyms = new Pseudonyms(testSettings().LTI_PSEUDONYM_KEY);
const schoolData = () => documentStore().container("school-data");

interface Person {
  personId: string;
  jar: CookieJar;
}

let provider: TestProvider;
let schoolId: string;
let admin: TestCaller;
let classId: string;
let teacher: Person;
let pupil: Person;
let ltijsTool: LtijsTool;
let ltijsToolId: string;
/** A tool whose key the test holds, to sign responses ltijs would never send. */
let keyedTool: KeyedTool;

async function register(registration: Record<string, unknown>, marker = uniqueMarker()): Promise<string> {
  const registered = await api("provider/tools", {
    method: "POST",
    headers: provider.keyHeaders(),
    body: {
      registration: { type: "lti", ...registration },
      metadata: { title: { nl: `Oefentool ${marker}` }, description: { nl: "Een testtool." }, keywords: [marker], subjects: ["wiskunde"], stages: ["lager-graad-3"], languages: ["nl"], pricing: "free" },
    },
  });
  if (registered.status !== 201) throw new Error(`tool not registered: ${JSON.stringify(registered.json)}`);
  await approve(provider.providerId, registered.json.toolId, 1);
  return switchOn(registered.json.toolId as string);
}

/** The school admin switches the tool on for the school. */
async function switchOn(toolId: string): Promise<string> {
  const current = await api(`school/tools/${toolId}`, { headers: admin.headers() });
  const etag = current.json?.etag as string | null | undefined;
  const put = await api(`school/tools/${toolId}`, { method: "PUT", headers: { ...admin.headers("PUT"), ...(etag ? { "if-match": etag } : {}) }, body: { enabled: true } });
  if (put.status !== 200) throw new Error(`not enabled: ${JSON.stringify(put.json)}`);
  return toolId;
}

async function personIn(role: "pupil" | "teacher", groupId?: string): Promise<Person> {
  const person = await createPerson({ schoolId }, { roles: [role], givenName: "Jana", familyName: `Maes ${uniqueMarker()}` });
  if (groupId) await addMember({ schoolId }, groupId, person.id, role);
  const session = await createSession({ personId: person.id, displayName: "Jana Maes", roles: [role], schoolId });
  const jar = new CookieJar();
  jar.set(baseUrl, "leerspoor_session", session.id);
  return { personId: person.id, jar };
}

const tokenOf = (answer: ToolAnswer) => {
  if (!answer.ok) throw new Error(`the tool refused the launch: ${JSON.stringify(answer.error)}`);
  return answer.token;
};

/** The browser's way through a launch to ltijs: the platform's redirect → tool's login → authorization → form post to the tool. */
async function launchAtLtijs(person: Person, path: string): Promise<{ answer: ToolAnswer; ltik: string }> {
  const started = await person.jar.fetch(`${baseUrl}${path}`);
  expect(started.status).toBe(302);
  const login = await person.jar.fetch(started.headers.get("location")!);
  const authorized = await person.jar.fetch(login.headers.get("location")!);
  const { answer } = await postToTool(person.jar, formOf(await authorized.text()));
  return { answer, ltik: (answer as unknown as { ltik: string }).ltik };
}

async function activitiesOfClass(): Promise<{ id: string; title: string; toolId: string; custom: Record<string, string>; lineItemId?: string; targetLinkUri: string; text?: string }[]> {
  const listed = await api(`school/groups/${classId}/activities`, { headers: teacherCaller.headers() });
  expect(listed.status).toBe(200);
  return listed.json.activities;
}

/** The teacher's API caller: the same person and school as `teacher`, for JSON calls. */
let teacherCaller: { headers(method?: string): Record<string, string> };

/** The keyed tool's deep-linking request, as far as the id_token it would receive: its `data` and deployment. */
async function keyedRequest(person: Person = teacher, query = ""): Promise<{ data: string; deploymentId: string; settings: Record<string, unknown> }> {
  return keyedRequestFrom(person, await person.jar.fetch(`${baseUrl}/api/lti/deep-link/${keyedTool.toolId}?groupId=${classId}${query}`));
}

/** The id_token's request claims behind a started deep-linking launch (its redirect to the tool's login). */
async function keyedRequestFrom(person: Person, started: Response): Promise<{ data: string; deploymentId: string; settings: Record<string, unknown> }> {
  expect(started.status).toBe(302);
  const initiation = new URL(started.headers.get("location")!);
  const form = formOf(await (await person.jar.fetch(authenticationRequestAfter(initiation, "https://dl-tool.example.test/launch"))).text());
  const claims = decodeJwt(form.fields.id_token!);
  const settings = claims[`${dl}deep_linking_settings`] as Record<string, unknown>;
  return { data: settings.data as string, deploymentId: claims[`${lti}deployment_id`] as string, settings };
}

/** The sealed outcome in the address of the class page the return sends the teacher to; nothing else is in that address. */
function outcomeTokenIn(location: string | null, groupId = classId): string {
  const url = new URL(location ?? "", baseUrl);
  expect([url.pathname, [...url.searchParams.keys()]]).toEqual([`/school/klassen/${groupId}`, ["uitkomst"]]);
  return url.searchParams.get("uitkomst")!;
}

/** What the class page asks with the outcome of the address (as the teacher unless told). */
const readOutcome = (token: string, headers: Record<string, string> = teacherCaller.headers(), groupId = classId) =>
  api(`school/groups/${groupId}/deep-link-outcome?token=${encodeURIComponent(token)}`, { headers });

/** The page is told what the return said, as the teacher who picked. */
const outcomeBehind = async (location: string | null) => {
  const read = await readOutcome(outcomeTokenIn(location));
  expect(read.status).toBe(200);
  return read.json;
};

/** ltijs signs the response when the teacher (with ltijs' session cookie) submits the picked items. */
async function ltijsResponds(person: Person, ltik: string, body: { items: unknown[]; message?: string; errMessage?: string; log?: string; errLog?: string }): Promise<Response> {
  return fetch(`${ltijsTool.url}/deep-link/respond`, {
    method: "POST",
    headers: { authorization: `Bearer ${ltik}`, "content-type": "application/json", cookie: person.jar.header(ltijsTool.url) },
    body: JSON.stringify(body),
  });
}

/** ltijs deletes a line item (by its URL) with its service token; what the platform answered. */
async function ltijsDeletes(person: Person, ltik: string, lineItemId: string): Promise<{ ok: boolean; status?: number; body?: string }> {
  const response = await fetch(`${ltijsTool.url}/lineitem/delete`, {
    method: "POST",
    headers: { authorization: `Bearer ${ltik}`, "content-type": "application/json", cookie: person.jar.header(ltijsTool.url) },
    body: JSON.stringify({ lineItemId }),
  });
  const { ok, status, body } = await response.json();
  return { ok, ...(status ? { status } : {}), ...(body ? { body } : {}) };
}

const item = (title: string, extra: Record<string, unknown> = {}) => ({ type: "ltiResourceLink", title, url: "https://dl-tool.example.test/exercise", ...extra });

/** An LtiDeepLinkingResponse signed by the keyed tool, with claims to override or drop (`undefined`). */
async function keyedResponse(request: { data: string; deploymentId: string }, overrides: JWTPayload = {}, options: { key?: CryptoKey; iatOffset?: number } = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000) + (options.iatOffset ?? 0);
  const claims: JWTPayload = {
    iss: keyedTool.toolId,
    aud: baseUrl,
    iat,
    exp: iat + 60,
    nonce: randomUUID(),
    [`${lti}message_type`]: "LtiDeepLinkingResponse",
    [`${lti}version`]: "1.3.0",
    [`${lti}deployment_id`]: request.deploymentId,
    [`${dl}data`]: request.data,
    [`${dl}content_items`]: [item("Breuken 1")],
    ...overrides,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: keyedTool.kid, typ: "JWT" }).sign(options.key ?? keyedTool.privateKey);
}

/** Posts a response to the return URL as the teacher's browser; the refusal reason when it is a page. */
async function postReturn(jwt: string, person: Person = teacher): Promise<{ status: number; location: string | null; reason?: string; html: string }> {
  const response = await person.jar.fetch(returnUrl, { form: { JWT: jwt } });
  const html = await response.text();
  return { status: response.status, location: response.headers.get("location"), html, ...(/data-reason="([^"]+)"/.exec(html) ? { reason: /data-reason="([^"]+)"/.exec(html)![1]! } : {}) };
}

beforeAll(async () => {
  provider = await newProvider();
  schoolId = await schoolFor();
  admin = await callerWith("schoolAdmin", schoolId);
  classId = (await createGroup({ schoolId }, { groupType: "class", name: "4B", schoolYear: "2026-2027" })).id;
  teacher = await personIn("teacher", classId);
  const teacherSession = teacher.jar.get(baseUrl, "leerspoor_session")!;
  const csrf = (await (await teacher.jar.fetch(`${baseUrl}/api/me`)).json()).csrfToken as string;
  teacherCaller = {
    headers: (method = "GET") => ({
      cookie: `leerspoor_session=${teacherSession}`,
      ...(method === "GET" ? {} : { "x-csrf-token": csrf, "content-type": "application/json" }),
    }),
  };
  pupil = await personIn("pupil", classId);

  ltijsTool = await startLtijsTool();
  ltijsToolId = await register({
    loginInitiationUrl: `${ltijsTool.url}/login`,
    redirectUris: [`${ltijsTool.url}/`],
    targetLinkUri: `${ltijsTool.url}/`,
    deepLinkingUrl: `${ltijsTool.url}/`,
    key: { kind: "jwks-url", url: `${ltijsTool.url}/keys` },
    customParameters: { level: "start" },
    services: ["ags", "deep-linking"],
  });
  await ltijsTool.register({ issuer: baseUrl, clientId: ltijsToolId, authorizationEndpoint: `${baseUrl}/api/lti/authorize`, jwksUrl: `${baseUrl}/api/lti/jwks` });

  keyedTool = await registerKeyedTool(provider, ["deep-linking"], { titleWord: "Oefentool", origin: "https://dl-tool.example.test" });
  await switchOn(keyedTool.toolId);
}, 120_000);

afterAll(async () => {
  await ltijsTool?.close();
});

describe("deep linking with ltijs as the tool", () => {
  let picked: Awaited<ReturnType<typeof activitiesOfClass>>;

  it("sends the teacher's deep-linking request with its settings, and stores the items ltijs signs as activities with line items", async () => {
    const { answer, ltik } = await launchAtLtijs(teacher, `/api/lti/deep-link/${ltijsToolId}?groupId=${classId}`);
    const token = tokenOf(answer);
    expect(token.platformContext.messageType).toBe("LtiDeepLinkingRequest");
    expect(token.platformContext.roles).toContain(roleUri.instructor);
    expect(token.platformContext.deepLinkingSettings).toEqual({
      deep_link_return_url: returnUrl,
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: ["window", "iframe"],
      accept_multiple: true,
      accept_lineitem: true,
      auto_create: true,
      data: expect.any(String),
    });

    const items = [
      { type: "ltiResourceLink", title: "Tafels van 3", text: "Tien sommen", url: `${ltijsTool.url}/`, custom: { exercise: "tafels-3" }, lineItem: { scoreMaximum: 10, label: "Tafels van 3", resourceId: "tafels-3", tag: "oefening" } },
      { type: "ltiResourceLink", title: "Tafels van 4", custom: { exercise: "tafels-4" }, lineItem: { scoreMaximum: 20 }, window: { targetName: "oefening" } },
      { type: "ltiResourceLink", title: "Uitleg tafels" },
    ];
    const respond = await ltijsResponds(teacher, ltik, { items, message: "3 oefeningen gekozen" });
    expect(respond.status).toBe(200);
    const form = deepLinkingFormOf(await respond.text());
    expect(form.action).toBe(returnUrl);

    const returned = await postReturn(form.jwt);
    expect(returned.status).toBe(303);
    expect(returned.location).not.toContain("oefeningen");
    expect(await outcomeBehind(returned.location)).toEqual({ added: 3, message: "3 oefeningen gekozen" });

    picked = await activitiesOfClass();
    expect(picked.map((activity) => [activity.title, activity.custom, activity.toolId])).toEqual([
      ["Tafels van 3", { exercise: "tafels-3" }, ltijsToolId],
      ["Tafels van 4", { exercise: "tafels-4" }, ltijsToolId],
      ["Uitleg tafels", {}, ltijsToolId],
    ]);
    expect(picked[0]).toMatchObject({ text: "Tien sommen", targetLinkUri: `${ltijsTool.url}/`, presentation: "window", createdBy: teacher.personId });
    expect(picked[2]!.targetLinkUri).toBe(`${ltijsTool.url}/`);
    expect(picked[2]!.lineItemId).toBeUndefined();

    for (const [index, label, scoreMaximum] of [[0, "Tafels van 3", 10], [1, "Tafels van 4", 20]] as const) {
      const lineItem = await schoolData().read<Record<string, unknown>>(picked[index]!.lineItemId!, schoolId);
      expect(lineItem).toMatchObject({
        type: "lti-lineitem",
        toolId: ltijsToolId,
        groupId: classId,
        contextId: pseudonyms.contextIdOf(classId, ltijsToolId),
        label,
        scoreMaximum,
        resourceLinkId: pseudonyms.resourceLinkIdOf(ltijsToolId, schoolId, `activity:${picked[index]!.id}`),
      });
    }
    expect(await schoolData().read<Record<string, unknown>>(picked[0]!.lineItemId!, schoolId)).toMatchObject({ resourceId: "tafels-3", tag: "oefening" });
  }, 60_000);

  it("launches an activity for a pupil of the class with its resource link, custom parameters and line item, and the tool's score lands on it", async () => {
    const activity = picked[0]!;
    const { answer, ltik } = await launchAtLtijs(pupil, `/api/lti/activities/${activity.id}/launch`);
    const token = tokenOf(answer);
    expect(token.platformContext.messageType).toBe("LtiResourceLinkRequest");
    expect(token.platformContext.resource).toEqual({ id: pseudonyms.resourceLinkIdOf(ltijsToolId, schoolId, `activity:${activity.id}`), title: "Tafels van 3", description: "Tien sommen" });
    expect(token.platformContext.custom).toEqual({ level: "start", exercise: "tafels-3" });
    expect(token.platformContext.context?.id).toBe(pseudonyms.contextIdOf(classId, ltijsToolId));
    const lineItemsUrl = `${baseUrl}/api/lti/contexts/${pseudonyms.contextIdOf(classId, ltijsToolId)}/lineitems`;
    expect(token.platformContext.endpoint?.lineitem).toBe(`${lineItemsUrl}/${activity.lineItemId}?deployment_id=${schoolId}`);

    const graded = await pupil.jar.fetch(`${ltijsTool.url}/grade`, { method: "POST", headers: { authorization: `Bearer ${ltik}` } });
    expect(await graded.json()).toMatchObject({ ok: true, lineItemId: token.platformContext.endpoint?.lineitem });
    const score = await schoolData().read<Record<string, unknown>>(`lti-score:${activity.lineItemId}:${pupil.personId}`, schoolId);
    expect(score).toMatchObject({ scoreGiven: 8, scoreMaximum: 10, groupId: classId });
  }, 60_000);

  it("refuses the tool's deletion of an activity's line item, so later launches name a line item that answers and the teacher keeps its scores; the tool's own line item it may delete", async () => {
    const activity = picked[0]!;
    const scoresOfClass = async () => {
      const read = await api(`school/groups/${classId}/scores`, { headers: teacherCaller.headers() });
      expect(read.status).toBe(200);
      return read.json.lineItems as { lineItemId: string; scores: { personId: string; scoreGiven?: number }[] }[];
    };
    const first = await launchAtLtijs(pupil, `/api/lti/activities/${activity.id}/launch`);
    const lineItemUrl = tokenOf(first.answer).platformContext.endpoint?.lineitem as string;
    const refusal = await ltijsDeletes(pupil, first.ltik, lineItemUrl);
    expect([refusal.ok, refusal.status, JSON.parse(refusal.body ?? "{}").type]).toEqual([false, 403, "urn:leerspoor:problem:platform-line-item"]);

    const again = tokenOf((await launchAtLtijs(pupil, `/api/lti/activities/${activity.id}/launch`)).answer);
    expect(again.platformContext.endpoint?.lineitem).toBe(lineItemUrl);
    expect(await schoolData().read(activity.lineItemId!, schoolId)).toMatchObject({ type: "lti-lineitem", activityId: activity.id });
    const kept = (await scoresOfClass()).find((column) => column.lineItemId === activity.lineItemId);
    expect(kept?.scores).toEqual([expect.objectContaining({ personId: pupil.personId, scoreGiven: 8 })]);

    // A tile launch has no line item: ltijs makes its own, scores on it, and may delete it again, scores and all.
    const tile = await launchAtLtijs(pupil, `/api/lti/launch/${ltijsToolId}?groupId=${classId}`);
    const graded = await (await pupil.jar.fetch(`${ltijsTool.url}/grade`, { method: "POST", headers: { authorization: `Bearer ${tile.ltik}` } })).json();
    expect(graded.ok).toBe(true);
    const ownId = decodeURIComponent(new URL(graded.lineItemId).pathname.split("/").pop()!);
    expect((await scoresOfClass()).map((column) => column.lineItemId)).toContain(ownId);
    expect(await ltijsDeletes(pupil, tile.ltik, graded.lineItemId)).toEqual({ ok: true });
    expect((await scoresOfClass()).map((column) => column.lineItemId)).toEqual(expect.arrayContaining([activity.lineItemId]));
    expect((await scoresOfClass()).map((column) => column.lineItemId)).not.toContain(ownId);
  }, 60_000);

  it("refuses the launch of an activity to a pupil outside the class, an unknown activity and one of another school", async () => {
    const outsider = await personIn("pupil");
    const refused = await outsider.jar.fetch(`${baseUrl}/api/lti/activities/${picked[0]!.id}/launch`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('data-reason="not-in-group"');
    const unknown = await pupil.jar.fetch(`${baseUrl}/api/lti/activities/${randomUUID()}/launch`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('data-reason="unknown-activity"');
    const elsewhere = await callerWith("teacher");
    const otherSchool = await fetch(`${baseUrl}/api/lti/activities/${picked[0]!.id}/launch`, { headers: elsewhere.headers(), redirect: "manual" });
    expect(otherSchool.status).toBe(404);
  });

  it("takes zero items as a cancelled choice, and tells the teacher the tool's error without storing anything", async () => {
    const before = (await activitiesOfClass()).length;
    const cancelled = await launchAtLtijs(teacher, `/api/lti/deep-link/${ltijsToolId}?groupId=${classId}`);
    const none = await ltijsResponds(teacher, cancelled.ltik, { items: [] });
    const returned = await postReturn(deepLinkingFormOf(await none.text()).jwt);
    expect(returned.status).toBe(303);
    expect(await outcomeBehind(returned.location)).toEqual({ added: 0 });

    const failing = await launchAtLtijs(teacher, `/api/lti/deep-link/${ltijsToolId}?groupId=${classId}`);
    const error = await ltijsResponds(teacher, failing.ltik, { items: [], errMessage: "De oefenbank is even niet bereikbaar", errLog: "exercise bank timeout after 30 s" });
    const failed = await postReturn(deepLinkingFormOf(await error.text()).jwt);
    expect(failed.status).toBe(303);
    // The tool's error log is for the platform's log, not for the teacher.
    expect(await outcomeBehind(failed.location)).toEqual({ added: 0, errorMessage: "De oefenbank is even niet bereikbaar" });
    expect((await activitiesOfClass()).length).toBe(before);
  }, 60_000);

  it("adds what the tool still handed over with an error, and tells the teacher both, but not the tool's log", async () => {
    const before = (await activitiesOfClass()).length;
    const partial = await launchAtLtijs(teacher, `/api/lti/deep-link/${ltijsToolId}?groupId=${classId}`);
    const response = await ltijsResponds(teacher, partial.ltik, {
      items: [item("Breuken vergelijken")],
      message: "1 oefening gekozen",
      errMessage: "Breuken optellen kon niet mee",
      log: "picked 1 of 2",
      errLog: "item breuken-optellen has no licence",
    });
    const returned = await postReturn(deepLinkingFormOf(await response.text()).jwt);
    expect(returned.status).toBe(303);
    expect(await outcomeBehind(returned.location)).toEqual({ added: 1, message: "1 oefening gekozen", errorMessage: "Breuken optellen kon niet mee" });
    const after = await activitiesOfClass();
    expect(after.length).toBe(before + 1);
    expect(after.map((activity) => activity.title)).toContain("Breuken vergelijken");
  }, 60_000);

  it("lets the teacher remove an activity", async () => {
    const removed = await api(`school/groups/${classId}/activities/${picked[2]!.id}`, { method: "DELETE", headers: teacherCaller.headers("DELETE") });
    expect(removed.status).toBe(204);
    expect((await activitiesOfClass()).map((activity) => activity.id)).not.toContain(picked[2]!.id);
    const again = await api(`school/groups/${classId}/activities/${picked[2]!.id}`, { method: "DELETE", headers: teacherCaller.headers("DELETE") });
    expect(again.status).toBe(404);
  });
});

describe("deep-linking responses the platform refuses, storing nothing", () => {
  const refusedWithNothingStored = async (jwt: string, expected: { status: number; reason: string }, person: Person = teacher) => {
    const before = (await activitiesOfClass()).length;
    const returned = await postReturn(jwt, person);
    expect([returned.status, returned.reason, returned.html]).toEqual([expected.status, expected.reason, expect.stringContaining("<h1>")]);
    expect((await activitiesOfClass()).length).toBe(before);
  };

  it("accepts a correct response signed with the tool's registered key (the baseline of the cases below)", async () => {
    const request = await keyedRequest();
    expect(request.settings.accept_multiple).toBe(true);
    const returned = await postReturn(await keyedResponse(request));
    expect(returned.status).toBe(303);
    expect(await outcomeBehind(returned.location)).toEqual({ added: 1 });
    expect((await activitiesOfClass()).some((activity) => activity.toolId === keyedTool.toolId && activity.targetLinkUri === "https://dl-tool.example.test/exercise")).toBe(true);
  });

  it("refuses a tampered signature", async () => {
    const [header, payload, signature] = (await keyedResponse(await keyedRequest())).split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
    claims[`${dl}content_items`] = [item("Ingeschoven"), item("Nog een")];
    await refusedWithNothingStored(`${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`, { status: 400, reason: "response-invalid" });
  });

  it("refuses a response signed by another key", async () => {
    const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
    await refusedWithNothingStored(await keyedResponse(await keyedRequest(), {}, { key: privateKey as CryptoKey }), { status: 400, reason: "response-invalid" });
  });

  it("refuses an expired response", async () => {
    await refusedWithNothingStored(await keyedResponse(await keyedRequest(), {}, { iatOffset: -600 }), { status: 400, reason: "response-expired" });
  });

  it("refuses a replayed response", async () => {
    const jwt = await keyedResponse(await keyedRequest());
    expect((await postReturn(jwt)).status).toBe(303);
    await refusedWithNothingStored(jwt, { status: 409, reason: "response-replayed" });
  });

  it("refuses a second response to the same request", async () => {
    const request = await keyedRequest();
    expect((await postReturn(await keyedResponse(request))).status).toBe(303);
    await refusedWithNothingStored(await keyedResponse(request), { status: 409, reason: "response-replayed" });
  });

  it("refuses a response for another audience, of another message type or another deployment", async () => {
    await refusedWithNothingStored(await keyedResponse(await keyedRequest(), { aud: "https://other-platform.example.test" }), { status: 400, reason: "response-invalid" });
    await refusedWithNothingStored(await keyedResponse(await keyedRequest(), { [`${lti}message_type`]: "LtiResourceLinkRequest" }), { status: 400, reason: "response-invalid" });
    await refusedWithNothingStored(await keyedResponse(await keyedRequest(), { [`${lti}deployment_id`]: "school-000000" }), { status: 400, reason: "response-invalid" });
  });

  it("accepts an aud that is a list naming the platform's issuer, and refuses a list that does not name it", async () => {
    const listed = await postReturn(await keyedResponse(await keyedRequest(), { aud: ["https://other-platform.example.test", baseUrl] }));
    expect(listed.status).toBe(303);
    expect(await outcomeBehind(listed.location)).toEqual({ added: 1 });
    await refusedWithNothingStored(await keyedResponse(await keyedRequest(), { aud: ["https://other-platform.example.test", `${baseUrl}/api`] }), { status: 400, reason: "response-invalid" });
  });

  it("refuses forged or missing data, and data of another teacher's request", async () => {
    const request = await keyedRequest();
    const forged = `${request.data.slice(0, -6)}AAAAAA`;
    await refusedWithNothingStored(await keyedResponse(request, { [`${dl}data`]: forged }), { status: 400, reason: "data-invalid" });
    await refusedWithNothingStored(await keyedResponse(request, { [`${dl}data`]: undefined }), { status: 400, reason: "data-invalid" });
    const colleague = await personIn("teacher", classId);
    const theirs = await keyedRequest(colleague);
    await refusedWithNothingStored(await keyedResponse(theirs), { status: 403, reason: "other-person" });
  });

  it("refuses several items when one was asked for, and items of a type it did not accept", async () => {
    const single = await keyedRequest(teacher, "&multiple=false");
    expect(single.settings.accept_multiple).toBe(false);
    await refusedWithNothingStored(await keyedResponse(single, { [`${dl}content_items`]: [item("Een"), item("Twee")] }), { status: 422, reason: "items-not-accepted" });
    await refusedWithNothingStored(
      await keyedResponse(await keyedRequest(), { [`${dl}content_items`]: [item("Goed"), { type: "link", url: "https://dl-tool.example.test/page", title: "Een pagina" }] }),
      { status: 422, reason: "items-not-accepted" },
    );
  });

  it("refuses a response for a class that is no longer active", async () => {
    const ending = (await createGroup({ schoolId }, { groupType: "group", name: `Project ${uniqueMarker()}` })).id;
    const member = await personIn("teacher", ending);
    const started = await member.jar.fetch(`${baseUrl}/api/lti/deep-link/${keyedTool.toolId}?groupId=${ending}`);
    const request = await keyedRequestFrom(member, started);
    await schoolData().modify<{ id: string; status?: string }>(ending, schoolId, (group) => ({ ...group, status: "inactive" }));
    const returned = await postReturn(await keyedResponse(request), member);
    expect([returned.status, returned.reason]).toEqual([404, "group-not-found"]);
    const stored = await schoolData().query({ query: "SELECT * FROM c WHERE c.type = 'activity' AND c.groupId = @groupId", parameters: [{ name: "@groupId", value: ending }] }, { partitionKey: schoolId });
    expect(stored).toEqual([]);
  });

  it("refuses a response without the form field, and one not signed at all", async () => {
    const empty = await teacher.jar.fetch(returnUrl, { form: { other: "x" } });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('data-reason="response-invalid"');
    await refusedWithNothingStored("not.a.jwt", { status: 400, reason: "response-invalid" });
  });

  it("asks the browser to post again from the portal when the session cookie did not come along (SameSite)", async () => {
    const jwt = await keyedResponse(await keyedRequest());
    const anonymous = await fetch(returnUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ JWT: jwt }).toString() });
    expect(anonymous.status).toBe(200);
    const again = formOf(await anonymous.text());
    expect(again).toEqual({ action: returnUrl, fields: { JWT: jwt, leerspoor_resubmitted: "1" } });
    const resubmitted = await teacher.jar.fetch(again.action, { form: again.fields });
    expect(resubmitted.status).toBe(303);
    const signedOut = await fetch(returnUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ JWT: jwt, leerspoor_resubmitted: "1" }).toString() });
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).toContain('data-reason="not-signed-in"');
  });

  it("does not start deep linking for pupils, nor for a tool that did not register for it, which teachers are not offered", async () => {
    const forbidden = await pupil.jar.fetch(`${baseUrl}/api/lti/deep-link/${keyedTool.toolId}?groupId=${classId}`);
    expect(forbidden.status).toBe(403);
    const plainTool = await register({
      loginInitiationUrl: "https://plain-tool.example.test/login",
      redirectUris: ["https://plain-tool.example.test/launch"],
      targetLinkUri: "https://plain-tool.example.test/launch",
      key: { kind: "jwks-url", url: "https://plain-tool.example.test/keys" },
    });
    const refused = await teacher.jar.fetch(`${baseUrl}/api/lti/deep-link/${plainTool}?groupId=${classId}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('data-reason="no-deep-linking"');

    const offered = await api("school/activity-tools", { headers: teacherCaller.headers() });
    expect(offered.status).toBe(200);
    const offeredIds = offered.json.tools.map((tool: { toolId: string }) => tool.toolId);
    expect(offeredIds).toEqual(expect.arrayContaining([ltijsToolId, keyedTool.toolId]));
    expect(offeredIds).not.toContain(plainTool);
  });
});

describe("the outcome the class page is sent back with", () => {
  const headersOf = (person: Person) => ({ cookie: person.jar.header(baseUrl) });
  const refusedToken = (read: { status: number; json: any }, message: string) =>
    expect([read.status, read.json.type, read.json.errors]).toEqual([400, "urn:leerspoor:problem:validation", [{ field: "query.token", message }]]);

  it("is read only by the teacher who picked, for the class it was picked for: not by a colleague, the school admin, another class or another school", async () => {
    const token = outcomeTokenIn((await postReturn(await keyedResponse(await keyedRequest(), { [`${dl}msg`]: "Breuken 1 gekozen" }))).location);
    const read = await readOutcome(token);
    expect([read.status, read.headers.get("cache-control"), read.json]).toEqual([200, "no-store", { added: 1, message: "Breuken 1 gekozen" }]);

    refusedToken(await readOutcome(token, headersOf(await personIn("teacher", classId))), "issued for another teacher or class");
    refusedToken(await readOutcome(token, admin.headers()), "issued for another teacher or class");
    const otherClass = (await createGroup({ schoolId }, { groupType: "class", name: `4C ${uniqueMarker()}` })).id;
    refusedToken(await readOutcome(token, teacherCaller.headers(), otherClass), "issued for another teacher or class");
    const elsewhere = await readOutcome(token, (await callerWith("teacher")).headers());
    expect([elsewhere.status, elsewhere.headers.get("content-type")]).toEqual([404, "application/problem+json"]);
  });

  it("refuses a tampered, an expired, a missing token and a sealed value of another kind", async () => {
    const token = outcomeTokenIn((await postReturn(await keyedResponse(await keyedRequest()))).location);
    const [header, , iv, ciphertext, tag] = token.split(".");
    const flipped = `${ciphertext!.startsWith("A") ? "B" : "A"}${ciphertext!.slice(1)}`;
    refusedToken(await readOutcome(`${header}..${iv}.${flipped}.${tag}`), "not an outcome this portal gave out");

    const settings = testSettings();
    const earlier = createLtiPlatform({
      issuer: settings.PUBLIC_BASE_URL,
      keyStore: createKeyStore(settings),
      pseudonymKey: settings.LTI_PSEUDONYM_KEY,
      clock: () => new Date(Date.now() - (deepLinkOutcomeLifetimeSeconds + 60) * 1000),
    });
    const expired = await sealDeepLinkOutcome(earlier, { personId: teacher.personId, schoolId, groupId: classId }, { added: 2, message: "Bel 0900 00 00" });
    refusedToken(await readOutcome(expired), "expired");

    const missing = await api(`school/groups/${classId}/deep-link-outcome`, { headers: teacherCaller.headers() });
    expect([missing.status, missing.json.errors?.[0]?.field]).toEqual([400, "query.token"]);

    // The request's sealed `data` is bound to the same teacher, school and class, but it is not an outcome.
    refusedToken(await readOutcome((await keyedRequest()).data), "not an outcome this portal gave out");
  });
});
