import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { CookieJar, fetchWithJar, signInThroughForm } from "../../scripts/local-stack/form-sign-in.js";
import { addAccounts, hashPassword } from "../../scripts/local-stack/local-accounts.js";
import { api } from "../support/catalogue.js";
import { callerWith, schoolFor } from "../support/sessions.js";
import { createPerson } from "../../shared/schools/index.js";

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const dataDir = process.env.LOCAL_DATA_DIR!;
const password = "een-lang-wachtwoord";

/** A new account at the local IdP that Leerspoor has never seen. */
async function newIdpAccount(options: { email?: string } = {}): Promise<string> {
  const login = `invitee-${randomUUID().slice(0, 8)}`;
  const file = join(dataDir, "idp-accounts.json");
  await addAccounts(file, {
    sub: `test|${randomUUID()}`,
    login,
    passwordHash: await hashPassword(password),
    name: `Nieuwe Gebruiker ${login}`,
    email: options.email ?? `${login}@example.test`,
    emailVerified: true,
    roles: [],
  });
  return login;
}

/** Signs in through the login form with `?invitation=`; returns where the portal lands and the jar. */
async function signInWithInvitation(token: string, login: string): Promise<{ location: string; jar: CookieJar }> {
  const jar = new CookieJar();
  const start = await fetchWithJar(new URL(`/api/auth/login?invitation=${encodeURIComponent(token)}`, baseUrl), jar);
  expect(start.status).toBe(302);
  const callback = await signInThroughForm(start.headers.get("location")!, login, password, jar);
  const landed = await fetchWithJar(callback, jar);
  return { location: landed.headers.get("location")!, jar };
}

async function invite(operator: Awaited<ReturnType<typeof callerWith>>, providerId: string) {
  const created = await api(`providers/${providerId}/invitations`, { method: "POST", headers: operator.headers("POST"), body: { email: "nieuw@example.test" } });
  expect(created.status).toBe(201);
  return created.json as { token: string; signInUrl: string; invitation: { invitationId: string; status: string; expiresAt: string } };
}

describe("invitations to a provider organisation", () => {
  it("lets a new IdP account sign in with the operator's invitation and become a user of that provider, once", async () => {
    const operator = await callerWith("operator");
    const provider = await api("providers", { method: "POST", headers: operator.headers("POST"), body: { name: "Uitgeverij Invitatie", contactEmail: "info@example.test" } });
    expect(provider.status).toBe(201);
    const providerId = provider.json.providerId as string;
    const invitation = await invite(operator, providerId);
    expect(invitation.token).toMatch(/^lsi_/);
    expect(invitation.signInUrl).toBe(`${baseUrl}/api/auth/login?invitation=${invitation.token}`);
    expect(invitation.invitation.status).toBe("open");
    const days = (Date.parse(invitation.invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);

    const login = await newIdpAccount();
    const { location, jar } = await signInWithInvitation(invitation.token, login);
    expect(location).toBe("/");
    const me = await fetchWithJar(new URL("/api/me", baseUrl), jar);
    expect(await me.json()).toMatchObject({ roles: ["provider"], providerId, school: null });
    const own = await fetchWithJar(new URL("/api/provider", baseUrl), jar);
    expect(await own.json()).toMatchObject({ providerId, name: "Uitgeverij Invitatie" });

    // Later sign-ins without the invitation keep the link.
    const jar2 = new CookieJar();
    const start = await fetchWithJar(new URL("/api/auth/login", baseUrl), jar2);
    await fetchWithJar(await signInThroughForm(start.headers.get("location")!, login, password, jar2), jar2);
    expect(await (await fetchWithJar(new URL("/api/me", baseUrl), jar2)).json()).toMatchObject({ roles: ["provider"], providerId });

    // Single use: a second account cannot use the same token.
    const other = await newIdpAccount();
    expect((await signInWithInvitation(invitation.token, other)).location).toBe("/login?error=invitation-invalid");
    const listed = await api(`providers/${providerId}/invitations`, { headers: operator.headers() });
    expect(listed.json.invitations).toEqual([expect.objectContaining({ invitationId: invitation.invitation.invitationId, status: "accepted", acceptedBy: expect.any(String) })]);
    expect(JSON.stringify(listed.json)).not.toContain(invitation.token);
  });

  it("refuses a withdrawn or made-up invitation, and a school's account", async () => {
    const operator = await callerWith("operator");
    const provider = await api("providers", { method: "POST", headers: operator.headers("POST"), body: { name: "Uitgeverij Twee", contactEmail: "info@example.test" } });
    const providerId = provider.json.providerId as string;
    const withdrawn = await invite(operator, providerId);
    const revoked = await api(`providers/${providerId}/invitations/${withdrawn.invitation.invitationId}`, { method: "DELETE", headers: operator.headers("DELETE") });
    expect(revoked.json.status).toBe("revoked");
    expect((await signInWithInvitation(withdrawn.token, await newIdpAccount())).location).toBe("/login?error=invitation-invalid");

    const madeUp = withdrawn.token.replace(/.{4}$/, "AAAA");
    const fresh = await invite(operator, providerId);
    expect((await signInWithInvitation(`${fresh.token.slice(0, 22)}${madeUp.slice(22)}`, await newIdpAccount())).location).toBe("/login?error=invitation-invalid");
    const malformed = await fetch(`${baseUrl}/api/auth/login?invitation=not-a-token`, { redirect: "manual" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).errors).toEqual([expect.objectContaining({ field: "query.invitation" })]);

    // An account linked to a school's person cannot join a provider; the invitation stays usable.
    const email = `leerling-${randomUUID().slice(0, 8)}@example.test`;
    await createPerson({ schoolId: await schoolFor() }, { roles: ["pupil"], givenName: "Lea", familyName: "Leerling", email });
    const pupilLogin = await newIdpAccount({ email });
    const pupilJar = new CookieJar();
    const pupilStart = await fetchWithJar(new URL("/api/auth/login", baseUrl), pupilJar);
    expect((await fetchWithJar(await signInThroughForm(pupilStart.headers.get("location")!, pupilLogin, password, pupilJar), pupilJar)).headers.get("location")).toBe("/");
    const refused = await signInWithInvitation(fresh.token, pupilLogin);
    expect(refused.location).toBe("/login?error=invitation-for-school-account");
    expect((await signInWithInvitation(fresh.token, await newIdpAccount())).location).toBe("/");

    expect((await api("providers/00000000-0000-4000-8000-000000000000/invitations", { method: "POST", headers: operator.headers("POST"), body: {} })).status).toBe(404);
  });
});
