import { documentStore } from "../../shared/adapters/index.js";
import { createSession } from "../../shared/identity/index.js";
import { DynamicToolMetadata, startRegistration } from "../../shared/lti/index.js";
import { createPerson } from "../../shared/schools/index.js";
import { api, approve, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { CookieJar, formOf, postToTool, startLtijsTool, type LtijsTool, type ToolAnswer } from "../support/lti.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";

/*
 * LTI Dynamic Registration 1.0 against the running stack, with ltijs (not our code) as the
 * tool: it reads our OpenID configuration, posts its registration with our token, and later
 * verifies a launch of the tool that the registration made.
 */

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const toolConfiguration = "https://purl.imsglobal.org/spec/lti-tool-configuration";
const agsScope = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

let tool: LtijsTool;
let provider: TestProvider;
let operator: TestCaller;

/** Catalogue metadata that the provider gives when starting; title and description come from the tool. */
const metadata = (marker: string) => ({ keywords: [marker], subjects: ["wiskunde"], stages: ["lager-graad-3"], languages: ["nl"], pricing: "free" });

async function start(marker = uniqueMarker(), extra: Record<string, unknown> = {}): Promise<{ openUrl: URL; token: string; marker: string }> {
  const started = await api("provider/registrations", {
    method: "POST",
    headers: provider.keyHeaders(),
    body: { initiateRegistrationUrl: `${tool.url}/register`, metadata: metadata(marker), ...extra },
  });
  expect(started.status).toBe(201);
  const openUrl = new URL(started.json.openUrl);
  return { openUrl, token: openUrl.searchParams.get("registration_token")!, marker };
}

/** A registration request as a tool sends it, for the cases that the test writes by hand. */
function clientRegistration(overrides: Record<string, unknown> = {}, configuration: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    application_type: "web",
    response_types: ["id_token"],
    grant_types: ["implicit", "client_credentials"],
    initiate_login_uri: `${tool.url}/login`,
    redirect_uris: [tool.url],
    client_name: "Handgemaakte tool",
    jwks_uri: `${tool.url}/keys`,
    token_endpoint_auth_method: "private_key_jwt",
    scope: agsScope,
    [toolConfiguration]: {
      domain: new URL(tool.url).host,
      target_link_uri: tool.url,
      description: "Met de hand geregistreerd.",
      claims: ["iss", "sub"],
      messages: [{ type: "LtiResourceLinkRequest" }],
      ...configuration,
    },
    ...overrides,
  };
}

