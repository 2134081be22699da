import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet } from "jose";
import { FileKeyStore } from "../../shared/adapters/keys/index.js";
import { defaultDataSharing, LtiRegistration } from "../../shared/catalogue/index.js";
import { authorize, createLtiPlatform, jwksResponse, readKeys, rotateKeys, startLaunch, type LaunchDirectory, type LtiPlatform } from "../../shared/lti/index.js";
import { CookieJar, postToTool, startLtijsTool, toolError, type LtijsTool } from "../support/lti.js";

/*
 * Key rotation as tools see it: two platform instances over one key store (as Function App
 * instances over one Key Vault), a JWKS endpoint, and ltijs as the tool.
 */

const day = 86_400_000;
const clientId = "rotation-tool";
const principal = { personId: "person-1", sessionId: "session-1", roles: ["pupil"], schoolId: "school-123456" };

let dir: string;
let store: FileKeyStore;
let tool: LtijsTool;
let jwksServer: Server;
let issuer: string;
let platform: LtiPlatform;

function directory(toolUrl: string): LaunchDirectory {
  const registration = LtiRegistration.parse({
    type: "lti",
    loginInitiationUrl: `${toolUrl}/login`,
    redirectUris: [`${toolUrl}/`],
    targetLinkUri: `${toolUrl}/`,
    key: { kind: "jwks-url", url: `${toolUrl}/keys` },
  });
  return {
    ltiTool: async (toolId) => (toolId === clientId ? { toolId, clientId, providerId: "provider-1", licensed: false, registration, title: { nl: "Rotatietool" } } : undefined),
    toolSettings: async () => ({ enabled: true, dataSharing: defaultDataSharing }),
    groupsOf: async () => [],
    group: async () => undefined,
    person: async () => undefined,
    entitlement: async () => undefined,
    seatOf: async () => ({ kind: "full", seats: 0 }),
    licenceRefused: async () => undefined,
  };
}

const instance = (): LtiPlatform => createLtiPlatform({ issuer, keyStore: store, pseudonymKey: "rotation-test-pseudonym-key-0123456789", directory: directory(tool.url) });

/** A launch as the browser makes it, with `platform` answering the authentication request; the id_token form is returned unposted. */
async function idTokenForm(jar: CookieJar, at: LtiPlatform, answeredBy: LtiPlatform = at) {
  const initiation = await startLaunch(at, { principal, toolId: clientId, locale: "nl" });
  const login = await jar.fetch(initiation.url);
  expect(login.status).toBe(302);
  const request = new URL(login.headers.get("location")!);
  expect(request.origin + request.pathname).toBe(`${issuer}/api/lti/authorize`);
  const outcome = await authorize(answeredBy, {
    params: Object.fromEntries(request.searchParams),
    method: "GET",
    sessionId: principal.sessionId,
    resubmitted: false,
    signedInPerson: async () => undefined,
    locale: "nl",
  });
  if (outcome.kind !== "form-post" || outcome.error) throw new Error(`not authorized: ${JSON.stringify(outcome)}`);
  return { action: outcome.redirectUri, fields: outcome.fields };
}

