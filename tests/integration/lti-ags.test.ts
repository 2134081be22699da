import { generateKeyPair, type CryptoKey } from "jose";
import { createSession } from "../../shared/identity/index.js";
import { Pseudonyms } from "../../shared/lti/index.js";
import { addMember, createGroup, createPerson } from "../../shared/schools/index.js";
import { api, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { CookieJar, formOf, postToTool, registerLtijsTool, startLtijsTool, type LtijsTool } from "../support/lti.js";
import { clientAssertionOf, postTokenRequest, registerKeyedTool, serviceTokenOf, tokenForm, type KeyedTool } from "../support/lti-tools.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";
import { testSettings } from "../support/settings.js";

/*
 * LTI Advantage services against the running stack: the OAuth token endpoint (client
 * credentials with a JWT client assertion) and AGS 2.0, with keys of the test's own (jose)
 * and with ltijs (not our code) as the tool for the full flow.
 */

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const tokenUrl = `${baseUrl}/api/lti/token`;
const ags = "https://purl.imsglobal.org/spec/lti-ags/scope/";
const nrps = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

let provider: TestProvider;
/** A: registered for AGS; B: registered for no service. Both with a public key (JWK) in their registration. */
const tools: { a?: KeyedTool; b?: KeyedTool } = {};

const assertionOf = (tool: KeyedTool, overrides: Parameters<typeof clientAssertionOf>[2] = {}) => clientAssertionOf(tool, tokenUrl, overrides);
const requestToken = (form: Record<string, string>) => postTokenRequest(tokenUrl, form);

let schoolId: string;
let admin: TestCaller;
let teacher: TestCaller;
let classId: string;
let pupil: { personId: string; familyName: string; jar: CookieJar };
/** C: another tool registered for AGS, enabled at the same school. */
let otherTool: KeyedTool;
let ltijsTool: LtijsTool;
let ltijsToolId: string;
const pseudonyms = new Pseudonyms(testSettings().LTI_PSEUDONYM_KEY);

async function enable(toolId: string): Promise<void> {
  const put = await api(`school/tools/${toolId}`, { method: "PUT", headers: admin.headers("PUT"), body: { enabled: true } });
  if (put.status !== 200) throw new Error(`not enabled: ${JSON.stringify(put.json)}`);
}

const accessTokenOf = (tool: KeyedTool, scope = `${ags}lineitem ${ags}score ${ags}result.readonly`): Promise<string> => serviceTokenOf(tool, tokenUrl, scope);

const lineItemsUrlOf = (toolId: string) => `${baseUrl}/api/lti/contexts/${pseudonyms.contextIdOf(classId, toolId)}/lineitems?deployment_id=${schoolId}`;

async function call(url: string, token: string, init: { method?: string; body?: unknown; contentType?: string; accept?: string } = {}) {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.accept ? { accept: init.accept } : {}),
      ...(init.body !== undefined ? { "content-type": init.contentType ?? "application/vnd.ims.lis.v2.lineitem+json" } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** `/scores` or `/results` put before the line item URL's query string (AGS 2.0). */
const below = (lineItemUrl: string, segment: string) => {
  const [path, query] = lineItemUrl.split("?");
  return `${path}/${segment}?${query}`;
};

beforeAll(async () => {
  provider = await newProvider();
  tools.a = await registerKeyedTool(provider, ["ags"], { titleWord: "Scoretool" });
  tools.b = await registerKeyedTool(provider, [], { titleWord: "Scoretool" });
  otherTool = await registerKeyedTool(provider, ["ags"], { titleWord: "Scoretool" });
  schoolId = await schoolFor();
  admin = await callerWith("schoolAdmin", schoolId);
  teacher = await callerWith("teacher", schoolId);
  for (const tool of [tools.a, otherTool]) await enable(tool.toolId);
  classId = (await createGroup({ schoolId }, { groupType: "class", name: "6A", schoolYear: "2026-2027" })).id;
  const familyName = `Peeters ${uniqueMarker()}`;
  const person = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Lotte", familyName });
  await addMember({ schoolId }, classId, person.id, "pupil");
  const session = await createSession({ personId: person.id, displayName: "Lotte Peeters", roles: ["pupil"], schoolId });
  const jar = new CookieJar();
  jar.set(baseUrl, "leerspoor_session", session.id);
  pupil = { personId: person.id, familyName, jar };
}, 120_000);

afterAll(async () => {
  await ltijsTool?.close();
});

describe("token endpoint", () => {
  it("grants several registered scopes in one request", async () => {
    const scope = `${ags}lineitem ${ags}score ${ags}result.readonly`;
    const { status, json, headers } = await requestToken(tokenForm(await assertionOf(tools.a!), scope));
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(json).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600, scope });
  });

  it("grants only the asked scopes the tool registered for", async () => {
    const { status, json } = await requestToken(tokenForm(await assertionOf(tools.a!), `${ags}score ${nrps}`));
    expect(status).toBe(200);
    expect(json.scope).toBe(`${ags}score`);
  });

  it("accepts the platform issuer as the assertion's audience", async () => {
    const { status } = await requestToken(tokenForm(await assertionOf(tools.a!, { aud: baseUrl }), `${ags}score`));
    expect(status).toBe(200);
  });

  it("accepts an assertion whose audience is a list naming the token endpoint", async () => {
    const { status } = await requestToken(tokenForm(await assertionOf(tools.a!, { aud: ["https://other.example.test/token", tokenUrl] }), `${ags}score`));
    expect(status).toBe(200);
  });

  it("takes an assertion signed with a 4096-bit key", async () => {
    const strong = await registerKeyedTool(provider, ["ags"], { titleWord: "Scoretool", modulusLength: 4096 });
    const { status, json } = await requestToken(tokenForm(await assertionOf(strong), `${ags}score`));
    expect([status, json.scope]).toEqual([200, `${ags}score`]);
  });

  it("refuses an assertion signed by another key", async () => {
    const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
    const { status, json } = await requestToken(tokenForm(await assertionOf(tools.a!, { key: privateKey as CryptoKey }), `${ags}score`));
    expect(status).toBe(401);
    expect(json).toEqual({ error: "invalid_client", error_description: expect.any(String) });
  });

  it("refuses an assertion whose sub is not its client id", async () => {
    const { status, json } = await requestToken(tokenForm(await assertionOf(tools.a!, { sub: otherTool.toolId }), `${ags}score`));
    expect([status, json.error]).toEqual([401, "invalid_client"]);
  });

  it("refuses an assertion for another audience", async () => {
    const { status, json } = await requestToken(tokenForm(await assertionOf(tools.a!, { aud: "https://other.example.test/token" }), `${ags}score`));
    expect(status).toBe(401);
    expect(json.error).toBe("invalid_client");
  });

  it("refuses an assertion that is too old", async () => {
    const { status, json } = await requestToken(tokenForm(await assertionOf(tools.a!, { iatOffset: -3600 }), `${ags}score`));
    expect(status).toBe(401);
    expect(json.error).toBe("invalid_client");
  });

  it("refuses a replayed jti", async () => {
    const assertion = await assertionOf(tools.a!);
    expect((await requestToken(tokenForm(assertion, `${ags}score`))).status).toBe(200);
    const replayed = await requestToken(tokenForm(assertion, `${ags}score`));
    expect(replayed.status).toBe(400);
    expect(replayed.json.error).toBe("invalid_grant");
  });

  it("refuses a scope the tool did not register", async () => {
    const { status, json } = await requestToken(tokenForm(await assertionOf(tools.b!), `${ags}score`));
    expect(status).toBe(400);
    expect(json.error).toBe("invalid_scope");
  });

  it("refuses an unknown client and another grant type", async () => {
    const unknown = await requestToken(tokenForm(await assertionOf(tools.a!, { iss: "no-such-tool" }), `${ags}score`));
    expect(unknown.status).toBe(401);
    expect(unknown.json.error).toBe("invalid_client");
    const grant = await requestToken({ ...tokenForm(await assertionOf(tools.a!), `${ags}score`), grant_type: "authorization_code" });
    expect(grant.status).toBe(400);
    expect(grant.json.error).toBe("unsupported_grant_type");
  });

  it("answers a request without grant_type or client_assertion_type with invalid_request (RFC 6749 §5.2: a required parameter is missing)", async () => {
    const form = tokenForm(await assertionOf(tools.a!), `${ags}score`);
    for (const missing of ["grant_type", "client_assertion_type"] as const) {
      const { [missing]: _left, ...rest } = form;
      const { status, json } = await requestToken(rest);
      expect([missing, status, json.error]).toEqual([missing, 400, "invalid_request"]);
    }
  });
});

