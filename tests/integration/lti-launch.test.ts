import { randomUUID } from "node:crypto";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { blobStore, documentStore } from "../../shared/adapters/index.js";
import { createKeyStore } from "../../shared/adapters/keys/index.js";
import { createSession } from "../../shared/identity/index.js";
import { authorize, claim, createLtiPlatform, roleUri, startLaunch } from "../../shared/lti/index.js";
import { addMember, createGroup, createPerson } from "../../shared/schools/index.js";
import { api, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { authenticationRequestAfter, CookieJar, formOf, postToTool, registerLtijsTool, startLtijsTool, toolError, type LtijsTool, type ToolAnswer } from "../support/lti.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";
import { testSettings } from "../support/settings.js";

/*
 * LTI 1.3 launches against the running stack, with ltijs (an LTI library that is not our
 * code) as the tool: it validates every id_token, and the tests read what it decoded.
 */

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const jwksUrl = `${baseUrl}/api/lti/jwks`;
const authorizationEndpoint = `${baseUrl}/api/lti/authorize`;

let tool: LtijsTool;
let provider: TestProvider;
let schoolId: string;
let admin: TestCaller;
let classId: string;
/** Tools in the catalogue, all pointing at the ltijs tool: A and B enabled and known to it, C not enabled, D enabled but unknown to it. */
const tools = { a: "", b: "", c: "", d: "" };

interface Person {
  personId: string;
  sessionId: string;
  jar: CookieJar;
}

const registerRekentool = (marker: string): Promise<string> =>
  registerLtijsTool(tool, provider, { marker, title: { nl: `Rekentool ${marker}`, en: `Arithmetic ${marker}` }, customParameters: { level: "start" } });

async function enable(toolId: string, dataSharing?: unknown): Promise<void> {
  const current = await api(`school/tools/${toolId}`, { headers: admin.headers() });
  const etag = current.json?.etag as string | null | undefined;
  const put = await api(`school/tools/${toolId}`, {
    method: "PUT",
    headers: { ...admin.headers("PUT"), ...(etag ? { "if-match": etag } : {}) },
    body: { enabled: true, ...(dataSharing ? { dataSharing } : {}) },
  });
  if (put.status !== 200) throw new Error(`not enabled: ${JSON.stringify(put.json)}`);
}

async function personIn(role: "pupil" | "teacher", groupId?: string, email?: string): Promise<Person> {
  const person = await createPerson({ schoolId }, { roles: [role], givenName: "Noor", familyName: `Claes ${uniqueMarker()}`, ...(email ? { email } : {}) });
  if (groupId) await addMember({ schoolId }, groupId, person.id, role);
  const session = await createSession({ personId: person.id, displayName: "Noor Claes", roles: [role], schoolId });
  const jar = new CookieJar();
  jar.set(baseUrl, "leerspoor_session", session.id);
  return { personId: person.id, sessionId: session.id, jar };
}

/** The browser's way from a home tile to the id_token form: launch → tool's login → authorization endpoint. */
async function launchUntilForm(person: Person, toolId: string, query = "", headers: Record<string, string> = {}) {
  const started = await person.jar.fetch(`${baseUrl}/api/lti/launch/${toolId}${query}`, { headers });
  expect(started.status).toBe(302);
  const initiation = new URL(started.headers.get("location")!);
  const login = await person.jar.fetch(initiation.toString());
  expect(login.status).toBe(302);
  const authorizeUrl = login.headers.get("location")!;
  const answer = await person.jar.fetch(authorizeUrl);
  const html = await answer.text();
  return { initiation, authorizeUrl, status: answer.status, html, form: answer.status === 200 ? formOf(html) : undefined };
}

async function launch(person: Person, toolId: string, query = ""): Promise<{ answer: ToolAnswer; idToken: string }> {
  const { form } = await launchUntilForm(person, toolId, query);
  expect(form!.fields.error).toBeUndefined();
  const { answer } = await postToTool(person.jar, form!);
  return { answer, idToken: form!.fields.id_token! };
}

const tokenOf = (answer: ToolAnswer) => {
  if (!answer.ok) throw new Error(`the tool refused the launch: ${JSON.stringify(answer.error)}`);
  return answer.token;
};

/** An authentication request as ltijs makes it, for the cases that need one made by hand. */
const authenticationRequest = (clientId: string, initiation: URL, overrides: Record<string, string> = {}): string =>
  authenticationRequestAfter(initiation, `${tool.url}/`, { client_id: clientId, ...overrides });

beforeAll(async () => {
  tool = await startLtijsTool();
  provider = await newProvider();
  for (const key of Object.keys(tools) as (keyof typeof tools)[]) tools[key] = await registerRekentool(`${key}${uniqueMarker()}`);
  for (const clientId of [tools.a, tools.b, tools.c]) await tool.register({ issuer: baseUrl, clientId, authorizationEndpoint, jwksUrl });
  schoolId = await schoolFor();
  admin = await callerWith("schoolAdmin", schoolId);
  for (const toolId of [tools.a, tools.b, tools.d]) await enable(toolId);
  classId = (await createGroup({ schoolId }, { groupType: "class", name: "5B", schoolYear: "2026-2027" })).id;
}, 120_000);

afterAll(async () => {
  await tool?.close();
});

describe("LTI 1.3 launch with ltijs as the tool", () => {
  it("brings a pupil into the tool signed in, with their class as context and a Learner course role", async () => {
    const pupil = await personIn("pupil", classId);
    const { answer } = await launch(pupil, tools.a);
    const token = tokenOf(answer);
    expect(token.iss).toBe(baseUrl);
    expect(token.clientId).toBe(tools.a);
    expect(token.deploymentId).toBe(schoolId);
    expect(token.platformContext.messageType).toBe("LtiResourceLinkRequest");
    expect(token.platformContext.version).toBe("1.3.0");
    expect(token.platformContext.roles).toEqual([roleUri.learner, roleUri.student]);
    expect(token.platformContext.context).toEqual({
      id: expect.any(String),
      label: "5B",
      title: "5B (2026-2027)",
      type: ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseSection"],
    });
    expect(token.platformContext.context!.id).not.toBe(classId);
    expect(token.platformContext.resource).toEqual({ id: expect.any(String), title: expect.stringMatching(/^Rekentool /) });
    expect(token.platformContext.targetLinkUri).toBe(`${tool.url}/`);
    expect(token.platformContext.custom).toEqual({ level: "start" });
    expect(token.platformContext.launchPresentation).toEqual({ document_target: "window", locale: "nl", return_url: `${baseUrl}/` });
    expect(token.platformInfo).toMatchObject({ name: "Leerspoor", product_family_code: "leerspoor" });
  });

  it("signs an id_token with RS256 and a kid of the JWKS, carrying every required claim", async () => {
    const pupil = await personIn("pupil", classId);
    const { idToken, answer } = await launch(pupil, tools.a, "?locale=en");
    expect(answer.ok).toBe(true);
    const header = decodeProtectedHeader(idToken);
    expect(header).toMatchObject({ alg: "RS256", kid: expect.any(String) });
    const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(jwksUrl)), { issuer: baseUrl, audience: tools.a, algorithms: ["RS256"] });
    expect(payload).toMatchObject({
      aud: tools.a,
      azp: tools.a,
      sub: expect.any(String),
      nonce: expect.any(String),
      locale: "en",
      [claim.messageType]: "LtiResourceLinkRequest",
      [claim.version]: "1.3.0",
      [claim.deploymentId]: schoolId,
      [claim.targetLinkUri]: `${tool.url}/`,
      [claim.resourceLink]: { id: expect.any(String), title: expect.stringMatching(/^Arithmetic /) },
      [claim.launchPresentation]: { document_target: "window", locale: "en", return_url: `${baseUrl}/` },
    });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(30);
    for (const key of Object.keys(payload)) expect(key).toBe(key.trim());
  });

  it("sends the tool's login initiation every OIDC parameter, with client_id and deployment id, and the id_token names the platform and no lis claim", async () => {
    const pupil = await personIn("pupil", classId);
    const { initiation, form } = await launchUntilForm(pupil, tools.a);
    expect([...initiation.searchParams.keys()].sort()).toEqual(["client_id", "iss", "login_hint", "lti_deployment_id", "lti_message_hint", "target_link_uri"]);
    expect(Object.fromEntries(initiation.searchParams)).toMatchObject({ iss: baseUrl, client_id: tools.a, lti_deployment_id: schoolId, target_link_uri: `${tool.url}/` });
    const claims = decodeJwt(form!.fields.id_token!);
    expect(claims.sub).toBe(initiation.searchParams.get("login_hint"));
    expect(claims[claim.deploymentId]).toBe(initiation.searchParams.get("lti_deployment_id"));
    expect(claims[claim.toolPlatform]).toEqual({ guid: new URL(baseUrl).host, name: "Leerspoor", product_family_code: "leerspoor", version: "1.0" });
    expect(claims["https://purl.imsglobal.org/spec/lti/claim/lis"]).toBeUndefined();
  });

  it("gives a teacher launching for a class the Instructor course role", async () => {
    const teacher = await personIn("teacher");
    const token = tokenOf((await launch(teacher, tools.a, `?groupId=${classId}`)).answer);
    expect(token.platformContext.roles).toEqual([roleUri.instructor, roleUri.institutionInstructor]);
    expect(token.platformContext.context).toMatchObject({ label: "5B" });
  });

  it("shows the same pupil under two different subs at two tools, with no name or e-mail until the school switches it on", async () => {
    const pupil = await personIn("pupil", classId, `noor.${uniqueMarker()}@school.example`);
    const atA = tokenOf((await launch(pupil, tools.a)).answer);
    const atB = tokenOf((await launch(pupil, tools.b)).answer);
    expect(atA.user).not.toBe(atB.user);
    expect(atA.platformContext.context!.id).not.toBe(atB.platformContext.context!.id);
    for (const token of [atA, atB]) expect(token.userInfo).toEqual({ given_name: undefined, family_name: undefined, name: undefined, email: undefined });
    expect(tokenOf((await launch(pupil, tools.a)).answer).user).toBe(atA.user);

    await enable(tools.a, { pupils: { name: true, email: true, picture: false }, staff: { name: false, email: false, picture: false } });
    const shared = tokenOf((await launch(pupil, tools.a)).answer);
    expect(shared.user).toBe(atA.user);
    expect(shared.userInfo).toMatchObject({ given_name: "Noor", family_name: expect.stringMatching(/^Claes /), name: expect.stringMatching(/^Noor Claes /), email: expect.stringMatching(/^noor\./) });
    expect(tokenOf((await launch(pupil, tools.b)).answer).userInfo.name).toBeUndefined();
    await enable(tools.a, { pupils: { name: false, email: false, picture: false }, staff: { name: false, email: false, picture: false } });
  });

  it("links the pupil's picture only when the school shares pictures with the tool, for a day", async () => {
    const pupil = await personIn("pupil", classId);
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
    const blob = `${schoolId}/${pupil.personId}/picture.png`;
    await blobStore().put("profile-pictures", blob, png, "image/png");
    const people = documentStore().container("school-data");
    await people.upsert({ ...(await people.read<Record<string, unknown>>(pupil.personId, schoolId))!, picture: blob });

    const withoutSharing = await launch(pupil, tools.b);
    expect(withoutSharing.answer.ok).toBe(true);
    expect(decodeJwt(withoutSharing.idToken).picture).toBeUndefined();

    await enable(tools.b, { pupils: { name: false, email: false, picture: true }, staff: { name: false, email: false, picture: false } });
    try {
      const shared = await launch(pupil, tools.b);
      expect(shared.answer.ok).toBe(true);
      const claims = decodeJwt(shared.idToken);
      expect(claims.name).toBeUndefined();
      const link = claims.picture as string;
      expect(link).toMatch(new RegExp(`^${baseUrl}/api/lti/pictures/`));
      const picture = await fetch(link);
      expect([picture.status, picture.headers.get("content-type")]).toEqual([200, "image/png"]);
      expect(Buffer.from(await picture.arrayBuffer()).equals(png)).toBe(true);
      expect((await fetch(`${link.slice(0, -4)}AAAA`)).status).toBe(404);
    } finally {
      await enable(tools.b, { pupils: { name: false, email: false, picture: false }, staff: { name: false, email: false, picture: false } });
    }
  });

  it("refuses a tool that the school did not enable with a clear page in the person's language", async () => {
    const pupil = await personIn("pupil", classId);
    const refused = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.c}`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await refused.text();
    expect(page).toContain('data-reason="not-enabled"');
    expect(page).toContain("Je school heeft deze tool niet aangezet");
    const inFrench = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.c}`, { headers: { "accept-language": "fr-BE,fr;q=0.9" } });
    expect(await inFrench.text()).toContain("Ton école n’a pas activé cet outil");
    expect((await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${randomUUID()}`)).status).toBe(404);
  });

  it("refuses a launch for a class the pupil is not in", async () => {
    const pupil = await personIn("pupil", classId);
    const other = (await createGroup({ schoolId }, { groupType: "class", name: "6A" })).id;
    const refused = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.a}?groupId=${other}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('data-reason="not-in-group"');
  });
});

describe("messages that are refused", () => {
  it("the tool refuses a tampered id_token", async () => {
    const pupil = await personIn("pupil", classId);
    const { form } = await launchUntilForm(pupil, tools.a);
    const [header, payload, signature] = form!.fields.id_token!.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, [claim.roles]: [roleUri.instructor] })).toString("base64url");
    const { status, answer } = await postToTool(pupil.jar, { action: form!.action, fields: { ...form!.fields, id_token: `${header}.${tampered}.${signature}` } });
    expect(status).toBe(401);
    expect(toolError(answer)).toBe("invalid signature");
  });

  it("the tool refuses an expired id_token", async () => {
    const pupil = await personIn("pupil", classId);
    // An instance of the platform whose clock is ten minutes behind, with the stack's keys.
    const past = new Date(Date.now() - 10 * 60_000);
    const platform = createLtiPlatform({ issuer: baseUrl, keyStore: createKeyStore(testSettings()), pseudonymKey: testSettings().LTI_PSEUDONYM_KEY, clock: () => past });
    const initiation = await startLaunch(platform, { principal: { personId: pupil.personId, sessionId: pupil.sessionId, roles: ["pupil"], schoolId }, toolId: tools.a, locale: "nl" });
    // A real login at the tool, for its state cookie; the authentication request is then answered by the late platform.
    const login = await pupil.jar.fetch(initiation.url);
    const request = new URL(login.headers.get("location")!);
    const outcome = await authorize(platform, {
      params: Object.fromEntries(request.searchParams),
      method: "GET",
      sessionId: pupil.sessionId,
      resubmitted: false,
      signedInPerson: async () => undefined,
      locale: "nl",
    });
    expect(outcome.kind).toBe("form-post");
    const fields = outcome.kind === "form-post" ? outcome.fields : {};
    const { status, answer } = await postToTool(pupil.jar, { action: `${tool.url}/`, fields });
    expect(status).toBe(401);
    expect(toolError(answer)).toBe("jwt expired");
  });

  it("the tool refuses a replayed id_token (its nonce was seen)", async () => {
    const pupil = await personIn("pupil", classId);
    const { form } = await launchUntilForm(pupil, tools.a);
    const stateCookie = `state${form!.fields.state}`;
    const cookie = pupil.jar.get(tool.url, stateCookie)!;
    expect((await postToTool(pupil.jar, form!)).answer.ok).toBe(true);
    pupil.jar.set(tool.url, stateCookie, cookie);
    const replayed = await postToTool(pupil.jar, form!);
    expect(replayed.status).toBe(401);
    expect(toolError(replayed.answer)).toBe("NONCE_ALREADY_RECEIVED");
  });

  it("the tool refuses an id_token for an audience it does not know", async () => {
    const pupil = await personIn("pupil", classId);
    // A real login at the tool for tool A gives a state cookie; the platform is then asked for tool D, which the tool has no registration for.
    const forA = await launchUntilForm(pupil, tools.a);
    const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.d}`);
    const answer = await pupil.jar.fetch(authenticationRequest(tools.d, new URL(started.headers.get("location")!), { state: forA.form!.fields.state! }));
    const form = formOf(await answer.text());
    expect(JSON.parse(Buffer.from(form.fields.id_token!.split(".")[1]!, "base64url").toString()).aud).toBe(tools.d);
    const posted = await postToTool(pupil.jar, form);
    expect(toolError(posted.answer)).toBe("UNREGISTERED_PLATFORM");
  });

  it("the platform refuses a replayed message hint", async () => {
    const pupil = await personIn("pupil", classId);
    const { authorizeUrl, form } = await launchUntilForm(pupil, tools.a);
    expect(form!.fields.id_token).toBeDefined();
    const again = formOf(await (await pupil.jar.fetch(authorizeUrl)).text());
    expect(again.action).toBe(`${tool.url}/`);
    expect(again.fields).toEqual({ error: "invalid_request", error_description: "lti_message_hint was already used", state: form!.fields.state });
  });

  it("the platform refuses a replayed nonce", async () => {
    const pupil = await personIn("pupil", classId);
    const first = await launchUntilForm(pupil, tools.a);
    const nonce = new URL(first.authorizeUrl).searchParams.get("nonce")!;
    const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.a}`);
    const answer = await pupil.jar.fetch(authenticationRequest(tools.a, new URL(started.headers.get("location")!), { nonce }));
    expect(formOf(await answer.text()).fields).toMatchObject({ error: "invalid_request", error_description: "nonce was already used" });
  });

  it("the platform refuses a tampered or expired message hint", async () => {
    const pupil = await personIn("pupil", classId);
    const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.a}`);
    const initiation = new URL(started.headers.get("location")!);
    const hint = initiation.searchParams.get("lti_message_hint")!;
    const flipped = `${hint.slice(0, -8)}${hint.slice(-8).split("").reverse().join("")}`;
    const tampered = await pupil.jar.fetch(authenticationRequest(tools.a, initiation, { lti_message_hint: flipped }));
    expect(formOf(await tampered.text()).fields).toMatchObject({ error: "invalid_request", error_description: "lti_message_hint is invalid" });

    const past = new Date(Date.now() - 6 * 60_000);
    const late = createLtiPlatform({ issuer: baseUrl, keyStore: createKeyStore(testSettings()), pseudonymKey: testSettings().LTI_PSEUDONYM_KEY, clock: () => past });
    const old = await startLaunch(late, { principal: { personId: pupil.personId, sessionId: pupil.sessionId, roles: ["pupil"], schoolId }, toolId: tools.a, locale: "nl" });
    const expired = await pupil.jar.fetch(authenticationRequest(tools.a, new URL(old.url)));
    expect(formOf(await expired.text()).fields).toMatchObject({ error: "invalid_request", error_description: "lti_message_hint is expired" });
  });

  it("the platform refuses a message hint presented for another client (wrong audience)", async () => {
    const pupil = await personIn("pupil", classId);
    const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.a}`);
    const answer = await pupil.jar.fetch(authenticationRequest(tools.b, new URL(started.headers.get("location")!)));
    expect(formOf(await answer.text()).fields).toMatchObject({ error: "unauthorized_client", error_description: "lti_message_hint was issued for another client_id" });
  });

  it("the platform refuses an unregistered redirect URI with a page, sending nothing to it", async () => {
    const pupil = await personIn("pupil", classId);
    const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.a}`);
    for (const redirect of [`${tool.url}/evil`, `${tool.url}`, "https://attacker.example/"]) {
      const answer = await pupil.jar.fetch(authenticationRequest(tools.a, new URL(started.headers.get("location")!), { redirect_uri: redirect }));
      expect(answer.status).toBe(400);
      const page = await answer.text();
      expect(page).toContain('data-reason="bad-redirect-uri"');
      expect(page).not.toContain("<form");
    }
    const unknownClient = await pupil.jar.fetch(authenticationRequest(randomUUID(), new URL(started.headers.get("location")!)));
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.text()).toContain('data-reason="unknown-client"');
  });

  it("the platform refuses a request that breaks the OIDC rules, back to the tool with the unchanged state", async () => {
    const pupil = await personIn("pupil", classId);
    const cases: [Record<string, string>, string, string][] = [
      [{ response_type: "code" }, "unsupported_response_type", "response_type must be id_token"],
      [{ scope: "profile" }, "invalid_scope", "scope must include openid"],
      [{ response_mode: "query" }, "invalid_request", "response_mode must be form_post"],
      [{ prompt: "login" }, "invalid_request", "prompt must be none"],
      [{ nonce: "" }, "invalid_request", "nonce is missing"],
      [{ login_hint: "someone-else" }, "invalid_request", "login_hint does not match the launch"],
    ];
    for (const [overrides, error, description] of cases) {
      const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.a}`);
      const url = new URL(authenticationRequest(tools.a, new URL(started.headers.get("location")!), { state: "keep-me", ...overrides }));
      if (overrides.nonce === "") url.searchParams.delete("nonce");
      const answer = await pupil.jar.fetch(url.toString());
      expect([overrides, formOf(await answer.text()).fields]).toEqual([overrides, { error, error_description: description, state: "keep-me" }]);
    }
  });

  it("the platform refuses to launch for a signed-in user other than the one the launch was for", async () => {
    const pupil = await personIn("pupil", classId);
    const other = await personIn("pupil", classId);
    const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.a}`);
    const request = authenticationRequest(tools.a, new URL(started.headers.get("location")!));
    expect(formOf(await (await other.jar.fetch(request)).text()).fields).toMatchObject({ error: "login_required" });
    expect(formOf(await (await new CookieJar().fetch(request)).text()).fields).toMatchObject({ error: "login_required" });
  });
});

