import type { Page } from "playwright-core";
import type { HealthReport } from "../../shared/health/report.js";
import { messages, locales, type Locale } from "./portal-texts.js";
import { expectNoAxeViolations, open, tabTo, usePortalBrowser } from "./portal-session.js";

const other: Record<Locale, Locale> = { nl: "fr", en: "nl", fr: "en" };

type HealthBody = HealthReport;

const portal = usePortalBrowser();
let page: Page;

beforeEach(async () => {
  page = await portal.newPage();
});

const htmlLang = (): Promise<string | null> => page.locator("html").getAttribute("lang");
const heading = (): Promise<string> => page.getByRole("heading", { level: 1 }).innerText();
const languageButton = (locale: Locale) =>
  page.getByRole("group").getByRole("button", { name: messages[locale].language.native, exact: true });

async function statusRows(): Promise<{ name: string; status: string }[]> {
  const rows = page.locator("section.health tbody tr");
  return rows.evaluateAll((trs) =>
    trs.map((tr) => ({
      name: tr.querySelector("th")?.textContent?.trim() ?? "",
      status: tr.querySelector("td")?.textContent?.replace(/[✓✕]/g, "").trim() ?? "",
    })),
  );
}

/** Opens a page and returns the /api/health answer that the page itself received. */
async function openAndCaptureHealth(path: string): Promise<HealthBody> {
  const answer = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/health");
  await open(page, path);
  const response = await answer;
  expect([200, 503]).toContain(response.status());
  return (await response.json()) as HealthBody;
}

function expectedRows(health: HealthBody, locale: Locale): { name: string; status: string }[] {
  const names = messages[locale].health.components as Record<string, string>;
  return Object.entries(health.components).map(([id, component]) => ({
    name: names[id] ?? id,
    status: messages[locale].health.status[component.status],
  }));
}