describe("AGS 2.0", () => {
  it("creates, pages, reads, changes and deletes line items", async () => {
    const token = await accessTokenOf(tools.a!);
    const url = lineItemsUrlOf(tools.a!.toolId);
    const created = [];
    for (const [label, tag] of [["Toets 1", "toets"], ["Toets 2", "toets"], ["Oefening", "oefening"]] as const) {
      const posted = await call(url, token, { method: "POST", body: { label, tag, scoreMaximum: 20, resourceId: `r-${label}` } });
      expect(posted.status).toBe(201);
      expect(posted.headers.get("content-type")).toContain("application/vnd.ims.lis.v2.lineitem+json");
      created.push(posted.json);
    }
    expect(created[0]).toEqual({ id: expect.stringContaining("/lineitems/"), label: "Toets 1", tag: "toets", scoreMaximum: 20, resourceId: "r-Toets 1" });

    const first = await call(`${url}&limit=2`, token, { accept: "application/vnd.ims.lis.v2.lineitemcontainer+json" });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("application/vnd.ims.lis.v2.lineitemcontainer+json");
    expect(first.json.map((item: { label: string }) => item.label)).toEqual(["Toets 1", "Toets 2"]);
    const next = /<([^>]+)>;\s*rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
    expect(next).toBeDefined();
    const second = await call(next!, token);
    expect(second.json.map((item: { label: string }) => item.label)).toEqual(["Oefening"]);
    expect(second.headers.get("link")).toBeNull();

    const tagged = await call(`${url}&tag=toets`, token);
    expect(tagged.json).toHaveLength(2);
    const byResource = await call(`${url}&resource_id=${encodeURIComponent("r-Oefening")}`, token);
    expect(byResource.json.map((item: { label: string }) => item.label)).toEqual(["Oefening"]);

    // No Accept header at all.
    const read = await fetch(created[2].id, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    expect(read.headers.get("content-type")).toContain("application/vnd.ims.lis.v2.lineitem+json");
    expect((await read.json()).label).toBe("Oefening");

    const changed = await call(created[2].id, token, { method: "PUT", body: { label: "Oefening 2", scoreMaximum: 5 } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ id: created[2].id, label: "Oefening 2", scoreMaximum: 5 });

    expect((await call(created[2].id, token, { method: "DELETE" })).status).toBe(204);
    expect((await call(created[2].id, token)).status).toBe(404);
  });

  it("takes a score, ignores an older one, shows the result and the teacher sees the pupil's name", async () => {
    const token = await accessTokenOf(tools.a!);
    const item = (await call(lineItemsUrlOf(tools.a!.toolId), token, { method: "POST", body: { label: "Dictee", scoreMaximum: 100 } })).json;
    const userId = pseudonyms.subjectOf(pupil.personId, tools.a!.toolId);
    const score = (scoreGiven: number, timestamp: string) => ({ userId, scoreGiven, scoreMaximum: 10, activityProgress: "Completed", gradingProgress: "FullyGraded", timestamp, comment: "Goed" });
    const posted = await call(below(item.id, "scores"), token, { method: "POST", body: score(8, new Date().toISOString()), contentType: "application/vnd.ims.lis.v1.score+json" });
    expect(posted.status).toBe(204);
    const older = await call(below(item.id, "scores"), token, { method: "POST", body: score(2, new Date(Date.now() - 60_000).toISOString()), contentType: "application/vnd.ims.lis.v1.score+json" });
    expect(older.status).toBe(204);
    const stranger = await call(below(item.id, "scores"), token, { method: "POST", body: { ...score(5, new Date().toISOString()), userId: "nobody" }, contentType: "application/vnd.ims.lis.v1.score+json" });
    expect(stranger.status).toBe(422);

    const results = await call(`${below(item.id, "results")}&user_id=${encodeURIComponent(userId)}`, token);
    expect(results.status).toBe(200);
    expect(results.headers.get("content-type")).toContain("application/vnd.ims.lis.v2.resultcontainer+json");
    expect(results.json).toEqual([{ id: expect.any(String), scoreOf: item.id, userId, resultScore: 80, resultMaximum: 100, comment: "Goed" }]);

    const seen = await api(`school/groups/${classId}/scores`, { headers: teacher.headers() });
    expect(seen.status).toBe(200);
    const line = seen.json.lineItems.find((entry: { label: string }) => entry.label === "Dictee");
    expect(line.scores).toEqual([expect.objectContaining({ personId: pupil.personId, name: `Lotte ${pupil.familyName}`, scoreGiven: 8, scoreMaximum: 10, comment: "Goed" })]);
  });

  it("filters line items by the resource link they are bound to", async () => {
    const token = await accessTokenOf(tools.a!);
    const url = lineItemsUrlOf(tools.a!.toolId);
    const link = `rl-${uniqueMarker()}`;
    for (const [label, resourceLinkId] of [["Gebonden", link], ["Los", undefined]] as const) {
      expect((await call(url, token, { method: "POST", body: { label, scoreMaximum: 10, ...(resourceLinkId ? { resourceLinkId } : {}) } })).status).toBe(201);
    }
    const bound = await call(`${url}&resource_link_id=${encodeURIComponent(link)}`, token);
    expect(bound.status).toBe(200);
    expect(bound.json).toEqual([expect.objectContaining({ label: "Gebonden", resourceLinkId: link })]);
  });

  it("takes a score above the maximum as extra credit, and refuses a scoreGiven without scoreMaximum or an unknown progress, naming the field", async () => {
    const token = await accessTokenOf(tools.a!);
    const item = (await call(lineItemsUrlOf(tools.a!.toolId), token, { method: "POST", body: { label: "Bonus", scoreMaximum: 10 } })).json;
    const userId = pseudonyms.subjectOf(pupil.personId, tools.a!.toolId);
    const score = { userId, scoreGiven: 12, scoreMaximum: 10, activityProgress: "Completed", gradingProgress: "FullyGraded", timestamp: new Date().toISOString() };
    const post = (body: unknown) => call(below(item.id, "scores"), token, { method: "POST", body, contentType: "application/vnd.ims.lis.v1.score+json" });

    expect((await post(score)).status).toBe(204);
    const results = await call(below(item.id, "results"), token);
    expect(results.json).toEqual([expect.objectContaining({ userId, resultScore: 12, resultMaximum: 10 })]);

    const { scoreMaximum: _maximum, ...withoutMaximum } = score;
    const cases: [unknown, string][] = [
      [{ ...withoutMaximum, scoreGiven: 3, timestamp: new Date(Date.now() + 1000).toISOString() }, "body.scoreMaximum"],
      [{ ...score, scoreGiven: 3, activityProgress: "Done", timestamp: new Date(Date.now() + 1000).toISOString() }, "body.activityProgress"],
      [{ ...score, scoreGiven: 3, gradingProgress: "Graded", timestamp: new Date(Date.now() + 1000).toISOString() }, "body.gradingProgress"],
    ];
    for (const [body, field] of cases) {
      const refused = await post(body);
      expect([field, refused.status, refused.json.errors.map((error: { field: string }) => error.field)]).toEqual([field, 400, [field]]);
    }
    expect((await call(below(item.id, "results"), token)).json).toEqual([expect.objectContaining({ resultScore: 12 })]);
  });

  it("takes a timestamp whose offset has no colon (+0100), as PHP LTI libraries write it with DateTime::ISO8601, and orders it by its instant", async () => {
    const token = await accessTokenOf(tools.a!);
    const item = (await call(lineItemsUrlOf(tools.a!.toolId), token, { method: "POST", body: { label: "Tijdzone", scoreMaximum: 10 } })).json;
    const userId = pseudonyms.subjectOf(pupil.personId, tools.a!.toolId);
    const post = (scoreGiven: number, timestamp: string) =>
      call(below(item.id, "scores"), token, {
        method: "POST",
        body: { userId, scoreGiven, scoreMaximum: 10, activityProgress: "Completed", gradingProgress: "FullyGraded", timestamp },
        contentType: "application/vnd.ims.lis.v1.score+json",
      });
    expect((await post(6, "2026-11-20T10:00:00+0100")).status).toBe(204);
    // 09:30 UTC is after 10:00+01:00 (09:00 UTC), though it reads earlier.
    expect((await post(7, "2026-11-20T09:30:00Z")).status).toBe(204);
    expect((await post(2, "2026-11-20T10:15:00+0200")).status).toBe(204);
    expect((await call(below(item.id, "results"), token)).json).toEqual([expect.objectContaining({ userId, resultScore: 7 })]);
  });

  it("keeps the newest score when a tool posts several for one user at once, whatever order they arrive in", async () => {
    const token = await accessTokenOf(tools.a!);
    const item = (await call(lineItemsUrlOf(tools.a!.toolId), token, { method: "POST", body: { label: "Gelijktijdig", scoreMaximum: 10 } })).json;
    const userId = pseudonyms.subjectOf(pupil.personId, tools.a!.toolId);
    const start = Date.now();
    // scoreGiven i at second i: the newest score is 9; sent in an order that is not the order of their timestamps.
    const order = [3, 9, 0, 7, 1, 8, 5, 2, 6, 4];
    const posted = await Promise.all(
      order.map((i) =>
        call(below(item.id, "scores"), token, {
          method: "POST",
          body: { userId, scoreGiven: i, scoreMaximum: 10, activityProgress: "Completed", gradingProgress: "FullyGraded", timestamp: new Date(start + i * 1000).toISOString() },
          contentType: "application/vnd.ims.lis.v1.score+json",
        }),
      ),
    );
    expect(posted.map((answer) => answer.status)).toEqual(order.map(() => 204));
    expect((await call(below(item.id, "results"), token)).json).toEqual([expect.objectContaining({ userId, resultScore: 9 })]);
  });

  it("pages a line item's results with limit and a next link until every user's result is served once", async () => {
    const token = await accessTokenOf(tools.a!);
    const item = (await call(lineItemsUrlOf(tools.a!.toolId), token, { method: "POST", body: { label: "Klasresultaat", scoreMaximum: 10 } })).json;
    const personIds = [pupil.personId];
    for (const givenName of ["Mila", "Jonas"]) {
      const person = await createPerson({ schoolId }, { roles: ["pupil"], givenName, familyName: `Maes ${uniqueMarker()}` });
      await addMember({ schoolId }, classId, person.id, "pupil");
      personIds.push(person.id);
    }
    const userIds = personIds.map((personId) => pseudonyms.subjectOf(personId, tools.a!.toolId));
    for (const [index, userId] of userIds.entries()) {
      const body = { userId, scoreGiven: index + 1, scoreMaximum: 10, activityProgress: "Completed", gradingProgress: "FullyGraded", timestamp: new Date().toISOString() };
      expect((await call(below(item.id, "scores"), token, { method: "POST", body, contentType: "application/vnd.ims.lis.v1.score+json" })).status).toBe(204);
    }

    const served: string[] = [];
    let url: string | undefined = `${below(item.id, "results")}&limit=2`;
    const pageSizes: number[] = [];
    while (url) {
      const page = await call(url, token);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("application/vnd.ims.lis.v2.resultcontainer+json");
      pageSizes.push(page.json.length);
      served.push(...page.json.map((result: { userId: string }) => result.userId));
      url = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get("link") ?? "")?.[1];
      expect(pageSizes.length).toBeLessThanOrEqual(3);
    }
    expect(pageSizes).toEqual([2, 1]);
    expect([...served].sort()).toEqual([...userIds].sort());

    const beyondPageSize = await call(`${below(item.id, "results")}&limit=5000`, token);
    expect(beyondPageSize.status).toBe(200);
    expect(beyondPageSize.json).toHaveLength(userIds.length);
    expect(beyondPageSize.headers.get("link") ?? "").not.toContain('rel="next"');
  });

  it("answers another tool's token with 404 on this context, and checks the scope", async () => {
    const token = await accessTokenOf(tools.a!);
    const item = (await call(lineItemsUrlOf(tools.a!.toolId), token, { method: "POST", body: { label: "Van A", scoreMaximum: 10 } })).json;
    const other = await accessTokenOf(otherTool);
    expect((await call(lineItemsUrlOf(tools.a!.toolId), other)).status).toBe(404);
    expect((await call(item.id, other)).status).toBe(404);
    expect((await call(below(item.id, "results"), other)).status).toBe(404);
    const readOnly = await accessTokenOf(tools.a!, `${ags}lineitem.readonly`);
    expect((await call(lineItemsUrlOf(tools.a!.toolId), readOnly)).status).toBe(200);
    expect((await call(lineItemsUrlOf(tools.a!.toolId), readOnly, { method: "POST", body: { label: "Nee", scoreMaximum: 1 } })).status).toBe(403);
    expect((await call(lineItemsUrlOf(tools.a!.toolId), "not-a-token")).status).toBe(401);
  });

  it("lets ltijs post a score through the launch's AGS claim with its Grade service", async () => {
    ltijsTool = await startLtijsTool();
    const marker = uniqueMarker();
    ltijsToolId = await registerLtijsTool(ltijsTool, provider, { marker, title: { nl: `Scoretool ${marker}` }, services: ["ags"] });
    await ltijsTool.register({ issuer: baseUrl, clientId: ltijsToolId, authorizationEndpoint: `${baseUrl}/api/lti/authorize`, jwksUrl: `${baseUrl}/api/lti/jwks` });
    await enable(ltijsToolId);

    const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${ltijsToolId}?groupId=${classId}`);
    expect(started.status).toBe(302);
    const login = await pupil.jar.fetch(started.headers.get("location")!);
    const authorized = await pupil.jar.fetch(login.headers.get("location")!);
    const { answer } = await postToTool(pupil.jar, formOf(await authorized.text()));
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    expect(answer.token.platformContext.endpoint).toEqual({
      scope: [`${ags}lineitem`, `${ags}lineitem.readonly`, `${ags}result.readonly`, `${ags}score`],
      lineitems: lineItemsUrlOf(ltijsToolId),
    });

    const graded = await pupil.jar.fetch(`${ltijsTool.url}/grade`, { method: "POST", headers: { authorization: `Bearer ${(answer as unknown as { ltik: string }).ltik}` } });
    const body = await graded.json();
    expect(body).toMatchObject({ ok: true });

    const seen = await api(`school/groups/${classId}/scores`, { headers: teacher.headers() });
    const line = seen.json.lineItems.find((entry: { toolId: string }) => entry.toolId === ltijsToolId);
    expect(line).toMatchObject({ label: "Score", scoreMaximum: 10 });
    expect(line.scores).toEqual([expect.objectContaining({ name: `Lotte ${pupil.familyName}`, scoreGiven: 8, scoreMaximum: 10 })]);
  }, 60_000);
});