const kidOf = (form: { fields: Record<string, string> }) => decodeProtectedHeader(form.fields.id_token!).kid;
const publishedKids = async () => ((await (await fetch(`${issuer}/api/lti/jwks`)).json()) as JSONWebKeySet).keys.map((k) => k.kid);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "leerspoor-lti-keys-"));
  store = new FileKeyStore(dir);
  tool = await startLtijsTool();
  jwksServer = createServer((req, res) => {
    void platform.keys.ring().then(({ jwks }) => {
      const answer = jwksResponse(jwks, req.headers["if-none-match"] ?? null);
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  issuer = `http://localhost:${(jwksServer.address() as AddressInfo).port}`;
  await tool.register({ issuer, clientId, authorizationEndpoint: `${issuer}/api/lti/authorize`, jwksUrl: `${issuer}/api/lti/jwks` });
}, 60_000);

afterAll(async () => {
  await tool?.close();
  jwksServer?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("key rotation with overlap", () => {
  it("publishes the next key before it signs, signs with it after rotation, and keeps tools working throughout", async () => {
    const now = Date.now();
    // The installation's first key, made 31 days ago; its successor published 3 days ago.
    expect(await rotateKeys(store, new Date(now - 31 * day))).toEqual([{ kind: "bootstrap" }]);
    expect(await rotateKeys(store, new Date(now - 3 * day))).toEqual([{ kind: "publish-next" }]);
    const [old, next] = ["current", "next"].map((state) => (async () => (await readKeys(store)).find((k) => k.state === state)!.kid)());
    const [oldKid, nextKid] = [await old, await next];

    platform = instance();
    const lagging = instance();
    await lagging.keys.ring();
    expect(await publishedKids()).toEqual([oldKid, nextKid]);
    const jar = new CookieJar();
    const before = await idTokenForm(jar, platform);
    expect(kidOf(before)).toBe(oldKid);
    expect((await postToTool(jar, before)).answer.ok).toBe(true);
    // A tool that keeps the JWKS it fetched now.
    const cachedJwks = (await (await fetch(`${issuer}/api/lti/jwks`)).json()) as JSONWebKeySet;
    // Minted just before the rotation, delivered just after it.
    const inFlight = await idTokenForm(jar, platform);

    expect(await rotateKeys(store, new Date(now))).toEqual([{ kind: "promote", next: nextKid, current: [oldKid] }]);
    await platform.keys.reload();
    expect(await publishedKids()).toEqual([nextKid, oldKid]);

    const inFlightAnswer = await postToTool(jar, inFlight);
    expect(inFlightAnswer.answer.ok).toBe(true);
    const after = await idTokenForm(jar, platform);
    expect(kidOf(after)).toBe(nextKid);
    expect((await postToTool(jar, after)).answer.ok).toBe(true);
    const { payload } = await jwtVerify(after.fields.id_token!, createLocalJWKSet(cachedJwks), { issuer, audience: clientId });
    expect(payload.sub).toBeDefined();

    // An instance that has not reloaded yet still signs with the old key, which stays published, and opens hints sealed under the new one.
    const fromLagging = await idTokenForm(jar, platform, lagging);
    expect(kidOf(fromLagging)).toBe(oldKid);
    expect((await postToTool(jar, fromLagging)).answer.ok).toBe(true);

    // After the overlap the old key leaves the JWKS, and what it signed no longer verifies.
    expect(await rotateKeys(store, new Date(now + 7 * day + 1000))).toEqual([{ kind: "retire", kid: oldKid }]);
    await platform.keys.reload();
    expect(await publishedKids()).toEqual([nextKid]);
    const retired = (await readKeys(store)).find((k) => k.kid === oldKid)!;
    expect(retired).toMatchObject({ state: "retired", retiredAt: expect.any(String) });
    expect(retired.privateJwk).toBeUndefined();
    const freshJwks = (await (await fetch(`${issuer}/api/lti/jwks`)).json()) as JSONWebKeySet;
    await expect(jwtVerify(before.fields.id_token!, createLocalJWKSet(freshJwks))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    // Which is why every instance reloads its keys every few minutes: one that did not would now be refused.
    const staleJar = new CookieJar();
    const refused = await postToTool(staleJar, await idTokenForm(staleJar, platform, lagging));
    expect(refused.status).toBe(401);
    expect(toolError(refused.answer)).toBe("KEY_NOT_FOUND");
  });

  it("serves the JWKS with an ETag that changes when the published keys change", async () => {
    const first = await fetch(`${issuer}/api/lti/jwks`);
    const etag = first.headers.get("etag")!;
    expect((await fetch(`${issuer}/api/lti/jwks`, { headers: { "if-none-match": etag } })).status).toBe(304);
    await rotateKeys(store, new Date(Date.now() + 28 * day + 1000));
    await platform.keys.reload();
    const changed = await fetch(`${issuer}/api/lti/jwks`, { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });
});
