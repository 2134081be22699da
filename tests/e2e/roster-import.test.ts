import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";
import { messages, locales, type Messages } from "./portal-texts.js";
import { expectNoAxeViolations, open, signIn, tabTo, usePortalBrowser } from "./portal-session.js";

const nl = messages.nl;

const portal = usePortalBrowser({ acceptDownloads: true });
let page: Page;

beforeEach(async () => {
  page = await portal.newPage();
});

/** A school admin of a school of their own, and the browser carrying their session cookie. */
async function signInAsAdminOfNewSchool(): Promise<TestCaller> {
  const admin = await callerWith("schoolAdmin", await schoolFor());
  await signIn(page.context(), admin);
  return admin;
}

/** A school's own list as Belgian Excel saves it: Dutch headers, `;` between cells. */
const plainCsv = (rows: string[]): { name: string; mimeType: string; buffer: Buffer } => ({
  name: "leerlingen.csv",
  mimeType: "text/csv",
  buffer: Buffer.from(["naam;klas;rol;e-mail;LeerID", ...rows].join("\r\n") + "\r\n"),
});

const classList = [
  "Jan Peeters;1A;leerling;jan.peeters@school.test;",
  "Emma Janssens;1A;leerling;emma.janssens@school.test;",
  "Noah Maes;1B;leerling;;noah.maes",
  "Lotte Willems;1B;leerling;lotte.willems@school.test;",
  "An De Smet;1A;leerkracht;an.desmet@school.test;",
];

const fileInput = () => page.locator('input[type="file"]');
const liveRegion = () => page.getByRole("status");
const progressBar = (m: Messages) => page.getByRole("progressbar", { name: m.rosterImport.progress.label });
const historyTable = (m: Messages) => page.getByRole("table", { name: m.rosterImport.history.heading });

/** Waits until the followed import shows `state` (the poll runs every second). */
async function waitForState(m: Messages, state: keyof Messages["rosterImport"]["states"]): Promise<void> {
  await page.locator("main p", { hasText: m.rosterImport.current.state }).locator("strong", { hasText: m.rosterImport.states[state] }).waitFor({ timeout: 30_000 });
}

/** The counts of the followed import, by their label. */
async function countsShown(): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll("main dl > div")].map((pair) => [pair.querySelector("dt")!.textContent!.trim(), pair.querySelector("dd")!.textContent!.trim()])),
  );
}

const countsOf = (m: Messages, counts: { created: number; updated: number; unchanged: number; deactivated: number; errors: number }) =>
  Object.fromEntries(Object.entries(counts).map(([name, value]) => [m.rosterImport.counts[name as keyof typeof counts], String(value)]));


