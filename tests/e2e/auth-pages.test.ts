import type { Page } from "playwright-core";
import { endSession, type Role } from "../../shared/identity/index.js";
import { Me } from "../../static-web/src/api/auth.js";
import { callerWith, freshInstellingsnummer, schoolFor, type TestCaller } from "../support/sessions.js";
import { baseURL, messages, locales, sessionIdOf } from "./portal-texts.js";
import { expectNoAxeViolations, open, signIn, tabTo, usePortalBrowser } from "./portal-session.js";

const portalOrigin = new URL(baseURL).origin;

const nl = messages.nl;

const portal = usePortalBrowser();
let page: Page;

beforeEach(async () => {
  page = await portal.newPage();
});

/** A real session of a new person with `role` in `schoolId`, and the browser carrying its cookie. */
async function signInAs(role: Role, schoolId: string): Promise<TestCaller> {
  const caller = await callerWith(role, schoolId);
  await signIn(page.context(), caller);
  return caller;
}

/** Calls the API directly (as the given caller), for setting up data and checking what a page did. */
async function api(caller: TestCaller, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(new URL(path, baseURL), {
    method,
    headers: caller.headers(method),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

async function createPersonThroughApi(admin: TestCaller, person: Record<string, unknown>): Promise<{ id: string }> {
  const response = await api(admin, "POST", "/api/school/people", person);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

async function createGroupThroughApi(caller: TestCaller, group: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const response = await api(caller, "POST", "/api/school/groups", group);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; name: string };
}

const heading = (): Promise<string> => page.getByRole("heading", { level: 1 }).innerText();
const mainNav = () => page.getByRole("navigation");
const pathname = (): string => new URL(page.url()).pathname;
/** The class page's own announcements; its sections (activities) have live regions of their own. */
const classPageStatus = (page: Page) => page.locator('[role="status"]:not(section [role="status"])');

const focused = (): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute("name") ?? document.activeElement?.id ?? null);

const connectionLabels = {
  leerid: nl.login.with.leerid,
  smartschool: nl.login.with.smartschool,
  "google-oauth2": nl.login.with.google,
  windowslive: nl.login.with.microsoft,
  "Username-Password-Authentication": nl.login.with.ownAccount,
} as const;

describe("sign-in pages", () => {
  test("the login chooser offers the five connections as big, labelled links to /api/auth/login that come back to returnTo", async () => {
    await open(page, "/login?returnTo=/school/klassen%3Ftab%3D2");
    expect(await heading()).toBe(nl.login.heading);
    expect(await page.title()).toBe(`${nl.login.title} · Leerspoor`);

    const choices = page.getByRole("main").getByRole("list").first().getByRole("link");
    expect(await choices.count()).toBe(5);
    for (const [connection, label] of Object.entries(connectionLabels)) {
      const link = page.getByRole("link", { name: label, exact: true });
      const href = new URL((await link.getAttribute("href"))!, baseURL);
      expect(href.pathname).toBe("/api/auth/login");
      expect(Object.fromEntries(href.searchParams)).toEqual({ connection, returnTo: "/school/klassen?tab=2" });
      const box = (await link.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(64); // a big target for small hands
      expect(await link.locator("svg").count()).toBe(1); // the service's recognisable mark
    }

    const card = page.getByRole("link", { name: nl.login.cards.link });
    expect(await card.getAttribute("href")).toBe("/kaart");
    expect((await card.boundingBox())!.height).toBeGreaterThanOrEqual(64);
    expect(await page.getByRole("alert").count()).toBe(0);
  });

  test("returnTo never points the sign-in at another site", async () => {
    for (const evil of ["//evil.example/", "https://evil.example/", "/\\evil.example"]) {
      await open(page, `/login?returnTo=${encodeURIComponent(evil)}`);
      const href = new URL((await page.getByRole("link", { name: nl.login.with.leerid }).getAttribute("href"))!, baseURL);
      expect(Object.fromEntries(href.searchParams)).toEqual({ connection: "leerid" });
    }
  });

  test.each(locales)("shows why a sign-in failed, translated (%s)", async (locale) => {
    const m = messages[locale];
    await open(page, `/login?lang=${locale}`);
    for (const slug of ["sign-in-failed", "unknown-account", "ambiguous-account", "invitation-invalid", "invitation-for-school-account", "other-provider"] as const) {
      await open(page, `/login?error=${slug}`);
      expect(await page.getByRole("alert").innerText()).toBe(m.login.errors[slug]);
      expect(await heading()).toBe(m.login.heading);
    }
    await open(page, "/login?error=something-new");
    expect(await page.getByRole("alert").innerText()).toBe(m.login.errors["sign-in-failed"]);
    expect(await page.getByRole("link", { name: m.login.with.ownAccount }).count()).toBe(1);
  });

  test("a school page without a session sends the visitor to sign in, and back there afterwards", async () => {
    await page.goto("/school/personen");
    await page.getByRole("heading", { level: 1, name: nl.login.heading }).waitFor();
    expect(pathname()).toBe("/login");
    expect(new URL(page.url()).searchParams.get("returnTo")).toBe("/school/personen");
    const href = new URL((await page.getByRole("link", { name: nl.login.with.smartschool }).getAttribute("href"))!, baseURL);
    expect(href.searchParams.get("returnTo")).toBe("/school/personen");
    // Signed out, the header offers to sign in and lists no school pages.
    expect(await page.getByRole("banner").getByRole("link", { name: nl.account.signIn }).count()).toBe(0); // not on the login page itself
    expect(await mainNav().getByRole("link").allInnerTexts()).toEqual([nl.nav.home]);
  });

  test("a pupil gets the not-allowed page at the address of a school admin's page, and a menu without it", async () => {
    await signInAs("pupil", await schoolFor());
    await open(page, "/school/personen");
    expect(pathname()).toBe("/school/personen");
    expect(await heading()).toBe(nl.notAllowed.heading);
    expect(await page.title()).toBe(`${nl.notAllowed.title} · Leerspoor`);
    expect(await page.getByRole("main").innerText()).toContain(nl.notAllowed.text.replace("{name}", "Test pupil"));
    expect(await mainNav().getByRole("link").allInnerTexts()).toEqual([nl.nav.home, nl.nav.profile]);

    await open(page, "/school/klassen");
    expect(await heading()).toBe(nl.notAllowed.heading);
    // An unknown address is still "not found", not "not allowed".
    await open(page, "/school/nergens");
    expect(await heading()).toBe(nl.notFound.heading);
  });

  test("a signed-in pupil is greeted by name on the home page, with their name and a sign-out button in the header", async () => {
    await signInAs("pupil", await schoolFor());
    await open(page, "/");
    expect(await heading()).toBe(nl.home.greeting.replace("{name}", "Test pupil"));
    const banner = page.getByRole("banner");
    expect(await banner.innerText()).toContain(nl.account.signedInAs.replace("{name}", "Test pupil"));
    expect(await banner.getByRole("button", { name: nl.account.signOut }).count()).toBe(1);
  });

  test("the profile shows the name, translated roles, the school and its instellingsnummer; /api/me matches the portal's schema", async () => {
    const instellingsnummer = freshInstellingsnummer();
    const admin = await signInAs("schoolAdmin", await schoolFor(instellingsnummer));
    const me = Me.safeParse(await (await api(admin, "GET", "/api/me")).json());
    expect(me.success).toBe(true);

    for (const locale of locales) {
      const m = messages[locale];
      await open(page, `/profiel?lang=${locale}`);
      expect(await heading()).toBe(m.profile.heading);
      const facts = Object.fromEntries(
        await page.locator("dl.facts > div").evaluateAll((rows) =>
          rows.map((row) => [row.querySelector("dt")?.textContent?.trim(), row.querySelector("dd")?.innerText.trim()]),
        ),
      );
      expect(facts).toEqual({
        [m.profile.name]: "Test schoolAdmin",
        [m.profile.roles]: m.roles.schoolAdmin,
        [m.profile.school]: `Testschool ${instellingsnummer}`,
        [m.profile.instellingsnummer]: instellingsnummer.padStart(6, "0"),
      });
    }
  });

  test("signing out ends the session and opens the identity provider's sign-out page", async () => {
    const pupil = await signInAs("pupil", await schoolFor());
    // The IdP lives on another origin; answer for it, so the test only shows where the portal went.
    await page.context().route(
      (url) => url.origin !== portalOrigin,
      (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>IdP</title><p>signed out</p>" }),
    );
    // The page leaves as soon as it has the answer, so read the answer on its way through.
    let answered: (logout: { status: number; csrfToken: string | undefined; signOutUrl: string }) => void;
    const loggedOut = new Promise<{ status: number; csrfToken: string | undefined; signOutUrl: string }>((resolve) => (answered = resolve));
    await page.route("**/api/auth/logout", async (route) => {
      const response = await route.fetch();
      const { signOutUrl } = (await response.json()) as { signOutUrl: string };
      answered({ status: response.status(), csrfToken: route.request().headers()["x-csrf-token"], signOutUrl });
      await route.fulfill({ response });
    });
    await open(page, "/profiel");
    await page.getByRole("button", { name: nl.account.signOut }).click();
    const { status, csrfToken, signOutUrl } = await loggedOut;
    expect(status).toBe(200);
    expect(csrfToken).toBeTruthy();
    expect(new URL(signOutUrl).origin).not.toBe(portalOrigin);
    await page.waitForURL((url) => url.href === new URL(signOutUrl).href);

    expect((await api(pupil, "GET", "/api/me")).status).toBe(401);
    expect((await page.context().request.get("/api/me")).status()).toBe(401);
  });

  test("when the session ends under a school page, the next action leads to sign in again", async () => {
    const admin = await signInAs("schoolAdmin", await schoolFor());
    await open(page, "/school/personen");
    await endSession(sessionIdOf(admin));

    await page.getByLabel(nl.people.create.givenName).fill("Mila");
    await page.getByRole("checkbox", { name: nl.roles.pupil }).check();
    await page.getByRole("button", { name: nl.people.create.submit }).click();

    await page.getByRole("heading", { level: 1, name: nl.login.heading }).waitFor();
    expect(new URL(page.url()).searchParams.get("returnTo")).toBe("/school/personen");
    expect(await page.getByRole("alert").innerText()).toBe(nl.login.errors["session-expired"]);
  });
});

describe("school administration pages", () => {
  test("a school admin creates a person: a bad e-mail is refused first, shown at the field and announced", async () => {
    const admin = await signInAs("schoolAdmin", await schoolFor());
    await open(page, "/school/personen");
    expect(await heading()).toBe(nl.people.heading);

    await page.getByLabel(nl.people.create.givenName).fill("Lotte");
    await page.getByLabel(nl.people.create.familyName).fill("Peeters");
    await page.getByRole("checkbox", { name: nl.roles.pupil }).check();
    await page.getByLabel(nl.people.create.email).fill("lotte-at-school");
    const refused = page.waitForResponse((response) => response.request().method() === "POST");
    await page.getByRole("button", { name: nl.people.create.submit }).click();

    // The API's own validation said no, in problem+json naming the field.
    const answer = await refused;
    expect(answer.status()).toBe(400);
    expect(answer.headers()["content-type"]).toContain("application/problem+json");
    expect(((await answer.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual(["body.email"]);

    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toContain(nl.people.fieldErrors.email.replace("{'@'}", "@"));
    const email = page.getByLabel(nl.people.create.email);
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await email.getAttribute("aria-describedby"))!;
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toBe(nl.people.fieldErrors.email.replace("{'@'}", "@"));
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("email");
    expect(await page.getByLabel(nl.people.create.givenName).getAttribute("aria-invalid")).toBeNull();
    await expectNoAxeViolations(page);

    await email.fill("lotte.peeters@school.be");
    await page.getByRole("button", { name: nl.people.create.submit }).click();
    await page.getByRole("status").filter({ hasText: "Lotte Peeters" }).waitFor();
    expect(await page.getByRole("status").innerText()).toBe(nl.people.created.replace("{name}", "Lotte Peeters"));
    expect(await page.getByRole("alert").count()).toBe(0);
    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Lotte Peeters" }) });
    expect(await row.getByRole("cell").allInnerTexts()).toEqual(
      expect.arrayContaining([nl.roles.pupil, "lotte.peeters@school.be", nl.people.status.active]),
    );
    // The refused attempt stored nothing: Lotte is there once.
    const people = (await (await api(admin, "GET", "/api/school/people")).json()) as { people: { givenName: string }[] };
    expect(people.people.filter((person) => person.givenName === "Lotte")).toHaveLength(1);
  });

  test("a school admin filters people by role, and deactivates and reactivates one", async () => {
    const admin = await signInAs("schoolAdmin", await schoolFor());
    const teacher = await createPersonThroughApi(admin, { givenName: "Ann", familyName: "Claes", roles: ["teacher"] });
    await createPersonThroughApi(admin, { givenName: "Bram", familyName: "Aerts", roles: ["pupil"] });
    await open(page, "/school/personen");
    const names = () => page.getByRole("rowheader").allInnerTexts();
    expect(await names()).toEqual(expect.arrayContaining(["Ann Claes", "Bram Aerts", "Test schoolAdmin"]));

    await page.getByLabel(nl.people.filter.label).selectOption({ label: nl.people.filter.teacher });
    await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
    await page.getByRole("rowheader", { name: "Bram Aerts" }).waitFor({ state: "detached" });
    expect(await names()).toEqual(["Ann Claes"]);

    await page.getByRole("button", { name: `${nl.people.deactivate} Ann Claes` }).click();
    await page.getByRole("button", { name: `${nl.people.reactivate} Ann Claes` }).waitFor();
    expect(await page.getByRole("status").innerText()).toBe(nl.people.deactivated.replace("{name}", "Ann Claes"));
    const stored = async () => ((await (await api(admin, "GET", `/api/school/people/${teacher.id}`)).json()) as { status: string }).status;
    expect(await stored()).toBe("inactive");

    await page.getByRole("button", { name: `${nl.people.reactivate} Ann Claes` }).click();
    await page.getByRole("button", { name: `${nl.people.deactivate} Ann Claes` }).waitFor();
    expect(await stored()).toBe("active");
  });

  test("a school admin creates a class, adds a person with a role, sees them listed, and removes them", async () => {
    const admin = await signInAs("schoolAdmin", await schoolFor());
    await createPersonThroughApi(admin, { givenName: "Noor", familyName: "Jacobs", roles: ["pupil"] });
    await open(page, "/school/klassen");
    expect(await heading()).toBe(nl.classes.heading);
    expect(await mainNav().getByRole("link").allInnerTexts()).toEqual([nl.nav.home, nl.nav.profile, nl.nav.classes, nl.nav.people, nl.nav.import, nl.nav.loginCards, nl.nav.catalogue, nl.nav.licences]);

    expect(await page.getByRole("radio", { name: nl.classes.types.class }).isChecked()).toBe(true);
    await page.getByLabel(nl.classes.create.name).fill("3B");
    await page.getByLabel(nl.classes.create.schoolYear).fill("2025-2026");
    await page.getByRole("button", { name: nl.classes.create.submitClass }).click();
    await page.getByRole("link", { name: "3B" }).waitFor();
    expect(await page.getByRole("status").innerText()).toBe(nl.classes.createdClass.replace("{name}", "3B"));
    expect(await page.getByRole("row").filter({ hasText: "3B" }).getByRole("cell").allInnerTexts()).toEqual([
      nl.classes.types.class,
      "2025-2026",
    ]);

    await page.getByRole("link", { name: "3B" }).click();
    await page.getByRole("heading", { level: 1, name: "3B" }).waitFor();
    expect(await page.getByRole("main").innerText()).toContain(nl.group.empty);
    await page.getByLabel(nl.group.add.person).selectOption({ label: `Noor Jacobs (${nl.roles.pupil})` });
    expect(await page.getByLabel(nl.group.add.role).inputValue()).toBe("pupil");
    await page.getByRole("button", { name: nl.group.add.submit }).click();
    await page.getByRole("rowheader", { name: "Noor Jacobs" }).waitFor();
    expect(await classPageStatus(page).innerText()).toBe(nl.group.added.replace("{name}", "Noor Jacobs").replace("{group}", "3B"));

    // Listed after a reload too: it is stored, not just shown.
    await page.reload();
    await page.getByRole("rowheader", { name: "Noor Jacobs" }).waitFor();
    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Noor Jacobs" }) });
    expect(await row.getByRole("cell").first().innerText()).toBe(nl.group.roles.pupil);
    await expectNoAxeViolations(page);

    await row.getByRole("button", { name: `${nl.group.remove} Noor Jacobs` }).click();
    await page.getByRole("rowheader", { name: "Noor Jacobs" }).waitFor({ state: "detached" });
    expect(await classPageStatus(page).innerText()).toBe(nl.group.removed.replace("{name}", "Noor Jacobs").replace("{group}", "3B"));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("group-members-heading");
  });

  test("a teacher sees the classes but cannot create one, and makes a group instead", async () => {
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    await createGroupThroughApi(admin, { groupType: "class", name: "1A" });
    await signInAs("teacher", schoolId);

    await open(page, "/school/klassen");
    expect(await page.getByRole("link", { name: "1A" }).count()).toBe(1);
    expect(await mainNav().getByRole("link").allInnerTexts()).toEqual([nl.nav.home, nl.nav.profile, nl.nav.classes, nl.nav.loginCards, nl.nav.catalogue]);
    expect(await page.getByRole("button", { name: nl.classes.create.submitClass }).count()).toBe(0);
    expect(await page.getByRole("radio").count()).toBe(0);
    expect(await page.getByRole("heading", { level: 2, name: nl.classes.create.heading }).count()).toBe(1);

    await page.getByLabel(nl.classes.create.name).fill("Leesgroep");
    await page.getByRole("button", { name: nl.classes.create.submitGroup }).click();
    await page.getByRole("link", { name: "Leesgroep" }).waitFor();
    expect(await page.getByRole("row").filter({ hasText: "Leesgroep" }).getByRole("cell").first().innerText()).toBe(nl.classes.types.group);

    await open(page, "/school/personen");
    expect(await heading()).toBe(nl.notAllowed.heading);
  });

  test("keyboard only: a school admin creates a person with Tab, typing, Space and Enter", async () => {
    await signInAs("schoolAdmin", await schoolFor());
    await open(page, "/school/personen");

    await tabTo(page, 'input[name="givenName"]', 40);
    await page.keyboard.type("Yusuf");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("familyName");
    await page.keyboard.type("Demir");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe("pupil");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab"); // teacher
    await page.keyboard.press("Tab"); // school admin
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("email");
    await page.keyboard.type("yusuf.demir@school.be");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("leerId");
    await page.keyboard.type("yusuf.demir");
    await page.keyboard.press("Enter");

    await page.getByRole("rowheader", { name: "Yusuf Demir" }).waitFor();
    expect(await page.getByRole("status").innerText()).toBe(nl.people.created.replace("{name}", "Yusuf Demir"));
    // Focus stayed in the form, ready for the next person.
    expect(await page.evaluate(() => document.activeElement?.closest("form") !== null)).toBe(true);
    expect(await page.getByLabel(nl.people.create.givenName).inputValue()).toBe("");
  });

  test.each(locales)("axe-core finds no violations on the sign-in and school pages in %s", async (locale) => {
    const m = messages[locale];
    // Signed out: the chooser, with and without a reason.
    await open(page, `/login?lang=${locale}`);
    expect(await page.locator("html").getAttribute("lang")).toBe(locale);
    await expectNoAxeViolations(page);
    await open(page, "/login?error=unknown-account");
    await expectNoAxeViolations(page);

    // A pupil: greeting, profile and a refused page.
    const schoolId = await schoolFor();
    await signInAs("pupil", schoolId);
    for (const path of ["/", "/profiel", "/school/personen"]) {
      await open(page, path);
      await expectNoAxeViolations(page);
    }
    expect(await heading()).toBe(m.notAllowed.heading);

    // A school admin with data on every page.
    await page.context().clearCookies();
    const admin = await signInAs("schoolAdmin", schoolId);
    const person = await createPersonThroughApi(admin, { givenName: "Sara", familyName: "Wouters", roles: ["pupil"], leerId: "sara.wouters" });
    const group = await createGroupThroughApi(admin, { groupType: "class", name: "5C" });
    expect((await api(admin, "PUT", `/api/school/groups/${group.id}/members/${person.id}`, { role: "pupil" })).status).toBe(200);
    for (const path of ["/school/personen", "/school/klassen", `/school/klassen/${group.id}`, "/profiel", "/"]) {
      await open(page, path);
      await expectNoAxeViolations(page);
    }
    expect(await heading()).toBe(m.home.greeting.replace("{name}", "Test schoolAdmin"));

    // A refused form, errors shown.
    await open(page, "/school/personen");
    await page.getByRole("button", { name: m.people.create.submit }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByLabel(m.people.create.givenName).getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(page);
  });
});
