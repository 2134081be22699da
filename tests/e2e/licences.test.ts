import { documentStore } from "../../shared/adapters/index.js";
import { entitlementDocumentId, type ToolEntitlement } from "../../shared/licences/index.js";
import { api, approve, ltiTool, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { eventually, licencesOf } from "../support/licences.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";
import { baseURL, locales, messages } from "./portal-texts.js";
import { expectNoAxeViolations, open, tabTo, usePortalBrowser } from "./portal-session.js";

/*
 * Licences in Chromium: the school admin's page with seats and the expiry warning, and the
 * provider's page whose "send test event" button signs a licence.test that shows up in its
 * delivery log as processed, licensing nothing. Axe in nl, en and fr; the buttons are pressed
 * from the keyboard.
 */

const fill = (message: string, values: Record<string, string | number>): string => message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
/** vue-i18n's plural forms `zero | one | many`, for a count of 2 or more. */
const many = (message: string): string => message.split(" | ").at(-1)!;

const portal = usePortalBrowser();
let provider: TestProvider;
let toolId: string;
let toolTitle: string;

beforeAll(async () => {
  provider = await newProvider(undefined, `Uitgeverij ${uniqueMarker()}`);
  const marker = uniqueMarker();
  const created = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: ltiTool(marker, { pricing: "licensed" }) });
  if (created.status !== 201) throw new Error(`tool not registered: ${JSON.stringify(created.json)}`);
  toolId = created.json.toolId;
  toolTitle = `Oefenkaart ${marker}`;
  await approve(provider.providerId, toolId, 1);
}, 120_000);

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A school whose licence of 3 seats ends in 12 days, one seat taken by a pupil's launch. */
async function schoolWithSeatLicence(): Promise<TestCaller> {
  const schoolId = await schoolFor();
  const admin = await callerWith("schoolAdmin", schoolId);
  const enabled = await api(`school/tools/${toolId}`, { method: "PUT", headers: admin.headers("PUT"), body: { enabled: true } });
  if (enabled.status !== 200) throw new Error(`not enabled: ${JSON.stringify(enabled.json)}`);
  const entitlement: ToolEntitlement = {
    id: entitlementDocumentId(toolId),
    schoolId,
    type: "entitlement",
    toolId,
    grants: [{ providerId: provider.providerId, licenceId: `L-${uniqueMarker()}`, scope: { level: "school" }, seats: 3, validFrom: "2025-09-01", validUntil: inDays(12) }],
    updatedAt: new Date().toISOString(),
  };
  await documentStore().container("school-data").upsert(entitlement);
  const pupil = await callerWith("pupil", schoolId);
  const launched = await fetch(`${baseURL}/api/lti/launch/${toolId}`, { headers: pupil.headers(), redirect: "manual" });
  expect(launched.status).toBe(302);
  return admin;
}

