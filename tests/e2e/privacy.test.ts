import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { PrivacyExport, PrivacyRequestView } from "../../shared/privacy/index.js";
import { createPerson } from "../../shared/schools/index.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";
import { baseURL, messages, locales } from "./portal-texts.js";
import { expectNoAxeViolations, open, signIn, usePortalBrowser } from "./portal-session.js";

const fill = (text: string, values: Record<string, string>): string => text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? "");

const portal = usePortalBrowser({ acceptDownloads: true });
let page: Page;

beforeEach(async () => {
  page = await portal.newPage();
});

async function signInAs(role: "pupil" | "schoolAdmin", schoolId: string): Promise<TestCaller> {
  const caller = await callerWith(role, schoolId);
  await signIn(page.context(), caller);
  return caller;
}

/** Presses Tab until the focused element's text contains `text` (a visually hidden name counts). */
async function tabTo(tag: "a" | "button", text: string, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    const reached = await page.evaluate(
      ([wanted, name]) => document.activeElement?.tagName.toLowerCase() === wanted && (document.activeElement.textContent ?? "").replace(/\s+/g, " ").includes(name!),
      [tag, text] as const,
    );
    if (reached) return;
  }
  throw new Error(`Tab never reached the ${tag} "${text}" within ${limit} presses`);
}

const activeName = (): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute("name") ?? document.activeElement?.id ?? null);

async function downloadedJson(start: () => Promise<void>): Promise<{ fileName: string; body: unknown }> {
  const download = page.waitForEvent("download");
  await start();
  const file = await download;
  return { fileName: file.suggestedFilename(), body: JSON.parse(await readFile((await file.path())!, "utf8")) };
}

const exportFileName = /^leerspoor-export-\d{4}-\d{2}-\d{2}\.json$/;

describe("privacy in the portal", () => {
  test.each(locales)("a school admin downloads a person's data from the people page with the keyboard (%s)", async (locale) => {
    const m = messages[locale];
    const schoolId = await schoolFor();
    await signInAs("schoolAdmin", schoolId);
    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Mira", familyName: "Aerts", email: "mira.aerts@example.test" });
    await open(page, `/school/personen?lang=${locale}`);
    await expectNoAxeViolations(page);

    await tabTo("a", `${m.privacy.export} Mira Aerts`);
    const { fileName, body } = await downloadedJson(() => page.keyboard.press("Enter"));
    expect(fileName).toMatch(exportFileName);
    const exported = PrivacyExport.parse(body);
    expect(exported.person).toMatchObject({ id: pupil.id, givenName: "Mira", familyName: "Aerts", email: "mira.aerts@example.test" });
  });

  test.each(locales)("erasing asks for the person's name, refuses a wrong one, then shows the receipt; keyboard only, axe clean (%s)", async (locale) => {
    const m = messages[locale];
    const schoolId = await schoolFor();
    const admin = await signInAs("schoolAdmin", schoolId);
    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Jonas", familyName: "Baert" });
    await open(page, `/school/personen?lang=${locale}`);
    // No erase button for the admin's own row: the API would refuse it.
    expect(await page.getByRole("button", { name: `${m.privacy.erase} Test schoolAdmin` }).count()).toBe(0);

    // Esc leaves the dialog without erasing anything.
    await tabTo("button", `${m.privacy.erase} Jonas Baert`);
    await page.keyboard.press("Enter");
    // Named by its heading: the question first, the outcome once it is done.
    await page.getByRole("dialog", { name: fill(m.privacy.dialog.title, { name: "Jonas Baert" }) }).waitFor();
    const dialog = page.getByRole("dialog");
    expect(await activeName()).toBe("confirmName");
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });

    // A wrong name is refused at the field, and nothing is sent.
    await page.getByRole("button", { name: `${m.privacy.erase} Jonas Baert` }).focus();
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    let posted = false;
    page.on("request", (request) => void (request.method() === "POST" && (posted = true)));
    await page.keyboard.type("Jonas Baerts");
    await page.keyboard.press("Enter");
    const input = dialog.getByLabel(fill(m.privacy.dialog.confirmLabel, { name: "Jonas Baert" }));
    expect(await input.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await input.getAttribute("aria-describedby"))!;
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toBe(fill(m.privacy.dialog.mismatch, { name: "Jonas Baert" }));
    expect(await activeName()).toBe("confirmName");
    expect(posted).toBe(false);
    await expectNoAxeViolations(page);

    // The right name (any case): the erasure runs, and the dialog shows its receipt.
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("jonas baert");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: m.privacy.dialog.doneTitle }).waitFor({ timeout: 30_000 });
    const requestId = await dialog.locator("dd").first().innerText();
    const stored = PrivacyRequestView.parse(await (await fetch(new URL(`/api/school/privacy-requests/${requestId}`, baseURL), { headers: admin.headers() })).json());
    expect(stored).toMatchObject({ state: "completed", personId: pupil.id });
    const shown = await dialog.locator("dd").allInnerTexts();
    expect(shown).toEqual(expect.arrayContaining([requestId, String(stored.receipt!.removed.documents), String(stored.receipt!.removed.blobs)]));
    expect(await dialog.innerText()).not.toContain("Baert");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(m.privacy.dialog.close);
    await expectNoAxeViolations(page);

    // Closing it: the row is gone, the page says so, and focus is on the list.
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    expect(await page.getByRole("status").innerText()).toBe(fill(m.privacy.erased, { name: "Jonas Baert" }));
    expect(await page.getByRole("rowheader", { name: "Jonas Baert" }).count()).toBe(0);
    expect(await activeName()).toBe("people-list-heading");
    expect((await fetch(new URL(`/api/school/people/${pupil.id}`, baseURL), { headers: admin.headers() })).status).toBe(404);
    await expectNoAxeViolations(page);
  });

  test.each(locales)("a pupil downloads their own data from the profile page (%s)", async (locale) => {
    const m = messages[locale];
    const pupil = await signInAs("pupil", await schoolFor());
    await open(page, `/profiel?lang=${locale}`);
    expect(await page.getByRole("heading", { level: 2, name: m.privacy.mine.heading }).count()).toBe(1);
    await expectNoAxeViolations(page);

    await tabTo("a", m.privacy.mine.download);
    const { fileName, body } = await downloadedJson(() => page.keyboard.press("Enter"));
    expect(fileName).toMatch(exportFileName);
    expect(PrivacyExport.parse(body).person.id).toBe(pupil.personId);
  });
});