describe("portal shell", () => {
  test("shows the home page in Dutch by default, with the status of every component from /api/health", async () => {
    const health = await openAndCaptureHealth("/");

    expect(await htmlLang()).toBe("nl");
    expect(await heading()).toBe("Welkom bij Leerspoor");
    expect(await page.title()).toBe("Start · Leerspoor");
    expect(await page.getByRole("banner").innerText()).toContain("Leerspoor");
    expect(await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Start" }).count()).toBe(1);
    expect(await page.getByRole("region", { name: "Systeemstatus" }).count()).toBe(1);
    expect(await statusRows()).toEqual(expectedRows(health, "nl"));
    expect(Object.keys(health.components).sort()).toEqual(expect.arrayContaining(["blob", "cosmos", "queue"]));
    expect(await page.getByRole("status").innerText()).toBe(
      health.status === "pass" ? messages.nl.health.allPass : messages.nl.health.someFail,
    );
    expect(await languageButton("nl").getAttribute("aria-pressed")).toBe("true");
  });

  test("uses Dutch on a first visit even when the browser prefers English or French", async () => {
    for (const browserLocale of ["en-GB", "fr-BE"]) {
      const foreignPage = await portal.newPage({ locale: browserLocale });
      await foreignPage.goto("/");
      await foreignPage.getByRole("heading", { level: 1 }).waitFor();
      expect(await foreignPage.evaluate(() => navigator.language)).toBe(browserLocale);
      expect(await foreignPage.locator("html").getAttribute("lang")).toBe("nl");
      expect(await foreignPage.getByRole("heading", { level: 1 }).innerText()).toBe(messages.nl.home.heading);
    }
  });

  test.each(locales)("switching to %s in the header changes every text and <html lang> at once", async (locale) => {
    const from = other[locale];
    const health = await openAndCaptureHealth(`/?lang=${from}`);
    expect(await htmlLang()).toBe(from);
    expect(await heading()).toBe(messages[from].home.heading);
    expect(new URL(page.url()).search).toBe(""); // ?lang= is consumed

    await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
    await languageButton(locale).click();

    const m = messages[locale];
    expect(await htmlLang()).toBe(locale);
    expect(await heading()).toBe(m.home.heading);
    expect(await page.title()).toBe(`${m.home.title} · ${m.app.name}`);
    expect(await page.locator(".skip-link").innerText()).toBe(m.skipLink);
    expect(await page.getByRole("navigation").getAttribute("aria-label")).toBe(m.nav.label);
    expect(await page.getByRole("group", { name: m.language.label }).count()).toBe(1);
    expect(await page.getByRole("region", { name: m.health.heading }).count()).toBe(1);
    expect(await statusRows()).toEqual(expectedRows(health, locale));
    for (const code of locales) {
      expect(await languageButton(code).getAttribute("aria-pressed")).toBe(String(code === locale));
      expect(await languageButton(code).getAttribute("lang")).toBe(code);
    }
    expect(await leftoversFromOtherLanguages(locale)).toEqual([]);
    // The switch re-rendered in place: no navigation or reload happened.
    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  });

  test.each(locales)("axe-core finds no violations on the home and not-found pages in %s", async (locale) => {
    await open(page, `/?lang=${locale}`);
    expect(await htmlLang()).toBe(locale);
    await expectNoAxeViolations(page);

    await open(page, `/no-such-page?lang=${locale}`);
    expect(await heading()).toBe(messages[locale].notFound.heading);
    await expectNoAxeViolations(page);
  });

  test("remembers the chosen language after a reload", async () => {
    await open(page, "/");
    await languageButton("fr").click();
    expect(await htmlLang()).toBe("fr");

    await page.reload();
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await htmlLang()).toBe("fr");
    expect(await heading()).toBe(messages.fr.home.heading);
    expect(await languageButton("fr").getAttribute("aria-pressed")).toBe("true");
  });

  test("keyboard: Tab from the start of the page reaches the skip link first, and Enter moves focus to main", async () => {
    await open(page, "/");
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const box = el.getBoundingClientRect();
      return { text: el.textContent?.trim(), href: el.getAttribute("href"), width: box.width, height: box.height };
    });
    expect(first).toMatchObject({ text: "Naar de inhoud", href: "#main" });
    expect(first.width).toBeGreaterThan(40); // shown while focused, not left visually hidden
    expect(first.height).toBeGreaterThanOrEqual(44); // a big target

    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    // The next Tab continues inside main, past the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
  });

  test("keyboard: the language switch works with Tab, Enter and Space alone", async () => {
    await open(page, "/");
    await tabTo(page, 'button[lang="en"]', 25);
    await page.keyboard.press("Enter");
    expect(await htmlLang()).toBe("en");
    expect(await heading()).toBe(messages.en.home.heading);
    // Focus stays on the switch, so the user can carry on from where they were.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("lang"))).toBe("en");

    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("lang"))).toBe("fr");
    await page.keyboard.press("Space");
    expect(await htmlLang()).toBe("fr");
    expect(await heading()).toBe(messages.fr.home.heading);
  });

  test("an unknown client route shows the not-found page in the chosen language, served by the SPA fallback", async () => {
    await open(page, "/?lang=fr");
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-type"]).toContain("text/html");
    await page.getByRole("heading", { level: 1 }).waitFor();

    expect(await htmlLang()).toBe("fr");
    expect(await heading()).toBe(messages.fr.notFound.heading);
    expect(await page.title()).toBe(`${messages.fr.notFound.title} · Leerspoor`);
    expect(await page.locator("main code").innerText()).toBe("/no-such-page");

    await page.goto("/klas/3b/leerspoor/12");
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await heading()).toBe(messages.fr.notFound.heading);
  });

  test("the fallback leaves /api and static assets alone", async () => {
    const api = await page.context().request.get("/api/no-such-endpoint");
    expect(api.status()).toBe(404);
    expect(api.headers()["content-type"] ?? "").not.toContain("text/html");

    const asset = await page.context().request.get("/assets/no-such-file.js");
    expect(asset.status()).toBe(404);
    expect(asset.headers()["content-type"] ?? "").not.toContain("text/html");
  });

  test("following a link to another page moves focus to main and updates the document title", async () => {
    await open(page, "/no-such-page");
    expect(await page.title()).toBe(`${messages.nl.notFound.title} · Leerspoor`);
    await page.getByRole("main").getByRole("link", { name: messages.nl.notFound.home }).click();
    await page.locator('section.health[aria-busy="false"]').waitFor();

    expect(new URL(page.url()).pathname).toBe("/");
    expect(await page.title()).toBe(`${messages.nl.home.title} · Leerspoor`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  });

  test("sends a strict CSP and the other security headers, and loads without any CSP violation", async () => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) violations.push(message.text());
    });
    page.on("pageerror", (error) => violations.push(`pageerror: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`Content Security Policy violation event: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });

    const response = await page.goto("/");
    const headers = response?.headers() ?? {};
    const csp = parseCsp(headers["content-security-policy"] ?? "");
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("style-src")).toEqual(["'self'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toMatch(/(^|,\s*)camera=\(self\)/);

    // Exercise the app: status check, language switch, client-side route change.
    await page.locator('section.health[aria-busy="false"]').waitFor();
    await languageButton("en").click();
    await page.evaluate(() => {
      history.pushState({}, "", "/elsewhere");
      dispatchEvent(new PopStateEvent("popstate"));
    });
    await page.getByRole("heading", { name: messages.en.notFound.heading }).waitFor();
    await page.getByRole("link", { name: messages.en.notFound.home }).click();
    await page.locator('section.health[aria-busy="false"]').waitFor();

    expect(violations).toEqual([]);
    // Stylesheets actually applied (a blocked stylesheet would leave the skip link visible).
    expect(await page.locator(".skip-link").evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
  });

  test("the CSP is enforced: an injected inline script does not run", async () => {
    const reported: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) reported.push(message.text());
    });
    await open(page, "/");
    const ran = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.textContent = "window.inlineScriptRan = true";
      document.head.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan === true;
    });
    expect(ran).toBe(false);
    expect(reported.length).toBeGreaterThan(0); // the console listener above does see violations
  });

  test("shows a busy state while the status loads, then the result", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/health", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto("/");
    await page.locator('section.health[aria-busy="true"]').waitFor();
    expect(await page.getByRole("status").innerText()).toBe(messages.nl.health.loading);
    expect(await page.locator("section.health table").count()).toBe(0);

    release();
    await page.locator('section.health[aria-busy="false"]').waitFor();
    expect(await page.getByRole("status").innerText()).not.toBe(messages.nl.health.loading);
    expect((await statusRows()).length).toBeGreaterThanOrEqual(3);
  });

  test("tells the user when the status cannot be loaded, and a retry recovers", async () => {
    await page.route("**/api/health", (route) => route.fulfill({ status: 502, contentType: "text/html", body: "<h1>Bad gateway</h1>" }));
    await open(page, "/");
    expect(await page.getByRole("status").innerText()).toBe(messages.nl.health.error);
    expect(await page.locator("section.health table").count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.unroute("**/api/health");
    await page.route("**/api/health", (route) => route.fulfill({ status: 200, contentType: "application/json", body: "not json" }));
    await page.getByRole("button", { name: messages.nl.health.retry }).click();
    await page.locator('section.health[aria-busy="false"]').waitFor();
    expect(await page.getByRole("status").innerText()).toBe(messages.nl.health.error);

    await page.unroute("**/api/health");
    await page.route("**/api/health", (route) => route.abort("connectionrefused"));
    await page.getByRole("button", { name: messages.nl.health.retry }).click();
    await page.locator('section.health[aria-busy="false"]').waitFor();
    expect(await page.getByRole("status").innerText()).toBe(messages.nl.health.error);

    await page.unroute("**/api/health");
    await page.getByRole("button", { name: messages.nl.health.retry }).click();
    await page.locator("section.health tbody tr").first().waitFor();
    expect(await page.getByRole("status").innerText()).not.toBe(messages.nl.health.error);
  });

  test("shows a failing component as a translated failure (503 from /api/health)", async () => {
    const body: HealthBody = {
      status: "fail",
      failing: ["queue"],
      components: {
        cosmos: { status: "pass", latencyMs: 9 },
        blob: { status: "pass", latencyMs: 3 },
        queue: { status: "fail", latencyMs: 2000 },
      },
    };
    await page.route("**/api/health", (route) =>
      route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ ...body, components: { ...body.components, queue: { ...body.components.queue, error: "timeout" } } }) }),
    );
    await open(page, "/?lang=en");
    expect(await page.getByRole("status").innerText()).toBe(messages.en.health.someFail);
    expect(await statusRows()).toEqual(expectedRows(body, "en"));
    expect(await page.locator("section.health tbody").innerText()).not.toContain("timeout");
    await expectNoAxeViolations(page);
  });
});

