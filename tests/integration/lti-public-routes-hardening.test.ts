import { HttpRequest, InvocationContext } from "@azure/functions";
import { randomUUID } from "node:crypto";
import { decodeJwt, SignJWT } from "jose";
import { documentStore } from "../../shared/adapters/index.js";
import { createKeyStore } from "../../shared/adapters/keys/index.js";
import { createSession, type AuditEntry } from "../../shared/identity/index.js";
import { acceptDeepLinkingResponse, clientAssertionType, createLtiPlatform, InProcessReplayGuard, issueAccessToken, serviceScope, tokenUrlOf } from "../../shared/lti/index.js";
import { addMember, createGroup, createPerson } from "../../shared/schools/index.js";
import deepLinkReturn from "../../functions/lti-deep-link-return.js";
import { api, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { authenticationRequestAfter, CookieJar, formOf } from "../support/lti.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";
import { registerKeyedTool, type KeyedTool } from "../support/lti-tools.js";
import { testSettings } from "../support/settings.js";

/*
 * The public LTI routes that change state (the deep-linking return and dynamic registration):
 * what they write is in the audit log like any signed-in change, a deep-linking response is used
 * once across instances, and their bodies are capped before anything is parsed.
 */

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const returnUrl = `${baseUrl}/api/lti/deep-link/return`;
const dl = "https://purl.imsglobal.org/spec/lti-dl/claim/";
const lti = "https://purl.imsglobal.org/spec/lti/claim/";
const toolConfiguration = "https://purl.imsglobal.org/spec/lti-tool-configuration";

let provider: TestProvider;
let schoolId: string;
let admin: TestCaller;
let classId: string;
let teacher: { personId: string; jar: CookieJar };
let keyedTool: KeyedTool;

async function auditEntries(partition: string, action: string): Promise<AuditEntry[]> {
  return documentStore()
    .container(partition === "audit" ? "platform" : "school-data")
    .query<AuditEntry>(
      { query: "SELECT * FROM c WHERE c.type = 'audit' AND c.action = @action", parameters: [{ name: "@action", value: action }] },
      { partitionKey: partition },
    );
}

async function activityCount(): Promise<number> {
  const listed = await documentStore()
    .container("school-data")
    .query<string>({ query: "SELECT VALUE c.id FROM c WHERE c.type = 'activity' AND c.groupId = @groupId", parameters: [{ name: "@groupId", value: classId }] }, { partitionKey: schoolId });
  return listed.length;
}

/** The deep-linking request the keyed tool would receive: its sealed `data` and deployment. */
async function keyedRequest(): Promise<{ data: string; deploymentId: string }> {
  const started = await teacher.jar.fetch(`${baseUrl}/api/lti/deep-link/${keyedTool.toolId}?groupId=${classId}`);
  expect(started.status).toBe(302);
  const initiation = new URL(started.headers.get("location")!);
  const claims = decodeJwt(formOf(await (await teacher.jar.fetch(authenticationRequestAfter(initiation, "https://hardening-tool.example.test/launch"))).text()).fields.id_token!);
  const settings = claims[`${dl}deep_linking_settings`] as { data: string };
  return { data: settings.data, deploymentId: claims[`${lti}deployment_id`] as string };
}

async function keyedResponse(request: { data: string; deploymentId: string }, lifetimeSeconds = 60, itemUrl = "https://hardening-tool.example.test/exercise"): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: keyedTool.toolId,
    aud: baseUrl,
    iat,
    exp: iat + lifetimeSeconds,
    nonce: randomUUID(),
    [`${lti}message_type`]: "LtiDeepLinkingResponse",
    [`${lti}version`]: "1.3.0",
    [`${lti}deployment_id`]: request.deploymentId,
    [`${dl}data`]: request.data,
    [`${dl}content_items`]: [{ type: "ltiResourceLink", title: "Breuken", url: itemUrl, lineItem: { scoreMaximum: 10 } }],
  })
    .setProtectedHeader({ alg: "RS256", kid: keyedTool.kid, typ: "JWT" })
    .sign(keyedTool.privateKey);
}

