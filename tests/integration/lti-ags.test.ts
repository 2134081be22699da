import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { api, approve, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";

/*
 * LTI Advantage services against the running stack: the OAuth token endpoint (client
 * credentials with a JWT client assertion).
 */

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const tokenUrl = `${baseUrl}/api/lti/token`;
const ags = "https://purl.imsglobal.org/spec/lti-ags/scope/";
const nrps = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

interface KeyedTool {
  toolId: string;
  privateKey: CryptoKey;
}

let provider: TestProvider;
/** A: registered for AGS; B: registered for no service. Both with a public key (JWK) in their registration. */
const tools: { a?: KeyedTool; b?: KeyedTool } = {};

async function registerKeyedTool(services: string[]): Promise<KeyedTool> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
  const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: "RS256", use: "sig" };
  const marker = uniqueMarker();
  const registered = await api("provider/tools", {
    method: "POST",
    headers: provider.keyHeaders(),
    body: {
      registration: {
        type: "lti",
        loginInitiationUrl: "https://tool.example.test/login",
        redirectUris: ["https://tool.example.test/"],
        targetLinkUri: "https://tool.example.test/",
        key: { kind: "jwk", jwk },
        services,
      },
      metadata: {
        title: { nl: `Scoretool ${marker}` },
        description: { nl: "Een testtool." },
        keywords: [marker],
        subjects: ["wiskunde"],
        stages: ["lager-graad-3"],
        languages: ["nl"],
        pricing: "free",
      },
    },
  });
  if (registered.status !== 201) throw new Error(`tool not registered: ${JSON.stringify(registered.json)}`);
  await approve(provider.providerId, registered.json.toolId, 1);
  return { toolId: registered.json.toolId as string, privateKey: privateKey as CryptoKey };
}

async function assertionOf(tool: KeyedTool, overrides: { aud?: string; iss?: string; jti?: string; iatOffset?: number; key?: CryptoKey } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000) + (overrides.iatOffset ?? 0);
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(overrides.iss ?? tool.toolId)
    .setSubject(tool.toolId)
    .setAudience(overrides.aud ?? tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .setJti(overrides.jti ?? randomUUID())
    .sign(overrides.key ?? tool.privateKey);
}

async function requestToken(form: Record<string, string>): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
  return { status: response.status, json: await response.json(), headers: response.headers };
}

const tokenForm = (assertion: string, scope: string) => ({ grant_type: "client_credentials", client_assertion_type: clientAssertionType, client_assertion: assertion, scope });

beforeAll(async () => {
  provider = await newProvider();
  tools.a = await registerKeyedTool(["ags"]);
  tools.b = await registerKeyedTool([]);
}, 120_000);

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

  it("refuses an assertion signed by another key", async () => {
    const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
    const { status, json } = await requestToken(tokenForm(await assertionOf(tools.a!, { key: privateKey as CryptoKey }), `${ags}score`));
    expect(status).toBe(401);
    expect(json).toEqual({ error: "invalid_client", error_description: expect.any(String) });
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
});