const register = (token: string | undefined, body: unknown) =>
  api("lti/registration", {
    method: "POST",
    headers: { "content-type": "application/json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const toolCount = async (): Promise<number> => (await api("provider/tools", { headers: provider.keyHeaders() })).json.tools.length;

async function queuedTool(toolId: string) {
  const queue = await api("review/queue", { headers: operator.headers() });
  return (queue.json.items as { toolId: string; providerId: string; pending: any }[]).find((item) => item.toolId === toolId);
}

beforeAll(async () => {
  tool = await startLtijsTool({ dynamicRegistration: { name: "Rekenrace", description: "Rekenen tegen de klok." } });
  provider = await newProvider();
  operator = await callerWith("operator");
}, 120_000);

afterAll(async () => {
  await tool?.close();
});

describe("the platform's OpenID configuration", () => {
  it("names the issuer under which it is served and every endpoint a tool needs", async () => {
    const { openUrl } = await start();
    const configurationUrl = openUrl.searchParams.get("openid_configuration")!;
    expect(configurationUrl.startsWith(`${baseUrl}/`)).toBe(true);
    const response = await fetch(configurationUrl);
    expect(response.status).toBe(200);
    const configuration = await response.json();
    expect(configuration).toMatchObject({
      issuer: baseUrl,
      authorization_endpoint: `${baseUrl}/api/lti/authorize`,
      token_endpoint: `${baseUrl}/api/lti/token`,
      jwks_uri: `${baseUrl}/api/lti/jwks`,
      registration_endpoint: `${baseUrl}/api/lti/registration`,
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
      token_endpoint_auth_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["id_token"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      "https://purl.imsglobal.org/spec/lti-platform-configuration": {
        product_family_code: "leerspoor",
        messages_supported: [{ type: "LtiResourceLinkRequest" }, { type: "LtiDeepLinkingRequest" }],
      },
    });
    expect(configuration.scopes_supported).toEqual(expect.arrayContaining(["openid", agsScope]));
    expect(configuration.claims_supported).toEqual(expect.arrayContaining(["sub", "iss", "given_name", "email"]));
  });
});

describe("LTI Dynamic Registration with ltijs as the tool", () => {
  it("registers the tool for the provider, waiting for review with ltijs' URLs and key, and launches it once approved and switched on", async () => {
    const before = await toolCount();
    const { openUrl, marker } = await start();
    expect(openUrl.origin + openUrl.pathname).toBe(`${tool.url}/register`);

    // The browser window that the portal opens: ltijs registers, then asks the portal to close it.
    const page = await fetch(openUrl);
    const html = await page.text();
    expect([page.status, html]).toEqual([200, expect.stringContaining("org.imsglobal.lti.close")]);
    expect(await toolCount()).toBe(before + 1);

    const tools = (await api("provider/tools", { headers: provider.keyHeaders() })).json.tools as { toolId: string; status: string; title: string }[];
    const registered = tools.find((t) => t.title === "Rekenrace")!;
    expect(registered.status).toBe("pending-review");
    const queued = await queuedTool(registered.toolId);
    expect(queued?.providerId).toBe(provider.providerId);
    expect(queued!.pending.registration).toEqual({
      type: "lti",
      loginInitiationUrl: `${tool.url}/login`,
      redirectUris: [tool.url],
      targetLinkUri: tool.url,
      deepLinkingUrl: tool.url,
      key: { kind: "jwks-url", url: `${tool.url}/keys` },
      customParameters: {},
      services: ["ags", "nrps", "deep-linking"],
      presentation: "window",
    });
    expect(queued!.pending.metadata).toMatchObject({ title: { nl: "Rekenrace" }, description: { nl: "Rekenen tegen de klok." }, keywords: [marker], pricing: "free" });
    expect(queued!.pending.submittedBy).toMatchObject({ id: `api-key:${provider.keyId}`, via: "api-key" });

    await approve(provider.providerId, registered.toolId, 1, operator);
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const enabled = await api(`school/tools/${registered.toolId}`, { method: "PUT", headers: admin.headers("PUT"), body: { enabled: true } });
    expect(enabled.status).toBe(200);

    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Lore", familyName: `Peeters ${marker}` });
    const session = await createSession({ personId: pupil.id, displayName: "Lore Peeters", roles: ["pupil"], schoolId });
    const jar = new CookieJar();
    jar.set(baseUrl, "leerspoor_session", session.id);
    const launched = await jar.fetch(`${baseUrl}/api/lti/launch/${registered.toolId}`);
    expect(launched.status).toBe(302);
    const login = await jar.fetch(launched.headers.get("location")!);
    expect(login.status).toBe(302);
    const authorized = await jar.fetch(login.headers.get("location")!);
    expect(authorized.status).toBe(200);
    const { answer } = await postToTool(jar, formOf(await authorized.text()));
    if (!answer.ok) throw new Error(`ltijs refused the launch: ${JSON.stringify(answer.error)}`);
    expect(answer.token).toMatchObject({ iss: baseUrl, clientId: registered.toolId, deploymentId: schoolId });
  });

  it("answers client_id, the granted scopes and the configuration, and keeps only the token's hash", async () => {
    const { token } = await start();
    const [, secret] = token.split(".");
    const response = await register(token, clientRegistration({ scope: `${agsScope} https://example.test/scope/unknown` }));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ client_id: expect.any(String), scope: agsScope, initiate_login_uri: `${tool.url}/login`, [toolConfiguration]: { target_link_uri: tool.url } });
    expect(response.json[toolConfiguration].deployment_id).toBeUndefined();
    const queued = await queuedTool(response.json.client_id);
    expect(queued!.pending.registration.services).toEqual(["ags"]);

    const stored = await documentStore()
      .container("provider-data")
      .query({ query: "SELECT * FROM c WHERE c.type = 'registration-token'" }, { partitionKey: provider.providerId });
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored).toContainEqual(expect.objectContaining({ toolId: response.json.client_id, usedAt: expect.any(String) }));
  });
});

/** A pupil of the school launches the tool; what ltijs answered (it refuses a client_id it holds no registration for). */
async function launchAsPupil(toolId: string, schoolId: string): Promise<ToolAnswer> {
  const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Lore", familyName: `Peeters ${uniqueMarker()}` });
  const session = await createSession({ personId: pupil.id, displayName: "Lore Peeters", roles: ["pupil"], schoolId });
  const jar = new CookieJar();
  jar.set(baseUrl, "leerspoor_session", session.id);
  const launched = await jar.fetch(`${baseUrl}/api/lti/launch/${toolId}`);
  expect(launched.status).toBe(302);
  const login = await jar.fetch(launched.headers.get("location")!);
  if (login.status !== 302) return { ok: false, error: { message: `ltijs' login answered ${login.status}` } };
  const authorized = await jar.fetch(login.headers.get("location")!);
  return (await postToTool(jar, formOf(await authorized.text()))).answer;
}

const providerTool = async (toolId: string) => (await api(`provider/tools/${toolId}`, { headers: provider.keyHeaders() })).json;

describe("registering a tool again, for the tool the provider chose", () => {
  let toolId: string;
  let schoolId: string;

  beforeAll(async () => {
    const { openUrl } = await start();
    const before = (await api("provider/tools", { headers: provider.keyHeaders() })).json.tools as { toolId: string }[];
    expect((await fetch(openUrl)).status).toBe(200);
    const after = (await api("provider/tools", { headers: provider.keyHeaders() })).json.tools as { toolId: string }[];
    toolId = after.find((t) => !before.some((b) => b.toolId === t.toolId))!.toolId;
    await approve(provider.providerId, toolId, 1, operator);
    schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    expect((await api(`school/tools/${toolId}`, { method: "PUT", headers: admin.headers("PUT"), body: { enabled: true } })).status).toBe(200);
  }, 60_000);

  it("gives ltijs, registering again after losing its registration, the tool's own client_id, and makes no second tool nor a version when nothing changed", async () => {
    await tool.forget(baseUrl, toolId);
    const refused = await launchAsPupil(toolId, schoolId);
    expect(refused.ok).toBe(false);

    const before = await toolCount();
    const started = await api("provider/registrations", { method: "POST", headers: provider.keyHeaders(), body: { initiateRegistrationUrl: `${tool.url}/register`, toolId } });
    expect(started.status).toBe(201);
    const page = await fetch(started.json.openUrl);
    expect([page.status, await page.text()]).toEqual([200, expect.stringContaining("org.imsglobal.lti.close")]);
    expect(await toolCount()).toBe(before);
    expect(await providerTool(toolId)).toMatchObject({ status: "live", live: { version: 1 }, pending: null });

    const answer = await launchAsPupil(toolId, schoolId);
    if (!answer.ok) throw new Error(`ltijs refused the launch: ${JSON.stringify(answer.error)}`);
    expect(answer.token).toMatchObject({ iss: baseUrl, clientId: toolId, deploymentId: schoolId });
  }, 60_000);

  it("makes a changed registration the tool's next version, waiting for review with its catalogue metadata kept, while the live version stays live", async () => {
    const before = await toolCount();
    const started = await api("provider/registrations", { method: "POST", headers: provider.keyHeaders(), body: { initiateRegistrationUrl: `${tool.url}/register`, toolId } });
    const token = new URL(started.json.openUrl).searchParams.get("registration_token")!;
    const response = await register(token, clientRegistration({ client_name: "Rekenrace 2" }, { custom_parameters: { niveau: "2" } }));
    expect(response.status).toBe(200);
    expect(response.json.client_id).toBe(toolId);
    expect(await toolCount()).toBe(before);

    const changed = await providerTool(toolId);
    expect(changed).toMatchObject({ status: "live-change-pending", live: { version: 1, registration: { customParameters: {} } }, pending: { version: 2, registration: { customParameters: { niveau: "2" } } } });
    // The reviewed catalogue texts stay: the tool's client_name does not rename it.
    expect(changed.pending.metadata.title).toEqual({ nl: "Rekenrace" });
    expect((await queuedTool(toolId))?.pending.version).toBe(2);

    await approve(provider.providerId, toolId, 2, operator);
    expect(await providerTool(toolId)).toMatchObject({ status: "live", live: { version: 2, registration: { customParameters: { niveau: "2" } } }, pending: null });
  });

  it("uses the metadata given at the start of an update, keeps the presentation the provider chose, and refuses to start one for a tool that is not the provider's, naming the field", async () => {
    const { live } = await providerTool(toolId);
    const framed = await api(`provider/tools/${toolId}`, { method: "PUT", headers: provider.keyHeaders(), body: { registration: { ...live.registration, presentation: "iframe" }, metadata: live.metadata } });
    expect(framed.status).toBe(200);
    const started = await api("provider/registrations", {
      method: "POST",
      headers: provider.keyHeaders(),
      body: { initiateRegistrationUrl: `${tool.url}/register`, toolId, metadata: { ...metadata(uniqueMarker()), title: { nl: "Rekenrace Plus" } } },
    });
    const token = new URL(started.json.openUrl).searchParams.get("registration_token")!;
    expect((await register(token, clientRegistration())).json.client_id).toBe(toolId);
    expect((await providerTool(toolId)).pending).toMatchObject({ metadata: { title: { nl: "Rekenrace Plus" } }, registration: { presentation: "iframe" } });

    const other = await newProvider();
    const foreign = await api("provider/registrations", { method: "POST", headers: other.keyHeaders(), body: { initiateRegistrationUrl: `${tool.url}/register`, toolId } });
    expect([foreign.status, foreign.json.errors]).toEqual([400, [{ field: "body.toolId", message: "is not one of your tools" }]]);
    const unnamed = await api("provider/registrations", { method: "POST", headers: provider.keyHeaders(), body: { initiateRegistrationUrl: `${tool.url}/register` } });
    expect([unnamed.status, unnamed.json.errors?.[0]?.field]).toEqual([400, "body.metadata"]);
  });
});

describe("refusals", () => {
  it("refuses a second use of a token, and the second use changes nothing", async () => {
    const { token } = await start();
    expect((await register(token, clientRegistration())).status).toBe(200);
    const before = await toolCount();
    const again = await register(token, clientRegistration({ client_name: "Tweede poging" }));
    expect(again.status).toBe(401);
    expect(again.json.error).toBe("invalid_token");
    expect(again.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(await toolCount()).toBe(before);
  });

  it("refuses an expired token", async () => {
    const issued = await startRegistration(
      baseUrl,
      { providerId: provider.providerId, actorId: provider.user.personId, actorName: "Test", via: "session" },
      { initiateRegistrationUrl: `${tool.url}/register`, metadata: DynamicToolMetadata.parse(metadata(uniqueMarker())) },
      new Date(Date.now() - 2 * 3600_000),
    );
    const before = await toolCount();
    const response = await register(new URL(issued.openUrl).searchParams.get("registration_token")!, clientRegistration());
    expect([response.status, response.json.error]).toEqual([401, "invalid_token"]);
    expect(await toolCount()).toBe(before);
  });

  it("refuses a missing, malformed or unknown token", async () => {
    const before = await toolCount();
    const { token } = await start();
    const [providerId] = token.split(".");
    for (const wrong of [undefined, "", "not-a-token", `${providerId}.${"A".repeat(43)}`, `${crypto.randomUUID()}.${token.split(".")[1]}`]) {
      const response = await register(wrong, clientRegistration());
      expect([wrong, response.status, response.json.error]).toEqual([wrong, 401, "invalid_token"]);
    }
    expect(await toolCount()).toBe(before);
  });

  it("refuses bad metadata naming the field, creates nothing, and keeps the token for a corrected request", async () => {
    const { token } = await start();
    const before = await toolCount();
    const cases: [Record<string, unknown>, Record<string, unknown>, string, string][] = [
      [{ redirect_uris: ["ftp://files.example.test/launch"] }, {}, "invalid_redirect_uri", "redirect_uris.0"],
      [{ redirect_uris: ["https://elsewhere.example.test/launch"] }, {}, "invalid_redirect_uri", "redirect_uris.0: must be on the tool's domain"],
      [{ token_endpoint_auth_method: "client_secret_basic" }, {}, "invalid_client_metadata", "token_endpoint_auth_method"],
      [{ grant_types: ["implicit"] }, {}, "invalid_client_metadata", "grant_types"],
      [{ jwks_uri: undefined }, {}, "invalid_client_metadata", "jwks_uri"],
      [{ client_name: undefined }, {}, "invalid_client_metadata", "client_name"],
      [{}, { custom_parameters: { "bad name": "x" } }, "invalid_client_metadata", `${toolConfiguration}.custom_parameters.bad name`],
      [{}, { target_link_uri: undefined }, "invalid_client_metadata", `${toolConfiguration}.target_link_uri`],
    ];
    for (const [overrides, configuration, error, field] of cases) {
      const response = await register(token, clientRegistration(overrides, configuration));
      expect([field, response.status, response.json.error]).toEqual([field, 400, error]);
      expect(response.json.error_description).toContain(field);
    }
    const notJson = await register(token, "{");
    expect([notJson.status, notJson.json.error]).toEqual([400, "invalid_client_metadata"]);
    expect(await toolCount()).toBe(before);

    expect((await register(token, clientRegistration())).status).toBe(200);
    expect(await toolCount()).toBe(before + 1);
  });

  it("refuses to start a registration with a URL that is no tool URL, naming the field", async () => {
    const response = await api("provider/registrations", {
      method: "POST",
      headers: provider.keyHeaders(),
      body: { initiateRegistrationUrl: "ftp://tools.example.test/register", metadata: metadata(uniqueMarker()) },
    });
    expect(response.status).toBe(400);
    expect(response.json.errors).toContainEqual(expect.objectContaining({ field: "body.initiateRegistrationUrl" }));
  });
});
