import { api, approve, newProvider, type TestProvider } from "../support/catalogue.js";
import { startLtijsTool, type LtijsTool } from "../support/lti.js";
import { locales, messages } from "./portal-texts.js";
import { expectNoAxeViolations, open, tabTo, usePortalBrowser } from "./portal-session.js";

/*
 * LTI Dynamic Registration in Chromium: a provider starts it on the new-tool page, the tool's
 * registration page (ltijs, in this process) shows in a frame, and the portal notices the tool's
 * close message. Keyboard only, and axe in every language.
 */
const nl = messages.nl;

const portal = usePortalBrowser();
let tool: LtijsTool;
let provider: TestProvider;

beforeAll(async () => {
  tool = await startLtijsTool({ dynamicRegistration: { name: "Rekenrace", description: "Rekenen tegen de klok." } });
  provider = await newProvider();
}, 120_000);

afterAll(async () => {
  await tool?.close();
});

const toolTitles = async (): Promise<string[]> =>
  ((await api("provider/tools", { headers: provider.keyHeaders() })).json.tools as { title: string }[]).map((t) => t.title);

describe("LTI Dynamic Registration in the portal", () => {
  test("keyboard only: a provider starts a dynamic registration, the tool's page in the frame registers the tool for review, and the portal says so", async () => {
    const page = await portal.pageSignedInAs(provider.user);
    await open(page, "/aanbieder/tools/nieuw");
    const before = (await toolTitles()).length;

    // The third kind of tool: two arrow presses from LTI 1.3, past the plain link.
    await tabTo(page, 'input[name="type"]');
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: nl.toolForm.type.dynamic }).isChecked()).toBe(true);
    expect(await page.locator('input[name="loginInitiationUrl"]').count()).toBe(0);
    await tabTo(page, 'input[name="initiateRegistrationUrl"]', 5);
    await page.keyboard.type(`${tool.url}/register`);
    // Title and description stay empty: the tool's own name and description fill them in.
    for (const [name, value] of [
      ["subjects", "wiskunde"],
      ["stages", "lager-graad-3"],
    ] as const) {
      await tabTo(page, `input[name="${name}"][value="${value}"]`);
      await page.keyboard.press("Space");
    }
    await tabTo(page, 'button[type="submit"]');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(nl.toolForm.startRegistration);
    await page.keyboard.press("Enter");

    const panelHeading = page.getByRole("heading", { level: 2, name: nl.providerTool.dynamic.heading });
    await panelHeading.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("provider-tool-dynamic-heading");
    // The tool's page in the frame registers and posts {subject: "org.imsglobal.lti.close"} to its parent.
    await page.getByRole("status").filter({ hasText: nl.providerTool.dynamic.done }).waitFor();
    expect(await page.locator("iframe").count()).toBe(0);
    await expectNoAxeViolations(page, "registered");
    await tabTo(page, "a[href='/aanbieder/tools']", 10);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(nl.providerTool.dynamic.toTools);
    const titles = await toolTitles();
    expect(titles.length).toBe(before + 1);
    expect(titles).toContain("Rekenrace");
  });

  test("keyboard only: on a live tool's page the provider has the tool register itself again, which keeps it one tool, and the page says so", async () => {
    // A live tool that ltijs registered, and that ltijs has since lost (as after a reinstall).
    const started = await api("provider/registrations", {
      method: "POST",
      headers: provider.keyHeaders(),
      body: { initiateRegistrationUrl: `${tool.url}/register`, metadata: { keywords: ["rekenen"], subjects: ["wiskunde"], stages: ["lager-graad-3"], languages: ["nl"], pricing: "free" } },
    });
    const before = ((await api("provider/tools", { headers: provider.keyHeaders() })).json.tools as { toolId: string }[]).map((t) => t.toolId);
    expect((await fetch(started.json.openUrl)).status).toBe(200);
    const toolIds = ((await api("provider/tools", { headers: provider.keyHeaders() })).json.tools as { toolId: string }[]).map((t) => t.toolId);
    const toolId = toolIds.find((id) => !before.includes(id))!;
    await approve(provider.providerId, toolId, 1);
    await tool.forget(process.env.LEERSPOOR_TEST_BASE_URL!, toolId);

    const page = await portal.pageSignedInAs(provider.user);
    await open(page, `/aanbieder/tools/${toolId}`);
    await tabTo(page, 'input[name="type"]');
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: nl.toolForm.type.dynamic }).isChecked()).toBe(true);
    await tabTo(page, 'input[name="initiateRegistrationUrl"]', 5);
    await page.keyboard.type(`${tool.url}/register`);
    await tabTo(page, 'button[type="submit"]');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(nl.toolForm.startRegistration);
    await page.keyboard.press("Enter");

    // The tool's page in the frame registers again and asks to be closed; the tool's page shows what it is now.
    await page.getByRole("status").filter({ hasText: nl.providerTool.registeredAgain }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    expect(await page.locator("iframe").count()).toBe(0);
    await expectNoAxeViolations(page, "registered again");
    expect(((await api("provider/tools", { headers: provider.keyHeaders() })).json.tools as unknown[]).length).toBe(toolIds.length);
    const registrations = await api(`provider/tools/${toolId}`, { headers: provider.keyHeaders() });
    expect(registrations.json.live.version).toBe(1);
  });

  test.each(locales)(
    "axe-core finds no violations on a tool's page while it registers again in %s",
    async (locale) => {
      const m = messages[locale];
      const registered = await api("provider/tools", {
        method: "POST",
        headers: provider.keyHeaders(),
        body: {
          registration: { type: "link", url: "https://link-tool.example.test/" },
          metadata: { title: { nl: "Linktool" }, description: { nl: "Een link." }, keywords: [], subjects: ["wiskunde"], stages: ["lager-graad-3"], languages: ["nl"], pricing: "free" },
        },
      });
      const page = await portal.pageSignedInAs(provider.user);
      await open(page, `/?lang=${locale}`);
      await open(page, `/aanbieder/tools/${registered.json.toolId}`);
      await page.getByRole("radio", { name: m.toolForm.type.dynamic }).check();
      await page.getByLabel(m.toolForm.fields.initiateRegistrationUrl, { exact: true }).fill("https://reg-tool.example.test/register");
      await page.getByRole("button", { name: m.toolForm.startRegistration }).click();
      await page.getByRole("heading", { level: 3, name: m.providerTool.dynamic.heading }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("provider-tool-dynamic-heading");
      await expectNoAxeViolations(page, `${locale} registering again`);
    },
    120_000,
  );

  test("an empty registration URL is named at its field", async () => {
    const page = await portal.pageSignedInAs(provider.user);
    await open(page, "/aanbieder/tools/nieuw");
    await page.getByRole("radio", { name: nl.toolForm.type.dynamic }).check();
    await page.getByRole("button", { name: nl.toolForm.startRegistration }).click();
    const field = page.getByLabel(nl.toolForm.fields.initiateRegistrationUrl, { exact: true });
    await page.waitForFunction(() => document.querySelector('input[name="initiateRegistrationUrl"]')?.getAttribute("aria-invalid") === "true");
    const describedBy = (await field.getAttribute("aria-describedby"))!.split(" ");
    const errors = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(errors).toContain(nl.toolForm.errors.initiateRegistrationUrl);
  });

  test.each(locales)(
    "axe-core finds no violations on the dynamic registration form and its next step in %s",
    async (locale) => {
      const m = messages[locale];
      const page = await portal.pageSignedInAs(provider.user);
      await open(page, `/?lang=${locale}`);
      await open(page, "/aanbieder/tools/nieuw");
      await page.getByRole("radio", { name: m.toolForm.type.dynamic }).check();
      await page.getByRole("button", { name: m.toolForm.startRegistration }).click();
      await page.waitForFunction(() => document.querySelector('input[name="initiateRegistrationUrl"]')?.getAttribute("aria-invalid") === "true");
      await expectNoAxeViolations(page, `${locale} form with errors`);

      await page.getByLabel(m.toolForm.fields.initiateRegistrationUrl, { exact: true }).fill(`${tool.url}/register`);
      await page.getByRole("group", { name: m.toolForm.fields.subjects, exact: true }).getByRole("checkbox").first().check();
      await page.getByRole("group", { name: m.toolForm.fields.stages, exact: true }).getByRole("checkbox").first().check();
      await page.getByRole("button", { name: m.toolForm.startRegistration }).click();
      await page.getByRole("heading", { level: 2, name: m.providerTool.dynamic.heading }).waitFor();
      expect(await page.getByText(m.providerTool.dynamic.intro.split("{time}")[0]!).count()).toBe(1);
      await expectNoAxeViolations(page, `${locale} started`);
    },
    120_000,
  );
});
