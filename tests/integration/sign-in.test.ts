import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { addAccounts, hashPassword } from "../../scripts/local-stack/local-accounts.js";
import { CookieJar, fetchWithJar, signInThroughForm, signOutThroughProvider } from "../../scripts/local-stack/form-sign-in.js";
import { signInAs } from "../../scripts/sign-in.js";
import { readTenant } from "../../shared/schools/index.js";

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const dataDir = process.env.LOCAL_DATA_DIR!;

interface Demo {
  accounts: { login: string; password: string | null; role: string; name: string }[];
}
const demoAccount = async (login: string) => {
  const demo = JSON.parse(await readFile(join(dataDir, "demo.json"), "utf8")) as Demo;
  return demo.accounts.find((a) => a.login === login)!;
};

async function addIdpAccount(account: { login: string; password: string; instellingsnummer?: string; roles?: string[]; email?: string }) {
  await addAccounts(join(dataDir, "idp-accounts.json"), {
    sub: `test|${randomUUID()}`,
    login: account.login,
    passwordHash: await hashPassword(account.password),
    name: `Test ${account.login}`,
    givenName: "Test",
    familyName: account.login,
    email: account.email ?? `${account.login}@example.test`,
    emailVerified: true,
    roles: account.roles ?? [],
    ...(account.instellingsnummer ? { instellingsnummer: account.instellingsnummer } : {}),
  });
}

/** Runs the sign-in up to the portal's callback and returns where the portal sends the browser. */
async function signInLandingAt(login: string, password: string): Promise<{ location: string; jar: CookieJar }> {
  const jar = new CookieJar();
  const start = await fetchWithJar(new URL("/api/auth/login", baseUrl), jar);
  const callback = await signInThroughForm(start.headers.get("location")!, login, password, jar);
  const landed = await fetchWithJar(callback, jar);
  return { location: landed.headers.get("location")!, jar };
}

describe("sign-in through the IdP", () => {
  it("signs the demo teacher in through the login form; /api/me names her school and role", async () => {
    const teacher = await demoAccount("teacher");
    const { me } = await signInAs(baseUrl, teacher.login, teacher.password!);
    expect(me).toMatchObject({ displayName: "Lotte Peeters", roles: ["teacher"], school: { instellingsnummer: "999101" }, csrfToken: expect.any(String) });
  });

  it("sets an HttpOnly, SameSite=Lax session cookie (not Secure on localhost) and returns to the asked page", async () => {
    const teacher = await demoAccount("teacher");
    const jar = new CookieJar();
    const start = await fetchWithJar(new URL("/api/auth/login?returnTo=/school/klassen&connection=leerid", baseUrl), jar);
    expect(start.status).toBe(302);
    expect(new URL(start.headers.get("location")!).searchParams.get("connection")).toBe("leerid");
    const callback = await signInThroughForm(start.headers.get("location")!, teacher.login, teacher.password!, jar);
    const landed = await fetchWithJar(callback, jar);
    expect(landed.headers.get("location")).toBe("/school/klassen");
    const sessionCookie = landed.headers.getSetCookie().find((c) => c.startsWith("leerspoor_session="))!;
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    expect(sessionCookie).not.toMatch(/Secure/);
  });

  it("answers 401 problem+json without a session", async () => {
    const response = await fetch(`${baseUrl}/api/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect((await response.json()).type).toBe("urn:leerspoor:problem:unauthenticated");
  });

  it("refuses logout without the CSRF token (403), then signs out at the portal and the IdP", async () => {
    const teacher = await demoAccount("teacher");
    const { jar, me } = await signInAs(baseUrl, teacher.login, teacher.password!);
    const logoutUrl = new URL("/api/auth/logout", baseUrl);
    expect((await fetchWithJar(logoutUrl, jar, { method: "POST" })).status).toBe(403);
    const loggedOut = await fetchWithJar(logoutUrl, jar, { method: "POST", headers: { "x-csrf-token": (me as { csrfToken: string }).csrfToken } });
    expect(loggedOut.status).toBe(200);
    const { signOutUrl } = (await loggedOut.json()) as { signOutUrl: string };
    expect((await fetchWithJar(new URL("/api/me", baseUrl), jar)).status).toBe(401);
    expect((await signOutThroughProvider(signOutUrl, jar)).toString()).toBe(`${baseUrl}/`);
    // The IdP session is gone too: a new sign-in shows the login form again.
    const again = await fetchWithJar(new URL("/api/auth/login", baseUrl), jar);
    const page = await fetchWithJar(new URL(again.headers.get("location")!), jar);
    expect([302, 303]).toContain(page.status);
    expect(new URL(page.headers.get("location")!, again.headers.get("location")!).pathname).toMatch(/^\/interaction\//);
  });

  it("refuses a returnTo that leaves the portal, naming the field", async () => {
    const response = await fetch(`${baseUrl}/api/auth/login?returnTo=//evil.example/x`, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([expect.objectContaining({ field: "query.returnTo" })]);
  });

  it("sends a replayed callback back to the login page with a reason", async () => {
    const teacher = await demoAccount("teacher");
    const jar = new CookieJar();
    const start = await fetchWithJar(new URL("/api/auth/login", baseUrl), jar);
    const callback = await signInThroughForm(start.headers.get("location")!, teacher.login, teacher.password!, jar);
    expect((await fetchWithJar(callback, jar)).status).toBe(302);
    const replay = await fetchWithJar(callback, jar);
    expect(replay.headers.get("location")).toBe("/login?error=sign-in-failed");
  });

  it("refuses an IdP account that no school knows", async () => {
    const login = `stranger-${randomUUID().slice(0, 6)}`;
    await addIdpAccount({ login, password: "een-lang-wachtwoord" });
    const { location } = await signInLandingAt(login, "een-lang-wachtwoord");
    expect(location).toBe("/login?error=unknown-account");
  });

  it("opens the school on the first sign-in of a school admin whose account carries the instellingsnummer", async () => {
    const instellingsnummer = String(200000 + Math.floor(Math.random() * 700000));
    const login = `admin-${instellingsnummer}`;
    await addIdpAccount({ login, password: "een-lang-wachtwoord", instellingsnummer, roles: ["schoolAdmin"] });
    const { me } = await signInAs(baseUrl, login, "een-lang-wachtwoord");
    expect(me).toMatchObject({ roles: ["schoolAdmin"], school: { instellingsnummer } });
    expect(await readTenant(`school-${instellingsnummer}`)).toMatchObject({ tenantType: "school" });
  });
});