/** Presses Tab until the focused element matches the selector, failing after a bounded number of presses. */
describe("roster import page", () => {
  test("a school admin uploads a plain CSV: the progress reaches done, the counts show and the history lists it", async () => {
    await signInAsAdminOfNewSchool();
    await open(page, "/school/import");
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(nl.rosterImport.heading);
    expect(await page.title()).toBe(`${nl.rosterImport.title} · Leerspoor`);
    expect(await page.getByRole("navigation").getByRole("link", { name: nl.nav.import }).getAttribute("href")).toBe("/school/import");
    expect(await page.getByText(nl.rosterImport.accepted).count()).toBe(1);
    expect(await page.getByText(nl.rosterImport.history.empty).count()).toBe(1);

    await fileInput().setInputFiles(plainCsv(classList));
    expect(await page.getByText(nl.rosterImport.upload.chosen.replace("{name}", "leerlingen.csv")).count()).toBe(1);
    await page.getByRole("button", { name: nl.rosterImport.upload.submit }).click();

    await waitForState(nl, "completed");
    // 5 people, 2 classes and 5 enrollments: 12 records.
    expect(await progressBar(nl).evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([12, 12]);
    expect(await page.getByText("12 / 12", { exact: true }).count()).toBe(1);
    expect(await liveRegion().innerText()).toBe(nl.rosterImport.announce.completed.replace("{name}", "leerlingen.csv"));
    expect(await countsShown()).toEqual(countsOf(nl, { created: 12, updated: 0, unchanged: 0, deactivated: 0, errors: 0 }));
    expect(await page.getByRole("link", { name: nl.rosterImport.errorReport }).count()).toBe(0);

    const row = historyTable(nl).getByRole("row", { name: /leerlingen\.csv/ });
    expect(await row.getByRole("cell").allInnerTexts()).toEqual([expect.any(String), nl.rosterImport.states.completed, "12", "0", "0", "0", "0"]);

    // The history is the API's: it is there after a reload too, newest first.
    await open(page, "/school/import");
    expect(await historyTable(nl).getByRole("row").count()).toBe(2);
    expect(await historyTable(nl).getByRole("rowheader").innerText()).toBe("leerlingen.csv");
    expect(await progressBar(nl).count()).toBe(0);
  });

  test("a row with a bad e-mail address is refused and the error report names it", async () => {
    await signInAsAdminOfNewSchool();
    await open(page, "/school/import");
    await fileInput().setInputFiles(plainCsv([...classList.slice(0, 2), "Mila Claes;1A;leerling;geen-adres;"]));
    await page.getByRole("button", { name: nl.rosterImport.upload.submit }).click();
    await waitForState(nl, "completed");

    expect(await countsShown()).toEqual(countsOf(nl, { created: 5, updated: 0, unchanged: 0, deactivated: 0, errors: 1 }));
    expect(await liveRegion().innerText()).toBe(nl.rosterImport.announce.completedWithErrors.split(" | ")[0]!.replace("{name}", "leerlingen.csv"));
    const report = page.getByRole("link", { name: nl.rosterImport.errorReport });
    const [download] = await Promise.all([page.waitForEvent("download"), report.click()]);
    const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    expect(csv.split("\r\n")[0]).toBe("file,row,field,message");
    expect(csv).toContain("leerlingen.csv,4,e-mail,not an e-mail address");

    // The history offers the same report, named by its file for screen readers.
    const historyLink = historyTable(nl).getByRole("link", { name: `${nl.rosterImport.history.errorReport} leerlingen.csv` });
    expect(await historyLink.getAttribute("href")).toBe(await report.getAttribute("href"));
  });

  test("an import that would deactivate many people waits for confirmation; cancel changes nothing, confirm finishes it", async () => {
    await signInAsAdminOfNewSchool();
    await open(page, "/school/import");
    await fileInput().setInputFiles(plainCsv(classList));
    await page.getByRole("button", { name: nl.rosterImport.upload.submit }).click();
    await waitForState(nl, "completed");

    // The next list leaves out three of the five: with the admin, 3 of 6 active people.
    await fileInput().setInputFiles({ ...plainCsv(classList.slice(0, 2)), name: "leerlingen-juni.csv" });
    await page.getByRole("button", { name: nl.rosterImport.upload.submit }).click();
    await waitForState(nl, "needs-confirmation");
    const share = new Intl.NumberFormat("nl", { style: "percent", maximumFractionDigits: 0 }).format(0.5);
    expect(await page.getByText(nl.rosterImport.confirm.question.replace("{people}", "3").replace("{activePeople}", "6").replace("{share}", share)).count()).toBe(1);
    expect(await page.getByRole("heading", { level: 3, name: nl.rosterImport.confirm.heading }).count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: nl.rosterImport.confirm.cancel }).click();
    expect(await page.getByRole("button", { name: nl.rosterImport.confirm.confirm }).count()).toBe(0);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe("file");
    expect(await liveRegion().innerText()).toBe(nl.rosterImport.announce.cancelled.replace("{name}", "leerlingen-juni.csv"));
    const waiting = historyTable(nl).getByRole("row", { name: /leerlingen-juni\.csv/ });
    expect(await waiting.getByRole("cell").nth(1).innerText()).toContain(nl.rosterImport.states["needs-confirmation"]);

    // Back from the history: review it, and confirm this time.
    await waiting.getByRole("button", { name: `${nl.rosterImport.history.review} leerlingen-juni.csv` }).click();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H2");
    await page.getByRole("button", { name: nl.rosterImport.confirm.confirm }).click();
    await waitForState(nl, "completed");
    expect((await countsShown())[nl.rosterImport.counts.deactivated]).toBe("3");
    expect(await page.getByRole("button", { name: nl.rosterImport.history.review }).count()).toBe(0);
  });

  test.each(locales)("has no axe violations and speaks %s throughout, with an import done and one with errors", async (locale) => {
    const m = messages[locale];
    await signInAsAdminOfNewSchool();
    await open(page, `/school/import?lang=${locale}`);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(m.rosterImport.heading);
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: m.rosterImport.upload.submit }).click();
    expect(await page.getByRole("alert").innerText()).toBe(m.rosterImport.upload.errors.noFile);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.getAttribute("aria-invalid"))).toBe("true");
    await expectNoAxeViolations(page);

    await fileInput().setInputFiles(plainCsv([...classList, "Mila Claes;1A;leerling;geen-adres;"]));
    await page.getByRole("button", { name: m.rosterImport.upload.submit }).click();
    await waitForState(m, "completed");
    expect(await page.getByRole("link", { name: m.rosterImport.errorReport }).count()).toBe(1);
    expect(await historyTable(m).getByRole("columnheader").allInnerTexts()).toEqual([
      m.rosterImport.history.file,
      m.rosterImport.history.date,
      m.rosterImport.history.state,
      ...(["created", "updated", "unchanged", "deactivated", "errors"] as const).map((name) => m.rosterImport.counts[name]),
    ]);
    await expectNoAxeViolations(page);

    await fileInput().setInputFiles({ name: "foto.csv", mimeType: "text/csv", buffer: Buffer.from("kleur;grootte\r\nrood;3\r\n") });
    await page.getByRole("button", { name: m.rosterImport.upload.submit }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").innerText()).toContain(m.rosterImport.upload.errors.notRoster);
    await expectNoAxeViolations(page);
  });

  test("uploads with the keyboard alone", async () => {
    // Listening from the start turns Chromium's file chooser interception on before any key is pressed.
    page.on("filechooser", () => {});
    await signInAsAdminOfNewSchool();
    await open(page, "/school/import");
    await tabTo(page, 'input[type="file"]', 40);
    // The hidden input shows its focus on the button-like label next to it.
    expect(await page.locator('input[type="file"] + label').evaluate((label) => getComputedStyle(label).outlineStyle)).toBe("solid");
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Enter")]);
    await chooser.setFiles(plainCsv(classList));
    await tabTo(page, "button[type=submit]", 40);
    await page.keyboard.press("Enter");

    await waitForState(nl, "completed");
    expect(await countsShown()).toEqual(countsOf(nl, { created: 12, updated: 0, unchanged: 0, deactivated: 0, errors: 0 }));

    // The same file again is the import that is already there.
    await tabTo(page, 'input[type="file"]', 40);
    const [again] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")]);
    await again.setFiles(plainCsv(classList));
    await tabTo(page, "button[type=submit]", 40);
    await page.keyboard.press("Enter");
    await liveRegion().filter({ hasText: nl.rosterImport.announce.alreadyImported.split(" {date}")[0]! }).waitFor();
    expect(await historyTable(nl).getByRole("row").count()).toBe(2);
  });
});
