import QRCode from "qrcode";
import type { Page } from "playwright-core";
import { checkSymbolOf, type IssuedLoginCards } from "../../shared/identity/index.js";
import { addMember, createGroup, createPerson } from "../../shared/schools/index.js";
import { callerWith, freshInstellingsnummer, schoolFor, type TestCaller } from "../support/sessions.js";
import { baseURL, messages, locales, type Locale } from "./portal-texts.js";
import { expectNoAxeViolations, tabTo, usePortalBrowser } from "./portal-session.js";

const nl = messages.nl.loginCards;

const portal = usePortalBrowser();

interface SchoolWithClass {
  schoolId: string;
  nr: string;
  className: string;
  pupilIds: string[];
  teacher: TestCaller;
}

async function schoolWithClass(givenNames: string[], avatars: (string | undefined)[] = []): Promise<SchoolWithClass> {
  const nr = freshInstellingsnummer();
  const schoolId = await schoolFor(nr);
  const className = `1${String.fromCharCode(65 + (Number(nr) % 26))}`;
  const group = await createGroup({ schoolId }, { groupType: "class", name: className });
  const pupilIds: string[] = [];
  for (const [index, givenName] of givenNames.entries()) {
    const avatar = avatars[index];
    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName, familyName: "Janssens", ...(avatar ? { avatar } : {}) });
    await addMember({ schoolId }, group.id, pupil.id, "pupil");
    pupilIds.push(pupil.id);
  }
  return { schoolId, nr, className, pupilIds, teacher: await callerWith("teacher", schoolId) };
}

const activeElement = (page: Page) =>
  page.evaluate(() => ({ id: document.activeElement?.id ?? "", text: document.activeElement?.textContent?.trim() ?? "" }));

/** Opens the cards page, chooses the class and makes the cards, with the keyboard only; returns what the API answered. */
async function issueCardsInPortal(page: Page, school: SchoolWithClass, locale: Locale = "nl"): Promise<IssuedLoginCards> {
  await page.goto(`/school/kaarten?lang=${locale}`);
  await page.getByRole("combobox", { name: messages[locale].loginCards.manage.pick.groupLabel }).waitFor();
  await tabTo(page, "#lc-group", 80);
  await page.keyboard.press("ArrowDown");
  expect(await page.locator("#lc-group option:checked").innerText()).toBe(school.className);
  await page.locator("table.pupils tbody tr").nth(school.pupilIds.length - 1).waitFor();

  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/school/login-cards" && r.request().method() === "POST");
  await tabTo(page, "button.button:not(.button--secondary)", 80);
  await page.keyboard.press("Enter");
  const response = await answer;
  expect(response.status()).toBe(201);
  await page.locator(".card-sheet .login-card").nth(school.pupilIds.length - 1).waitFor();
  return (await response.json()) as IssuedLoginCards;
}

async function whoIsSignedIn(page: Page): Promise<{ status: number; personId?: string; roles?: string[] }> {
  return page.evaluate(async () => {
    const response = await fetch("/api/me");
    return response.ok ? { status: response.status, ...(await response.json()) } : { status: response.status };
  });
}