beforeAll(async () => {
  provider = await newProvider();
  schoolId = await schoolFor();
  admin = await callerWith("schoolAdmin", schoolId);
  classId = (await createGroup({ schoolId }, { groupType: "class", name: "5A" })).id;
  const person = await createPerson({ schoolId }, { roles: ["teacher"], givenName: "Lotte", familyName: `Peeters ${uniqueMarker()}` });
  await addMember({ schoolId }, classId, person.id, "teacher");
  const session = await createSession({ personId: person.id, displayName: "Lotte Peeters", roles: ["teacher"], schoolId });
  teacher = { personId: person.id, jar: new CookieJar() };
  teacher.jar.set(baseUrl, "leerspoor_session", session.id);

  keyedTool = await registerKeyedTool(provider, ["ags", "deep-linking"], { titleWord: "Oefentool", origin: "https://hardening-tool.example.test" });
  const toolId = keyedTool.toolId;
  const etag = (await api(`school/tools/${toolId}`, { headers: admin.headers() })).json?.etag as string | null | undefined;
  const enabled = await api(`school/tools/${toolId}`, { method: "PUT", headers: { ...admin.headers("PUT"), ...(etag ? { "if-match": etag } : {}) }, body: { enabled: true } });
  expect(enabled.status).toBe(200);
}, 120_000);