describe("licences in the portal", () => {
  test.each(locales)("the school admin sees seats used of total and the expiry warning, axe-clean in %s", async (locale) => {
    const m = messages[locale].schoolLicences;
    const admin = await schoolWithSeatLicence();
    const page = await portal.pageSignedInAs(admin);
    await open(page, `/school/licenties?lang=${locale}`);

    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(m.heading);
    const section = page.getByRole("region", { name: toolTitle });
    const row = section.getByRole("row", { name: new RegExp(m.scope.school) });
    expect(await row.innerText()).toContain(fill(m.seatsUsed, { used: 1, total: 3 }));
    const warning = page.getByRole("region", { name: fill(m.expiringHeading, { days: 30 }) });
    expect(await warning.innerText()).toContain(toolTitle);
    expect(await row.innerText()).toMatch(new RegExp(fill(many(m.status.expiring), { days: "1[12]" })));
    await expectNoAxeViolations(page, `school licences (${locale})`);
  }, 60_000);

  test("the school admin reaches the licences page from the menu with the keyboard", async () => {
    const admin = await schoolWithSeatLicence();
    const page = await portal.pageSignedInAs(admin);
    await open(page, "/?lang=nl");
    await tabTo(page, `a[href="/school/licenties"]`, 80);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: messages.nl.schoolLicences.heading }).waitFor();
  }, 60_000);

  test.each(locales)("a provider sends a test event from the keyboard and sees it processed in the log, licensing nothing, axe-clean in %s", async (locale) => {
    const m = messages[locale].providerLicences;
    const secret = await api("provider/webhook-secrets", { method: "POST", headers: provider.keyHeaders() });
    expect(secret.status).toBe(201);
    const page = await portal.pageSignedInAs(provider.user);
    await open(page, `/aanbieder/licenties?lang=${locale}`);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(m.heading);
    await expectNoAxeViolations(page, `provider licences (${locale})`);

    const button = page.getByRole("button", { name: m.send });
    await tabTo(page, "main button.button:not(.button--secondary)", 80);
    expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");

    const status = page.getByRole("status").filter({ hasText: "204" });
    await status.waitFor();
    const webhookId = /msg_test_[0-9a-f-]+/.exec(await status.innerText())![0];
    expect(await status.innerText()).toBe(fill(m.sent, { webhookId, status: 204 }));
    const row = page.locator(`tr[data-webhook-id="${webhookId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain("licence.test");
    // The queue processes it in the background; the provider refreshes the log until it says so.
    const refresh = page.getByRole("button", { name: m.refresh });
    await eventually(
      async () => {
        await refresh.focus();
        await page.keyboard.press("Enter");
        await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
        return row.innerText();
      },
      (text) => text.includes(m.deliveryStatus.processed),
      30_000,
    );
    expect(await row.innerText()).toContain("test event: nothing applied");
    expect(await page.getByRole("region", { name: m.schoolsHeading }).innerText()).toContain(m.schoolsEmpty);
    expect(await licencesOf(provider.providerId)).toEqual([]);
    expect(await documentStore().container("school-data").read(entitlementDocumentId(toolId), "school-999101")).toBeUndefined();
    await expectNoAxeViolations(page, `provider licences after a test event (${locale})`);
  }, 60_000);

  test.each(locales)("the operator narrows every provider's licences to one school from the keyboard, axe-clean in %s", async (locale) => {
    const m = messages[locale].operatorLicences;
    const operator = await callerWith("operator");
    const page = await portal.pageSignedInAs(operator);
    await open(page, `/beheer/licenties?lang=${locale}`);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(m.heading);
    await page.getByRole("heading", { level: 2, name: m.failedHeading }).waitFor();
    await page.getByRole("heading", { level: 2, name: fill(m.refusalsHeading, { days: 30 }) }).waitFor();

    // An instellingsnummer of seven digits is refused in the form, which keeps focus on the field.
    const school = page.getByRole("textbox", { name: m.filter.instellingsnummer });
    await tabTo(page, `input[name="instellingsnummer"]`);
    await page.keyboard.type("1234567");
    await page.keyboard.press("Enter");
    await page.getByText(m.filter.instellingsnummerError).waitFor();
    expect(await school.getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("instellingsnummer");
    await expectNoAxeViolations(page, `operator licences, refused filter (${locale})`);

    // The demo school's seeded licence is there in every run of the stack, however many licences came after it.
    await school.fill("999101");
    await page.keyboard.press("Enter");
    const licences = page.getByRole("table", { name: m.licencesHeading });
    await licences.getByRole("row", { name: /demo-rekentool-school/ }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
    expect(await school.getAttribute("aria-invalid")).toBeNull();
    // A new filter shows the loading state, not the old list, until its first page arrives.
    expect(new Set(await licences.locator("tbody tr td:nth-of-type(2)").allInnerTexts())).toEqual(new Set(["999101"]));
    await expectNoAxeViolations(page, `operator licences of one school (${locale})`);
  }, 60_000);

  test.each(locales)("a demo pupil who opens the licensed tool without a licence sees whom to ask, axe-clean in %s", async (locale) => {
    const pupil = await callerWith("pupil", "school-999101");
    const tiles = (await api("home/tiles", { headers: pupil.headers() })).json.tiles as { toolId: string; title: { nl: string } }[];
    const unlicensed = tiles.find((tile) => tile.title.nl === "Demo leesspel")!;
    const page = await portal.pageSignedInAs(pupil);
    const response = await page.goto(`/api/lti/launch/${unlicensed.toolId}?locale=${locale}`);
    expect(response!.status()).toBe(403);
    const reason = page.locator("#reason");
    expect(await reason.getAttribute("data-reason")).toBe("no-licence");
    expect(await reason.innerText()).toContain({ nl: "ICT-coördinator", en: "ICT coordinator", fr: "coordinateur TIC" }[locale]);
    await expectNoAxeViolations(page, `licence refusal page (${locale})`);
  }, 60_000);
});