describe("the authorization endpoint by POST", () => {
  it("re-submits a cross-site POST that came without the session cookie from the portal's own origin, then answers it", async () => {
    const pupil = await personIn("pupil", classId);
    const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.a}`);
    const login = await pupil.jar.fetch(started.headers.get("location")!);
    const params = Object.fromEntries(new URL(login.headers.get("location")!).searchParams);
    // SameSite=Lax: the browser leaves the session cookie off a cross-site POST.
    const crossSite = await new CookieJar().fetch(authorizationEndpoint, { form: params });
    expect(crossSite.status).toBe(200);
    const resubmission = formOf(await crossSite.text());
    expect(resubmission.action).toBe(authorizationEndpoint);
    // The same request, less the parameters the endpoint ignores anyway.
    const { id_token_signed_response_alg: _alg, lti_deployment_id: _deployment, ...known } = params;
    expect(resubmission.fields).toEqual({ ...known, leerspoor_resubmitted: "1" });
    const answered = await pupil.jar.fetch(authorizationEndpoint, { form: resubmission.fields });
    const form = formOf(await answered.text());
    expect(form.action).toBe(`${tool.url}/`);
    expect(tokenOf((await postToTool(pupil.jar, form)).answer).clientId).toBe(tools.a);
  });

  it("answers login_required when the re-submission has no session either", async () => {
    const pupil = await personIn("pupil", classId);
    const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.a}`);
    const request = new URL(authenticationRequest(tools.a, new URL(started.headers.get("location")!)));
    const answer = await new CookieJar().fetch(authorizationEndpoint, { form: { ...Object.fromEntries(request.searchParams), leerspoor_resubmitted: "1" } });
    expect(formOf(await answer.text()).fields).toMatchObject({ error: "login_required" });
  });

  it("puts the id_token form on a page whose CSP admits only its own script and the tool as form target", async () => {
    const pupil = await personIn("pupil", classId);
    const started = await pupil.jar.fetch(`${baseUrl}/api/lti/launch/${tools.a}`);
    const login = await pupil.jar.fetch(started.headers.get("location")!);
    const answer = await pupil.jar.fetch(login.headers.get("location")!);
    const csp = answer.headers.get("content-security-policy")!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toContain(`form-action ${tool.url}`);
    expect(csp).toContain("default-src 'none'");
    const page = await answer.text();
    expect(page).toContain(`<script nonce="${nonce}">document.forms[0].submit();</script>`);
    expect(page).toContain('<button type="submit">Verder</button>');
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });
});

describe("the JWKS endpoint", () => {
  it("is small, public, cacheable and answers 304 to a current ETag", async () => {
    const first = await fetch(jwksUrl);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    const etag = first.headers.get("etag")!;
    const body = await first.text();
    expect(body.length).toBeLessThan(4096);
    const { keys } = JSON.parse(body) as { keys: Record<string, string>[] };
    expect(keys.length).toBeGreaterThanOrEqual(1);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
      expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    }
    const again = await fetch(jwksUrl, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});