function leafStrings(tree: object, prefix = ""): [key: string, text: string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leafStrings(value as object, `${prefix}${key}.`),
  );
}

/**
 * Text of other languages still on screen (visible text, aria-labels, title) after switching to
 * `locale`: every literal part of their messages that does not also occur in `locale`'s own.
 * Each language's own name is meant to appear in every language, so it is left out.
 */
async function leftoversFromOtherLanguages(locale: Locale): Promise<string[]> {
  const own = leafStrings(messages[locale]).map(([, text]) => text);
  const foreign = new Set(
    locales
      .filter((code) => code !== locale)
      .flatMap((code) => leafStrings(messages[code]))
      .filter(([key]) => key !== "language.native")
      .flatMap(([, text]) => text.split(/\{[^}]*\}/))
      .map((fragment) => fragment.trim().replace(/^[·.,:;]\s*|\s*[·.,:;]$/g, ""))
      .filter((fragment) => fragment.length >= 3 && !own.some((text) => text.includes(fragment))),
  );
  // Text marked as another language (lang="en" on the language switch's "English") is meant to be.
  const screen = await page.evaluate(() => {
    const marked = Array.from(document.querySelectorAll<HTMLElement>("body [lang]")).filter((el) => el.lang !== document.documentElement.lang);
    const displays = marked.map((el) => el.style.display);
    marked.forEach((el) => (el.style.display = "none"));
    const text = [
      document.title,
      document.body.innerText,
      ...Array.from(document.querySelectorAll("[aria-label]"), (el) => el.getAttribute("aria-label") ?? ""),
    ].join("\n");
    marked.forEach((el, index) => (el.style.display = displays[index]!));
    return text;
  });
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return [...foreign].filter((fragment) => new RegExp(`(^|\\P{L})${escape(fragment)}($|\\P{L})`, "u").test(screen));
}

/** Presses Tab until the focused element matches the selector, failing after a bounded number of presses. */
function parseCsp(header: string): Map<string, string[]> {
  return new Map(
    header
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}