describe("login cards in the portal", () => {
  test("a teacher prints a class's cards, and a printed card's QR address signs its pupil in", async () => {
    const school = await schoolWithClass(["Anouk", "Bram", "Chloé"], ["star", "fish", undefined]);
    const teacherPage = await portal.pageSignedInAs(school.teacher);
    const issued = await issueCardsInPortal(teacherPage, school);
    expect(issued.cards).toHaveLength(3);

    // Focus moved to the sheet, which shows every pupil with picture, name, QR and code.
    expect((await activeElement(teacherPage)).id).toBe("lc-sheet-heading");
    for (const card of issued.cards) {
      const printed = teacherPage.locator(`.login-card[data-person-id="${card.personId}"]`);
      expect(await printed.locator(".login-card__given").innerText()).toBe(card.givenName);
      expect(await printed.locator(".login-card__code").innerText()).toBe(card.code);
      expect(await printed.locator(".login-card__school").innerText()).toContain(`/kaart/${school.nr}`);
      expect(await printed.locator(".login-card__school").innerText()).not.toContain(card.code);
      // The QR image on the sheet is exactly the QR code of the card's address.
      const src = (await printed.locator("img.login-card__qr").getAttribute("src"))!;
      const svg = decodeURIComponent(src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ""));
      expect(svg).toBe(await QRCode.toString(card.url, { type: "svg", errorCorrectionLevel: "M", margin: 1 }));
      expect(await printed.locator("img.login-card__qr").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    }
    expect(await teacherPage.locator('.login-card [data-avatar="star"]').count()).toBe(1);
    expect(await teacherPage.locator(".login-card .card-avatar--initials").innerText()).toBe("CJ");
    await expectNoAxeViolations(teacherPage);

    // A phone scanning the card opens its address: the pupil is signed in and lands on the home page.
    const [card] = issued.cards;
    expect(card!.url.startsWith(`${baseURL}/kaart/${school.nr}#`)).toBe(true);
    const pupilPage = await portal.newPage();
    await pupilPage.goto(card!.url);
    await pupilPage.waitForURL(`${baseURL}/`);
    expect(await whoIsSignedIn(pupilPage)).toMatchObject({ status: 200, personId: card!.personId, roles: ["pupil"] });
  });

  test("a pupil signs in by typing the short code on a class device, with the keyboard only", async () => {
    const school = await schoolWithClass(["Daan"]);
    const issued = await issueCardsInPortal(await portal.pageSignedInAs(school.teacher), school);
    const [card] = issued.cards;

    const page = await portal.newPage();
    await page.goto(`/kaart/${school.nr}`);
    await page.getByRole("heading", { level: 1, name: nl.signIn.heading }).waitFor();
    expect(await page.title()).toBe(`${nl.signIn.title} · Leerspoor`);
    await tabTo(page, "#card-code", 80);
    // Typed as a young pupil would: lower case, without the dashes.
    await page.keyboard.type(card!.code.replaceAll("-", "").toLowerCase());
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseURL}/`);
    expect(await whoIsSignedIn(page)).toMatchObject({ status: 200, personId: card!.personId });
  });

  test("a wrong code gets a short message, focus back on the code, and no sign-in", async () => {
    const school = await schoolWithClass(["Emma"]);
    const issued = await issueCardsInPortal(await portal.pageSignedInAs(school.teacher), school);
    const page = await portal.newPage();
    await page.goto(`/kaart/${school.nr}`);
    await tabTo(page, "#card-code", 80);
    const code = issued.cards[0]!.code.replaceAll("-", "");
    // Same card key, another secret, a right check symbol: well formed, but not this card.
    const payload = code.slice(0, 5) + (code[5] === "2" ? "3" : "2") + code.slice(6, 11);
    await page.keyboard.type(payload + checkSymbolOf(payload));
    await page.keyboard.press("Enter");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toBe(nl.signIn.failure.refused);
    expect((await activeElement(page)).id).toBe("card-code");
    expect(await page.locator("#card-code").getAttribute("aria-invalid")).toBe("true");
    expect(new URL(page.url()).pathname).toBe(`/kaart/${school.nr}`);
    expect((await whoIsSignedIn(page)).status).toBe(401);
    await expectNoAxeViolations(page);
  });

  test("a school that requires a PIN: the page asks for it, and the card works with it", async () => {
    const school = await schoolWithClass(["Fleur"]);
    const admin = await callerWith("schoolAdmin", school.schoolId);
    const adminPage = await portal.pageSignedInAs(admin);
    await adminPage.goto("/school/kaarten");
    await adminPage.locator("#lc-pin-required").waitFor();
    await tabTo(adminPage, "#lc-pin-required", 80);
    await adminPage.keyboard.press("Space");
    const saved = adminPage.waitForResponse((r) => new URL(r.url()).pathname === "/api/school/login-card-settings");
    await adminPage.keyboard.press("Tab");
    await adminPage.keyboard.press("Enter");
    expect((await saved).status()).toBe(200);
    await adminPage.getByRole("status").filter({ hasText: nl.manage.settings.savedOn }).waitFor();

    const issued = await issueCardsInPortal(adminPage, school);
    const [card] = issued.cards;
    expect(card!.pin).toMatch(/^\d{4}$/);
    // The PIN is on the teacher's list, never on the card itself.
    expect(await adminPage.locator(".pin-list").innerText()).toContain(card!.pin);
    expect(await adminPage.locator(".login-card").innerText()).not.toContain(card!.pin);

    const page = await portal.newPage();
    await page.goto(card!.url);
    await page.getByRole("alert").filter({ hasText: nl.signIn.failure.pinNeeded }).waitFor();
    expect((await activeElement(page)).id).toBe("card-pin");
    await page.keyboard.type(card!.pin!);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseURL}/`);
    expect(await whoIsSignedIn(page)).toMatchObject({ status: 200, personId: card!.personId });
  });

  test("scanning a card with the device camera signs the pupil in", async () => {
    const school = await schoolWithClass(["Gijs"]);
    const [card] = (await issueCardsInPortal(await portal.pageSignedInAs(school.teacher), school)).cards;

    // Chromium on Linux has no BarcodeDetector and this machine no camera: stand in for both,
    // with a canvas as the camera and a detector that "sees" the printed card's QR code.
    const page = await portal.newPage();
    await page.addInitScript((scanned: string) => {
      class FakeBarcodeDetector {
        async detect(): Promise<{ rawValue: string }[]> {
          return [{ rawValue: scanned }];
        }
      }
      Object.assign(window, { BarcodeDetector: FakeBarcodeDetector });
      navigator.mediaDevices.getUserMedia = async () => {
        const canvas = Object.assign(document.createElement("canvas"), { width: 64, height: 48 });
        const paint = () => {
          canvas.getContext("2d")!.fillRect(0, 0, 64, 48);
          requestAnimationFrame(paint);
        };
        paint();
        return canvas.captureStream(10);
      };
    }, card!.url);
    await page.goto(`/kaart/${school.nr}`);
    await page.getByRole("button", { name: nl.signIn.scan }).click();
    await page.waitForURL(`${baseURL}/`);
    expect(await whoIsSignedIn(page)).toMatchObject({ status: 200, personId: card!.personId });
  });

  test("a class device asks for its school once and remembers it", async () => {
    const school = await schoolWithClass(["Hamza"]);
    const page = await portal.newPage();
    await page.goto("/kaart");
    await page.getByLabel(nl.signIn.schoolLabel).waitFor();
    expect(await page.locator("#card-code").count()).toBe(0);
    await tabTo(page, "#card-school", 80);
    await page.keyboard.type(school.nr);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseURL}/kaart/${school.nr}`);
    await page.goto("/kaart");
    await page.waitForURL(`${baseURL}/kaart/${school.nr}`);
    await page.locator("#card-code").waitFor();
  });

  test("the printed sheet is A4 label pages of 2 × 4 cards, without the portal around them", async () => {
    const names = ["Ilse", "Jan", "Kobe", "Lotte", "Mats", "Noor", "Olivia", "Pieter", "Quinten"];
    const school = await schoolWithClass(names);
    const page = await portal.pageSignedInAs(school.teacher);
    await issueCardsInPortal(page, school);

    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    expect(await page.locator("#lc-pick-heading").isVisible()).toBe(false);
    expect(await page.locator(".login-card").first().isVisible()).toBe(true);
    const box = (await page.locator(".login-card").first().boundingBox())!;
    const mm = 96 / 25.4;
    expect(Math.round(box.width / mm)).toBe(95);
    expect(Math.round(box.height / mm)).toBe(68);

    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(2); // 9 cards: 8 on the first sheet, 1 on the second
  });

  test.each(locales)("axe-core finds no violations on the card pages in %s", async (locale) => {
    const school = await schoolWithClass(["Rosa", "Sem"], ["heart", undefined]);
    const admin = await callerWith("schoolAdmin", school.schoolId);
    const m = messages[locale].loginCards;

    const page = await portal.newPage();
    await page.goto(`/kaart?lang=${locale}`);
    await page.getByLabel(m.signIn.schoolLabel).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe(locale);
    await expectNoAxeViolations(page);

    await page.goto(`/kaart/${school.nr}`);
    await page.getByRole("heading", { level: 1, name: m.signIn.heading }).waitFor();
    expect(await page.title()).toBe(`${m.signIn.title} · Leerspoor`);
    await expectNoAxeViolations(page);

    const adminPage = await portal.pageSignedInAs(admin);
    await issueCardsInPortal(adminPage, school, locale);
    expect(await adminPage.title()).toBe(`${m.manage.title} · Leerspoor`);
    expect(await adminPage.getByRole("heading", { level: 2, name: m.manage.sheet.heading }).count()).toBe(1);
    await expectNoAxeViolations(adminPage);

    // The confirmation before reissuing, in a modal dialog.
    await adminPage.getByRole("button", { name: m.manage.pick.issue.split(" | ")[2]!.replace("{n}", "2") }).click();
    await adminPage.getByRole("dialog").waitFor();
    await expectNoAxeViolations(adminPage);
    await adminPage.keyboard.press("Escape");
  });

  test("only teachers and school admins reach the cards page; the menu shows it to them", async () => {
    const school = await schoolWithClass(["Tess"]);
    const pupilPage = await portal.pageSignedInAs(await callerWith("pupil", school.schoolId));
    await pupilPage.goto("/school/kaarten");
    await pupilPage.getByRole("heading", { level: 1, name: messages.nl.notAllowed.heading }).waitFor();
    expect(await pupilPage.locator("#lc-group").count()).toBe(0);

    const visitor = await portal.newPage();
    await visitor.goto("/school/kaarten");
    await visitor.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("returnTo") === "/school/kaarten");

    const teacherPage = await portal.pageSignedInAs(school.teacher);
    await teacherPage.goto("/");
    await teacherPage.getByRole("navigation").getByRole("link", { name: messages.nl.nav.loginCards }).click();
    await teacherPage.getByRole("heading", { level: 1, name: nl.manage.heading }).waitFor();
  });
});