describe("the deep-linking return", () => {
  it("records the activities a teacher added in the school's audit log, with the teacher as actor", async () => {
    const returned = await teacher.jar.fetch(returnUrl, { form: { JWT: await keyedResponse(await keyedRequest()) } });
    expect(returned.status).toBe(303);
    const entries = (await auditEntries(schoolId, "lti-deep-link-return")).filter((entry) => entry.target.toolId === keyedTool.toolId);
    expect(entries).toEqual([
      expect.objectContaining({ actorId: teacher.personId, actorRoles: ["teacher"], method: "POST", status: 303, target: expect.objectContaining({ groupId: classId, toolId: keyedTool.toolId }) }),
    ]);
  });

  it("refuses a response already taken by another instance, and stores nothing more", async () => {
    const jwt = await keyedResponse(await keyedRequest());
    expect((await teacher.jar.fetch(returnUrl, { form: { JWT: jwt } })).status).toBe(303);
    const before = await activityCount();

    // This test process is a second instance of the function app, with its own in-process memory of used ids.
    const elsewhere = await deepLinkReturn(
      new HttpRequest({
        method: "POST",
        url: returnUrl,
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: teacher.jar.header(baseUrl) },
        body: { string: new URLSearchParams({ JWT: jwt }).toString() },
      }),
      new InvocationContext({ invocationId: randomUUID(), functionName: "lti-deep-link-return" }),
    );
    expect(elsewhere.status).toBe(409);
    expect(String(elsewhere.body)).toContain('data-reason="response-replayed"');
    expect(await activityCount()).toBe(before);
  });

  it("refuses an item whose launch would go over plain http, and stores nothing", async () => {
    const before = await activityCount();
    const response = await teacher.jar.fetch(returnUrl, { form: { JWT: await keyedResponse(await keyedRequest(), 60, "http://hardening-tool.example.test/exercise") } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('data-reason="response-invalid"');
    expect(await activityCount()).toBe(before);
  });

  it("refuses an oversized form with 413 before reading it, and stores nothing", async () => {
    const before = await activityCount();
    const response = await teacher.jar.fetch(returnUrl, { form: { JWT: "x".repeat(2 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(await activityCount()).toBe(before);
  });
});

describe("dynamic registration", () => {
  const registrationOf = (host: string) => ({
    application_type: "web",
    response_types: ["id_token"],
    grant_types: ["implicit", "client_credentials"],
    initiate_login_uri: `https://${host}/login`,
    redirect_uris: [`https://${host}/launch`],
    client_name: "Zelf geregistreerde tool",
    jwks_uri: `https://${host}/keys`,
    token_endpoint_auth_method: "private_key_jwt",
    scope: "",
    [toolConfiguration]: { domain: host, target_link_uri: `https://${host}/launch`, description: "Registreert zichzelf.", messages: [{ type: "LtiResourceLinkRequest" }] },
  });

  async function registrationToken(): Promise<string> {
    const marker = uniqueMarker();
    const started = await api("provider/registrations", {
      method: "POST",
      headers: provider.keyHeaders(),
      body: { initiateRegistrationUrl: "https://reg-tool.example.test/register", metadata: { keywords: [marker], subjects: ["wiskunde"], stages: ["lager-graad-3"], languages: ["nl"], pricing: "free" } },
    });
    expect(started.status).toBe(201);
    return new URL(started.json.openUrl).searchParams.get("registration_token")!;
  }

  it("records the tool the registration made in the audit log, for the provider that started it", async () => {
    const token = await registrationToken();
    const registered = await fetch(`${baseUrl}/api/lti/registration`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(registrationOf("reg-tool.example.test")),
    });
    expect(registered.status).toBe(200);
    const toolId = (await registered.json()).client_id as string;
    const entries = (await auditEntries("audit", "lti-registration")).filter((entry) => entry.target.toolId === toolId);
    expect(entries).toEqual([expect.objectContaining({ actorRoles: ["provider"], method: "POST", status: 200, target: { providerId: provider.providerId, toolId } })]);
  });

  it("refuses an oversized registration with 413, and leaves the token unused", async () => {
    const token = await registrationToken();
    const oversized = { ...registrationOf("reg-tool.example.test"), padding: "x".repeat(2 * 1024 * 1024) };
    const refused = await fetch(`${baseUrl}/api/lti/registration`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(oversized),
    });
    expect(refused.status).toBe(413);
    const registered = await fetch(`${baseUrl}/api/lti/registration`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(registrationOf("reg-tool.example.test")),
    });
    expect(registered.status).toBe(200);
  });
});

describe("the other public LTI forms", () => {
  it.each(["lti/token", "lti/authorize"])("%s refuses an oversized form with 413 before reading it", async (route) => {
    const response = await fetch(`${baseUrl}/api/${route}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_assertion: "x".repeat(2 * 1024 * 1024) }).toString(),
    });
    expect(response.status).toBe(413);
  });
});

describe("the single-use memory of what tools sign", () => {
  const tenYears = 10 * 365 * 24 * 3600;
  /** This process's own platform, with a memory that records how long each id is kept. */
  function recordingPlatform() {
    const kept: { id: string; untilMs: number; nowMs: number }[] = [];
    const guard = new InProcessReplayGuard();
    const settings = testSettings();
    const platform = createLtiPlatform({
      issuer: settings.PUBLIC_BASE_URL,
      keyStore: createKeyStore(settings),
      pseudonymKey: settings.LTI_PSEUDONYM_KEY,
      replay: { firstUse: (id, untilMs, nowMs) => (kept.push({ id, untilMs, nowMs }), guard.firstUse(id, untilMs, nowMs)) },
    });
    return { platform, kept };
  }

  it("keeps a deep-linking response's nonce only as long as the response could be taken, whatever exp the tool set", async () => {
    const { platform, kept } = recordingPlatform();
    const outcome = await acceptDeepLinkingResponse(platform, {
      jwt: await keyedResponse(await keyedRequest(), tenYears),
      hasSession: true,
      resubmitted: false,
      signedInPerson: async () => ({ personId: teacher.personId, schoolId }),
    });
    expect(outcome.kind).toBe("accepted");
    const nonce = kept.find((entry) => entry.id.startsWith("deep-link-nonce"))!;
    expect(nonce.untilMs - nonce.nowMs).toBeLessThanOrEqual(310_000);
  });

  it("keeps a client assertion's jti only as long as the assertion could be used, whatever exp the tool set", async () => {
    const { platform, kept } = recordingPlatform();
    const iat = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ iss: keyedTool.toolId, sub: keyedTool.toolId, aud: tokenUrlOf(baseUrl), iat, exp: iat + tenYears, jti: randomUUID() })
      .setProtectedHeader({ alg: "RS256", kid: keyedTool.kid, typ: "JWT" })
      .sign(keyedTool.privateKey);
    const outcome = await issueAccessToken(platform, { grant_type: "client_credentials", client_assertion_type: clientAssertionType, client_assertion: assertion, scope: serviceScope.score });
    expect(outcome.kind).toBe("granted");
    const jti = kept.find((entry) => entry.id.startsWith("client-assertion"))!;
    expect(jti.untilMs - jti.nowMs).toBeLessThanOrEqual(310_000);
  });
});
