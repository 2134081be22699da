import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createIdentityProvider, createAccountAdministration, SignInFailed, type IdentityProvider } from "../../shared/adapters/index.js";
import { addAccounts, hashPassword, readAccounts, writeAccounts, type LocalAccount } from "../../scripts/local-stack/local-accounts.js";
import { testSettings } from "../support/settings.js";
import { freePort } from "../support/stack-process.js";
import { CookieJar, LoginRefused, openAtProvider, signInThroughForm, signOutThroughProvider, submitLoginForm } from "../../scripts/local-stack/form-sign-in.js";

const providerScript = resolve("dist/scripts/local-stack/oidc-provider.js");

interface RunningProvider {
  issuer: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the compiled provider as the local stack does, and waits for its ready line. */
async function startProvider(port: number, accountsFile: string, configFile: string): Promise<RunningProvider> {
  const child = spawn(process.execPath, [providerScript, String(port), accountsFile, configFile], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((ready, fail) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"ready":true')) ready();
    });
    child.once("exit", (code) => fail(new Error(`the provider exited with ${code}:\n${output}`)));
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return {
    issuer: `http://localhost:${port}`,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

const portal = "http://localhost:4999";
const redirectUri = `${portal}/api/auth/callback`;
const postLogoutRedirectUri = `${portal}/`;
const clientId = "leerspoor-portal";
const clientSecret = randomBytes(32).toString("base64");
const adminToken = randomBytes(32).toString("base64");

let dataDir: string;
let accountsFile: string;
let configFile: string;
let port: number;
let provider: RunningProvider;
let idp: IdentityProvider;

async function addAccount(overrides: Partial<LocalAccount> & { password: string }): Promise<LocalAccount> {
  const id = randomUUID();
  const { password, ...rest } = overrides;
  const account: LocalAccount = {
    sub: `local|${id}`,
    login: `user-${id}`,
    passwordHash: await hashPassword(password),
    name: "Test Gebruiker",
    ...rest,
  };
  await addAccounts(accountsFile, account);
  return account;
}

function settingsFor(issuer: string) {
  return testSettings({
    OIDC_ISSUER_URL: issuer,
    OIDC_CLIENT_ID: clientId,
    OIDC_CLIENT_SECRET: clientSecret,
    IDP_MANAGEMENT_DRIVER: "local",
    LOCAL_IDP_ADMIN_TOKEN: adminToken,
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "leerspoor-idp-"));
  accountsFile = join(dataDir, "idp-accounts.json");
  configFile = join(dataDir, "idp-client.json");
  await writeAccounts(accountsFile, []);
  await writeFile(configFile, JSON.stringify({ clientId, clientSecret, redirectUris: [redirectUri], postLogoutRedirectUris: [postLogoutRedirectUri], adminToken }));
  port = await freePort();
  provider = await startProvider(port, accountsFile, configFile);
  idp = createIdentityProvider(settingsFor(provider.issuer));
});

afterAll(async () => {
  await provider?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the local identity provider with the openid-client adapter", () => {
  it("signs in through the login form and returns the subject, roles, instellingsnummer and connection", async () => {
    const teacher = await addAccount({
      password: "correct horse battery staple",
      login: `juf-${randomUUID()}@school.test`,
      email: "an.peeters@school.test",
      emailVerified: true,
      name: "An Peeters",
      givenName: "An",
      familyName: "Peeters",
      instellingsnummer: "012345",
      roles: ["teacher", "schoolAdmin"],
    });
    const { url, checks } = await idp.beginSignIn({ redirectUri, connection: "leerid", loginHint: teacher.login });
    const authorize = new URL(url);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("connection")).toBe("leerid");
    expect(authorize.searchParams.has("code_verifier")).toBe(false);

    const jar = new CookieJar();
    const form = await openAtProvider(url, jar);
    if (form.kind !== "page") throw new Error("expected the login page");
    expect(form.status).toBe(200);
    expect(form.html).toContain('<html lang="nl">');
    expect(form.html).toContain("Aanmelden via LeerID (lokale testomgeving)");
    expect(form.html).toMatch(/<label for="login">[^<]+<\/label>\s*<input id="login" name="login"/);
    expect(form.html).toMatch(/<label for="password">[^<]+<\/label>\s*<input id="password" name="password" type="password"/);
    expect(form.html).toContain(`value="${teacher.login}"`);

    const callback = await submitLoginForm(form, teacher.login, "correct horse battery staple", jar);
    if (callback.kind !== "left") throw new Error(`expected a redirect to the portal, got ${callback.status}`);
    expect(callback.location.href.startsWith(`${redirectUri}?`)).toBe(true);

    const signedIn = await idp.completeSignIn(callback.location, checks);
    expect(signedIn.subject).toBe(teacher.sub);
    expect(signedIn.claims).toEqual({
      email: "an.peeters@school.test",
      emailVerified: true,
      name: "An Peeters",
      givenName: "An",
      familyName: "Peeters",
      instellingsnummer: "012345",
      roles: ["teacher", "schoolAdmin"],
      connection: "leerid",
    });
    expect(signedIn.idToken.split(".")).toHaveLength(3);
    expect(JSON.parse(Buffer.from(signedIn.idToken.split(".")[0]!, "base64url").toString())).toMatchObject({ alg: "RS256" });
  });

  it("names the default connection when none was asked for", async () => {
    const pupil = await addAccount({ password: "geheim-wachtwoord", roles: ["pupil"] });
    const { url, checks } = await idp.beginSignIn({ redirectUri });
    const signedIn = await idp.completeSignIn(await signInThroughForm(url, pupil.login, "geheim-wachtwoord"), checks);
    expect(signedIn.claims).toMatchObject({ roles: ["pupil"], connection: "Username-Password-Authentication", instellingsnummer: undefined });
  });

  it("refuses a wrong password and shows the form again with the error", async () => {
    const pupil = await addAccount({ password: "het-juiste-wachtwoord" });
    const { url } = await idp.beginSignIn({ redirectUri, connection: "smartschool" });
    const refused = await signInThroughForm(url, pupil.login, "een-fout-wachtwoord").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(LoginRefused);
    const { status, html } = refused as LoginRefused;
    expect(status).toBe(401);
    expect(html).toContain('role="alert"');
    expect(html).toContain('name="password"');
    expect(html).toContain("Aanmelden via Smartschool (lokale testomgeving)");
    expect(html).toContain(`value="${pupil.login}"`);
  });

  it("refuses an unknown login the same way as a wrong password", async () => {
    const { url } = await idp.beginSignIn({ redirectUri });
    await expect(signInThroughForm(url, `nobody-${randomUUID()}`, "whatever")).rejects.toMatchObject({ status: 401 });
  });

  it("refuses a forged state", async () => {
    const pupil = await addAccount({ password: "wachtwoord-van-de-leerling" });
    const { url, checks } = await idp.beginSignIn({ redirectUri });
    const callback = await signInThroughForm(url, pupil.login, "wachtwoord-van-de-leerling");
    await expect(idp.completeSignIn(callback, { ...checks, state: "forged-state" })).rejects.toMatchObject({ reason: "state_mismatch" });
  });

  it("refuses a replayed callback: the code works once", async () => {
    const pupil = await addAccount({ password: "wachtwoord-van-de-leerling" });
    const { url, checks } = await idp.beginSignIn({ redirectUri });
    const callback = await signInThroughForm(url, pupil.login, "wachtwoord-van-de-leerling");
    await idp.completeSignIn(callback, checks);
    const replay = idp.completeSignIn(callback, checks);
    await expect(replay).rejects.toBeInstanceOf(SignInFailed);
    await expect(replay).rejects.toMatchObject({ reason: "code_rejected" });
  });

  it("refuses an id_token with another sign-in's nonce", async () => {
    const pupil = await addAccount({ password: "wachtwoord-van-de-leerling" });
    const { url, checks } = await idp.beginSignIn({ redirectUri });
    const callback = await signInThroughForm(url, pupil.login, "wachtwoord-van-de-leerling");
    await expect(idp.completeSignIn(callback, { ...checks, nonce: "another-nonce" })).rejects.toMatchObject({ reason: "nonce_mismatch" });
  });

  it("reports the provider's error answer, e.g. for an unknown connection", async () => {
    const { url, checks } = await idp.beginSignIn({ redirectUri, connection: "no-such-connection" });
    const stop = await openAtProvider(url, new CookieJar());
    if (stop.kind !== "left") throw new Error(`expected a redirect to the portal, got ${stop.status}`);
    expect(stop.location.searchParams.get("error")).toBe("invalid_request");
    await expect(idp.completeSignIn(stop.location, checks)).rejects.toMatchObject({ reason: "provider_error" });
  });

  it("ends the provider session at sign-out: the next sign-in asks for the password again", async () => {
    const teacher = await addAccount({ password: "wachtwoord-van-de-juf", roles: ["teacher"] });
    const jar = new CookieJar();
    const first = await idp.beginSignIn({ redirectUri });
    const { idToken } = await idp.completeSignIn(await signInThroughForm(first.url, teacher.login, "wachtwoord-van-de-juf", jar), first.checks);

    // While the provider session lasts, a new sign-in goes through without the form.
    const silent = await idp.beginSignIn({ redirectUri });
    const again = await openAtProvider(silent.url, jar);
    expect(again.kind).toBe("left");
    if (again.kind === "left") expect((await idp.completeSignIn(again.location, silent.checks)).subject).toBe(teacher.sub);

    const signOut = await idp.signOutUrl({ idTokenHint: idToken, postLogoutRedirectUri });
    expect(await signOutThroughProvider(signOut, jar)).toEqual(new URL(postLogoutRedirectUri));

    const after = await idp.beginSignIn({ redirectUri });
    const stop = await openAtProvider(after.url, jar);
    expect(stop).toMatchObject({ kind: "page", status: 200 });
    if (stop.kind === "page") expect(stop.html).toContain('name="password"');
  });

  it("deletes an account: sign-in with it fails, its session ends, and deleting again is fine", async () => {
    const pupil = await addAccount({ password: "wachtwoord-van-de-leerling" });
    const jar = new CookieJar();
    const first = await idp.beginSignIn({ redirectUri });
    await idp.completeSignIn(await signInThroughForm(first.url, pupil.login, "wachtwoord-van-de-leerling", jar), first.checks);

    const administration = createAccountAdministration(settingsFor(provider.issuer));
    await administration.deleteAccount(pupil.sub);
    expect((await readAccounts(accountsFile)).some((account) => account.sub === pupil.sub)).toBe(false);
    await expect(administration.deleteAccount(pupil.sub)).resolves.toBeUndefined();

    const withSession = await openAtProvider((await idp.beginSignIn({ redirectUri })).url, jar);
    expect(withSession).toMatchObject({ kind: "page", status: 200 });
    const { url } = await idp.beginSignIn({ redirectUri });
    await expect(signInThroughForm(url, pupil.login, "wachtwoord-van-de-leerling")).rejects.toMatchObject({ status: 401 });
  });

  it("refuses account administration without the admin token, with 401", async () => {
    const pupil = await addAccount({ password: "wachtwoord-van-de-leerling" });
    const target = `${provider.issuer}/admin/accounts/${encodeURIComponent(pupil.sub)}`;
    expect((await fetch(target, { method: "DELETE" })).status).toBe(401);
    expect((await fetch(target, { method: "DELETE", headers: { authorization: "Bearer not-the-token" } })).status).toBe(401);
    expect((await readAccounts(accountsFile)).some((account) => account.sub === pupil.sub)).toBe(true);
    expect((await fetch(target, { method: "DELETE", headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(204);
    expect((await fetch(target, { method: "DELETE", headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(404);
  });
});

describe("the local identity provider of npm start's stack", () => {
  it("signs in the portal's client with an account added while it runs", async () => {
    const settings = testSettings();
    const stackAccounts = join(resolve(process.env.LOCAL_DATA_DIR!), "idp-accounts.json");
    const account: LocalAccount = {
      sub: `local|${randomUUID()}`,
      login: `stack-${randomUUID()}`,
      passwordHash: await hashPassword("wachtwoord-voor-de-stack"),
      name: "Stack Gebruiker",
      roles: ["teacher"],
    };
    await addAccounts(stackAccounts, account);
    try {
      const stackIdp = createIdentityProvider(settings);
      const { url, checks } = await stackIdp.beginSignIn({ redirectUri: `${settings.PUBLIC_BASE_URL}/api/auth/callback`, connection: "google-oauth2" });
      const callback = await signInThroughForm(url, account.login, "wachtwoord-voor-de-stack");
      expect(callback.origin + callback.pathname).toBe(`${settings.PUBLIC_BASE_URL}/api/auth/callback`);
      const signedIn = await stackIdp.completeSignIn(callback, checks);
      expect(signedIn).toMatchObject({ subject: account.sub, claims: { roles: ["teacher"], connection: "google-oauth2" } });
    } finally {
      await createAccountAdministration(settings).deleteAccount(account.sub);
    }
  });
});

describe("the local identity provider across a restart", () => {
  it("keeps its signing key and its sessions", async () => {
    const teacher = await addAccount({ password: "wachtwoord-van-de-juf" });
    const jar = new CookieJar();
    const first = await idp.beginSignIn({ redirectUri });
    await idp.completeSignIn(await signInThroughForm(first.url, teacher.login, "wachtwoord-van-de-juf", jar), first.checks);
    const jwksBefore = await (await fetch(`${provider.issuer}/jwks`)).json();

    await provider.stop();
    provider = await startProvider(port, accountsFile, configFile);

    expect(await (await fetch(`${provider.issuer}/jwks`)).json()).toEqual(jwksBefore);
    // A fresh adapter, as a restarted portal would have: it discovers the provider again.
    const restartedIdp = createIdentityProvider(settingsFor(provider.issuer));
    const again = await restartedIdp.beginSignIn({ redirectUri });
    const stop = await openAtProvider(again.url, jar);
    if (stop.kind !== "left") throw new Error(`expected a sign-in without the form, got ${stop.status}`);
    expect((await restartedIdp.completeSignIn(stop.location, again.checks)).subject).toBe(teacher.sub);
  });
});
