import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import type { TestCaller } from "../support/sessions.js";
import { launchChromium, runAxe } from "./browser.js";
import { baseURL, sessionIdOf } from "./portal-texts.js";

/*
 * The browser side of an e2e test file: one Chromium for the file, a context of its own for
 * every person a test signs in, and the waits and checks every portal page needs.
 */

export interface PortalBrowser {
  /** A page in a context of its own, signed out. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** A page in a context of its own, signed in as `caller` with the session cookie the portal would have set. */
  pageSignedInAs(caller: TestCaller): Promise<Page>;
  /** A demo account of the local stack, signed in through the portal's sign-in and the local identity provider's form. */
  pageSignedInAsDemo(login: string): Promise<{ page: Page; name: string }>;
}

/**
 * Launches Chromium before the file's tests and closes it after them, and closes every context
 * a test opened when that test ends. `defaults` apply to every context (a locale, downloads).
 * Call it at the top of a test file, before the file's own hooks.
 */
export function usePortalBrowser(defaults: BrowserContextOptions = {}): PortalBrowser {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  /** A context of its own on the portal, closed after the test. */
  async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    if (!browser) throw new Error("Chromium is not running: call usePortalBrowser() at the top of the test file");
    const context = await browser.newContext({ baseURL, ...defaults, ...options });
    contexts.push(context);
    return context;
  }

  const newPage = async (options?: BrowserContextOptions): Promise<Page> => (await newContext(options)).newPage();

  async function pageSignedInAs(caller: TestCaller): Promise<Page> {
    const context = await newContext();
    await signIn(context, caller);
    return context.newPage();
  }

  async function pageSignedInAsDemo(login: string): Promise<{ page: Page; name: string }> {
    const account = (await demoAccounts()).find((each) => each.login === login);
    if (!account?.password) throw new Error(`no demo account ${login} with a password in the local stack`);
    const page = await newPage();
    await page.goto("/api/auth/login?returnTo=%2F");
    await page.locator("#login").fill(login);
    await page.locator("#password").fill(account.password);
    await page.locator('form[action$="/login"] button[type="submit"]').click();
    await page.waitForURL(`${baseURL}/`);
    await settled(page);
    return { page, name: account.name };
  }

  return { newPage, pageSignedInAs, pageSignedInAsDemo };
}

/** Puts `caller`'s session cookie on a context, as the portal sets it after a sign-in. */
export async function signIn(context: BrowserContext, caller: TestCaller): Promise<void> {
  await context.addCookies([{ name: "leerspoor_session", value: sessionIdOf(caller), domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" }]);
}

async function demoAccounts(): Promise<{ login: string; password: string | null; name: string }[]> {
  const demo = JSON.parse(await readFile(join(process.env.LOCAL_DATA_DIR!, "demo.json"), "utf8")) as {
    accounts: { login: string; password: string | null; name: string }[];
  };
  return demo.accounts;
}

/** Opens a page and waits until it has settled. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await settled(page);
}

/** Waits for the page's heading, for the session to be known and for everything on the page to have loaded. */
export async function settled(page: Page): Promise<void> {
  await page.locator("main h1").waitFor();
  // The header offers to sign out or in (the sign-in page itself offers neither), so role-dependent parts are drawn.
  await page.waitForFunction(() => location.pathname === "/login" || document.querySelector("header .account :is(button, a)") !== null);
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
}

/**
 * Runs axe on the page and expects no violations; `where` names the page in a failure.
 * `exclude` leaves out parts that are not the portal's, such as a framed tool's pages.
 */
export async function expectNoAxeViolations(page: Page, where = pathAndQueryOf(page), options: { exclude?: string[] } = {}): Promise<void> {
  const { summary } = await runAxe(page, options);
  expect({ where, violations: summary }).toEqual({ where, violations: [] });
}

function pathAndQueryOf(page: Page): string {
  const { pathname, search } = new URL(page.url());
  return pathname + search;
}

/** Presses Tab until the focused element matches the selector, failing after `limit` presses. */
export async function tabTo(page: Page, selector: string, limit = 120): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector} within ${limit} presses`);
}
