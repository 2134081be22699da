import type { Page } from "playwright-core";
import { Me } from "../../static-web/src/api/auth.js";
import { api, approve, linkTool, ltiTool, newProvider, uniqueMarker, type TestProvider } from "../support/catalogue.js";
import { callerWith, schoolFor, type TestCaller } from "../support/sessions.js";
import { baseURL, messages, locales } from "./portal-texts.js";
import { expectNoAxeViolations, open, settled, tabTo, usePortalBrowser } from "./portal-session.js";

/*
 * The catalogue in Chromium, through the portal's pages: providers register tools, operators
 * review them, teachers find them, school admins enable them and pupils open them. Each role
 * has its own browser context, signed in with a real session of the local stack.
 */
const nl = messages.nl;

/** A message with its {placeholders} filled in, as the page shows it. */
const fill = (message: string, values: Record<string, string | number>): string =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));

const portal = usePortalBrowser();

/** A browser context of its own, signed in as `caller`. */
async function pageSignedInAs(caller: TestCaller): Promise<Page> {
  const page = await portal.pageSignedInAs(caller);
  // Tools live elsewhere; nothing outside loopback is reachable here, so answer for them.
  await page.context().route(
    (url) => url.hostname.endsWith("example.test"),
    (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><html lang=\"en\"><title>Tool</title><h1>Tool</h1></html>" }),
  );
  return page;
}

const heading = (page: Page): Promise<string> => page.getByRole("heading", { level: 1 }).innerText();

/** The smallest PNG: one transparent pixel. */
const onePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const group = (page: Page, legend: string) => page.getByRole("group", { name: legend, exact: true });

/** Fills in the registration form for a plain link, as a provider would. */
async function fillLinkTool(page: Page, marker: string, title: string): Promise<void> {
  const f = nl.toolForm;
  await page.getByRole("radio", { name: nl.vocab.toolType.link }).check();
  await page.getByLabel(f.fields.url, { exact: true }).fill(`https://tools.example.test/${marker}`);
  await page.getByLabel(fill(f.inLanguage, { field: f.fields.title, language: nl.vocab.languages.nl }), { exact: true }).fill(title);
  await page.getByLabel(fill(f.inLanguage, { field: f.fields.description, language: nl.vocab.languages.nl }), { exact: true }).fill(`Zagen, schaven en verbinden: oefeningen voor de houtwerkplaats (${marker}).`);
  await page.getByLabel(f.fields.keywords).fill(`${marker}, schaven`);
  await group(page, f.fields.subjects).getByRole("checkbox", { name: nl.vocab.subjects.techniek }).check();
  await group(page, f.fields.stages).getByRole("checkbox", { name: nl.vocab.stages["secundair-graad-2"] }).check();
  await group(page, f.fields.onderwijsvormen).getByRole("checkbox", { name: nl.vocab.onderwijsvormen.bso }).check();
  await group(page, f.fields.clusters).getByRole("checkbox", { name: nl.vocab.clusters.hout }).check();
  await group(page, f.fields.accessibility).getByRole("checkbox", { name: nl.vocab.accessibility["simple-language"] }).check();
}

interface School {
  schoolId: string;
  teacher: TestCaller;
  admin: TestCaller;
  pupil: TestCaller;
}

async function newSchool(): Promise<School> {
  const schoolId = await schoolFor();
  const [teacher, admin, pupil] = await Promise.all([callerWith("teacher", schoolId), callerWith("schoolAdmin", schoolId), callerWith("pupil", schoolId)]);
  return { schoolId, teacher, admin, pupil };
}

async function toolIdByTitle(provider: TestProvider, title: string): Promise<string> {
  const list = await api("provider/tools", { headers: provider.keyHeaders() });
  const found = (list.json.tools as { toolId: string; title: string }[]).find((tool) => tool.title === title);
  if (!found) throw new Error(`no tool ${title}`);
  return found.toolId;
}

describe("tool providers, review and catalogue in the portal", () => {
  test(
    "a provider registers a tool; it is not in the catalogue; the operator approves it; a teacher finds it by facet and search; the school admin enables it; a pupil sees its tile; a change goes back to review while the approved version stays visible",
    async () => {
      const operator = await callerWith("operator");
      const provider = await newProvider(operator);
      const school = await newSchool();
      const marker = uniqueMarker();
      const title = `Houtlab ${marker}`;

      // The provider registers a plain link through the form.
      const providerPage = await pageSignedInAs(provider.user);
      await open(providerPage, "/aanbieder/tools/nieuw");
      expect(await heading(providerPage)).toBe(nl.providerTool.newHeading);
      await fillLinkTool(providerPage, marker, title);
      await providerPage.getByRole("button", { name: nl.providerTool.submitNew }).click();
      await providerPage.getByRole("heading", { level: 1, name: title }).waitFor();
      await settled(providerPage);
      expect(await providerPage.getByRole("status").first().innerText()).toBe(nl.providerTool.registered);
      expect(await providerPage.getByRole("main").innerText()).toContain(nl.vocab.status["pending-review"]);
      const toolId = new URL(providerPage.url()).pathname.split("/").at(-1)!;

      // Not in the catalogue while it waits.
      const teacherPage = await pageSignedInAs(school.teacher);
      await open(teacherPage, `/catalogus?q=${marker}`);
      expect(await teacherPage.locator(".catalogue__summary").innerText()).toBe(nl.catalogue.found.split(" | ")[0]);
      expect((await api(`catalogue/${toolId}`, { headers: school.teacher.headers() })).status).toBe(404);

      // The operator finds it in the queue, looks at what was submitted and approves it.
      const operatorPage = await pageSignedInAs(operator);
      await open(operatorPage, "/beheer/review");
      await operatorPage.getByRole("link", { name: title }).click();
      await operatorPage.getByRole("heading", { level: 1, name: title }).waitFor();
      await settled(operatorPage);
      const changes = operatorPage.getByRole("table", { name: nl.review.changesNew });
      expect(await changes.getByRole("row").filter({ hasText: "registration.url" }).innerText()).toContain(`https://tools.example.test/${marker}`);
      expect(await changes.getByRole("row").filter({ hasText: "metadata.clusters" }).innerText()).toContain(nl.vocab.clusters.hout);
      expect(await operatorPage.getByRole("main").innerText()).toContain(nl.review.intentieverklaringMissing);
      await operatorPage.getByRole("button", { name: fill(nl.review.approve, { version: 1 }) }).click();
      await operatorPage.getByRole("heading", { level: 1, name: nl.review.heading }).waitFor();
      await settled(operatorPage);
      expect(await operatorPage.getByRole("status").first().innerText()).toBe(fill(nl.review.decided.approved, { title }));
      expect(await operatorPage.getByRole("link", { name: title }).count()).toBe(0);

      // The teacher finds it by facet (studiedomein hout) and then by search.
      await open(teacherPage, "/catalogus");
      const clusters = group(teacherPage, nl.catalogue.facets.clusters);
      await clusters.getByRole("checkbox", { name: new RegExp(`^${nl.vocab.clusters.hout}`) }).check();
      await teacherPage.waitForURL((url) => url.searchParams.get("clusters") === "hout");
      await settled(teacherPage);
      expect(await clusters.getByRole("checkbox", { name: new RegExp(`^${nl.vocab.clusters.hout}`) }).isChecked()).toBe(true);
      const counted = await clusters.getByRole("checkbox", { name: new RegExp(`^${nl.vocab.clusters.hout}`) }).evaluate((input) => (input as HTMLInputElement).labels?.[0]?.textContent ?? "");
      expect(Number(/\((\d+)\)/.exec(counted)?.[1])).toBeGreaterThanOrEqual(1);
      const found = await teacherPage.locator(".catalogue__summary").innerText();
      await teacherPage.getByRole("searchbox", { name: nl.catalogue.searchLabel }).fill(marker);
      await teacherPage.getByRole("button", { name: nl.catalogue.search, exact: true }).click();
      await teacherPage.waitForURL((url) => url.searchParams.get("q") === marker && url.searchParams.get("clusters") === "hout");
      await teacherPage.locator(".catalogue__summary").filter({ hasNotText: found }).waitFor();
      await settled(teacherPage);
      expect(await teacherPage.locator(".catalogue__summary").innerText()).toBe(nl.catalogue.found.split(" | ")[1]);
      const card = teacherPage.getByRole("article").filter({ hasText: title });
      expect(await card.getByRole("heading", { level: 3 }).innerText()).toBe(title);
      expect(await card.innerText()).toContain(nl.vocab.pricing.free);
      // Search without facets finds it too, accent-insensitively by its description.
      await open(teacherPage, `/catalogus?q=${encodeURIComponent(`${marker} houtwerkplaats`)}`);
      expect(await teacherPage.getByRole("article").filter({ hasText: title }).count()).toBe(1);
      await teacherPage.getByRole("link", { name: title }).click();
      await teacherPage.getByRole("heading", { level: 1, name: title }).waitFor();
      await settled(teacherPage);
      expect(await teacherPage.getByRole("checkbox", { name: nl.catalogueTool.enable }).count()).toBe(0); // teachers do not enable

      // The school admin enables it for the school.
      const adminPage = await pageSignedInAs(school.admin);
      await open(adminPage, `/catalogus/${toolId}`);
      await adminPage.getByRole("checkbox", { name: nl.catalogueTool.enable }).check();
      await adminPage.getByRole("button", { name: nl.catalogueTool.save }).click();
      await adminPage.getByRole("status").filter({ hasText: title }).waitFor();
      expect(await adminPage.getByRole("status").first().innerText()).toBe(fill(nl.catalogueTool.savedEnabled, { title }));
      const settings = await api(`school/tools/${toolId}`, { headers: school.admin.headers() });
      expect(settings.json.enabled).toBe(true);

      // The pupil sees a big tile on the home page; one click opens the tool in a new tab.
      const pupilPage = await pageSignedInAs(school.pupil);
      await open(pupilPage, "/");
      const tile = pupilPage.getByRole("link", { name: new RegExp(`^${title}`) });
      expect(await tile.getAttribute("href")).toBe(`https://tools.example.test/${marker}`);
      expect(await tile.getAttribute("target")).toBe("_blank");
      expect(await tile.getAttribute("rel")).toBe("noopener");
      expect((await tile.boundingBox())!.height).toBeGreaterThanOrEqual(180);
      const [opened] = await Promise.all([pupilPage.context().waitForEvent("page"), tile.click()]);
      await opened.waitForLoadState();
      expect(opened.url()).toBe(`https://tools.example.test/${marker}`);
      expect(await opened.evaluate(() => window.opener)).toBeNull();

      // The provider changes the registration: it waits for review, the approved version stays.
      await open(providerPage, `/aanbieder/tools/${toolId}`);
      expect(await providerPage.getByRole("main").innerText()).toContain(nl.vocab.status.live);
      const newTitle = `${title} vernieuwd`;
      await providerPage.getByLabel(fill(nl.toolForm.inLanguage, { field: nl.toolForm.fields.title, language: nl.vocab.languages.nl }), { exact: true }).fill(newTitle);
      await providerPage.getByLabel(nl.toolForm.fields.url, { exact: true }).fill(`https://tools.example.test/${marker}/v2`);
      await providerPage.getByRole("button", { name: nl.providerTool.submitChange }).click();
      await providerPage.getByRole("status").filter({ hasText: fill(nl.providerTool.changeWaitsLive, { version: 2, live: 1 }) }).waitFor();
      expect(await providerPage.getByRole("main").innerText()).toContain(nl.vocab.status["live-change-pending"]);

      await open(teacherPage, `/catalogus?q=${marker}`);
      expect(await teacherPage.getByRole("article").getByRole("heading", { level: 3 }).allInnerTexts()).toEqual([title]);
      await open(pupilPage, "/");
      expect(await pupilPage.getByRole("link", { name: new RegExp(`^${title}`) }).getAttribute("href")).toBe(`https://tools.example.test/${marker}`);

      await open(operatorPage, "/beheer/review");
      const row = operatorPage.getByRole("row").filter({ has: operatorPage.getByRole("link", { name: newTitle }) });
      expect(await row.innerText()).toContain(fill(nl.review.kinds.change, { version: 2 }));
      await row.getByRole("link", { name: newTitle }).click();
      await operatorPage.getByRole("heading", { level: 1, name: newTitle }).waitFor();
      await settled(operatorPage);
      const diff = operatorPage.getByRole("table", { name: nl.review.changes });
      expect(await diff.getByRole("row").filter({ hasText: "metadata.title.nl" }).getByRole("cell").allInnerTexts()).toEqual([title, newTitle]);
      expect(await diff.getByRole("row").filter({ hasText: "registration.url" }).getByRole("cell").allInnerTexts()).toEqual([
        `https://tools.example.test/${marker}`,
        `https://tools.example.test/${marker}/v2`,
      ]);
    },
    180_000,
  );

  test("keyboard only: a provider registers a plain link with Tab, arrow keys, typing, Space and Enter", async () => {
    const provider = await newProvider();
    const marker = uniqueMarker();
    const page = await pageSignedInAs(provider.user);
    await open(page, "/aanbieder/tools/nieuw");

    // The kind of tool is a radio group: Tab reaches the chosen one, an arrow key picks the other.
    await tabTo(page, 'input[name="type"]');
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: nl.vocab.toolType.link }).isChecked()).toBe(true);
    await tabTo(page, 'input[name="url"]', 5);
    await page.keyboard.type(`https://tools.example.test/${marker}`);
    await tabTo(page, 'input[name="title-nl"]');
    await page.keyboard.type(`Rekenrace ${marker}`);
    await tabTo(page, 'textarea[name="description-nl"]');
    await page.keyboard.type("Hoofdrekenen tegen de klok.");
    for (const [name, value] of [
      ["subjects", "wiskunde"],
      ["stages", "lager-graad-3"],
    ] as const) {
      await tabTo(page, `input[name="${name}"][value="${value}"]`);
      await page.keyboard.press("Space");
    }
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press("Enter");

    await page.getByRole("heading", { level: 1, name: `Rekenrace ${marker}` }).waitFor();
    const toolId = new URL(page.url()).pathname.split("/").at(-1)!;
    const stored = await api(`provider/tools/${toolId}`, { headers: provider.keyHeaders() });
    expect(stored.json.status).toBe("pending-review");
    expect(stored.json.pending.registration).toEqual({ type: "link", url: `https://tools.example.test/${marker}`, presentation: "window" });
    expect(stored.json.pending.metadata).toMatchObject({ subjects: ["wiskunde"], stages: ["lager-graad-3"], languages: ["nl"], pricing: "free" });
  });

  test("an LTI registration with mistakes is refused field by field; corrected, it stores every part of the registration", async () => {
    const provider = await newProvider();
    const marker = uniqueMarker();
    const page = await pageSignedInAs(provider.user);
    const f = nl.toolForm;
    await open(page, "/aanbieder/tools/nieuw");
    expect(await page.getByRole("radio", { name: nl.vocab.toolType.lti }).isChecked()).toBe(true);

    const origin = `https://${marker}.tools.example.test`;
    await page.getByLabel(f.fields.loginInitiationUrl).fill(`${origin}/login`);
    await page.getByLabel(fill(f.fields.redirectUri, { number: 1 })).fill(`${origin}/launch`);
    await page.getByRole("button", { name: f.addRedirectUri }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("redirectUris-1");
    await page.getByLabel(fill(f.fields.redirectUri, { number: 2 })).fill(`${origin}/launch/*`);
    await page.getByLabel(f.fields.targetLinkUri).fill(`${origin}/launch`);
    await page.getByLabel(f.keyValue["jwks-url"]).fill(`${origin}/jwks.json`);
    await page.getByRole("button", { name: f.addParameter }).click();
    await page.getByLabel(fill(f.fields.parameterName, { number: 1 })).fill("klas niveau");
    await page.getByLabel(fill(f.fields.parameterValue, { number: 1 })).fill("$Context.id");
    await group(page, f.fields.services).getByRole("checkbox", { name: nl.vocab.services["deep-linking"] }).check();
    await group(page, f.fields.services).getByRole("checkbox", { name: nl.vocab.services.ags }).check();
    // No Dutch title, no subject, no stage, a wildcard and a space where they are not allowed: the
    // API says which fields are wrong. (Deep linking without its URL is told once these are right.)
    await page.getByLabel(fill(f.inLanguage, { field: f.fields.description, language: nl.vocab.languages.nl }), { exact: true }).fill("Programmeren met blokken.");
    const refused = page.waitForResponse((response) => response.url().endsWith("/api/provider/tools") && response.request().method() === "POST");
    await page.getByRole("button", { name: nl.providerTool.submitNew }).click();
    const answer = await refused;
    expect(answer.status()).toBe(400);
    expect(answer.headers()["content-type"]).toContain("application/problem+json");

    const alert = page.getByRole("alert").first();
    await alert.waitFor();
    const expected = [
      fill(f.errors.redirectUris, { number: 2 }),
      f.errors.customParameters.replace("{number}", "1"),
      fill(f.errors.title, { language: nl.vocab.languages.nl }),
      f.errors.subjects,
      f.errors.stages,
    ];
    const summary = await alert.getByRole("link").allInnerTexts();
    expect(summary.sort()).toEqual([...expected].sort());
    const redirect2 = page.getByLabel(fill(f.fields.redirectUri, { number: 2 }));
    expect(await redirect2.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(`[id="${await redirect2.getAttribute("aria-describedby")}"]`).innerText()).toBe(fill(f.errors.redirectUris, { number: 2 }));
    expect(await page.getByLabel(fill(f.fields.redirectUri, { number: 1 })).getAttribute("aria-invalid")).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
    // A summary link moves focus to its field.
    await alert.getByRole("link", { name: f.errors.subjects }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe("nederlands");
    await expectNoAxeViolations(page, "registration form with errors");

    await redirect2.fill(`${origin}/launch/deep`);
    await page.getByLabel(fill(f.fields.parameterName, { number: 1 })).fill("klas_niveau");
    await page.getByLabel(fill(f.inLanguage, { field: f.fields.title, language: nl.vocab.languages.nl }), { exact: true }).fill(`Blokkenbouwer ${marker}`);
    await page.getByLabel(fill(f.inLanguage, { field: f.fields.title, language: nl.vocab.languages.fr })).fill(`Bâtisseur de blocs ${marker}`);
    await group(page, f.fields.subjects).getByRole("checkbox", { name: nl.vocab.subjects["computationeel-denken"] }).check();
    await group(page, f.fields.stages).getByRole("checkbox", { name: nl.vocab.stages["lager-graad-2"] }).check();
    await group(page, f.fields.languages).getByRole("checkbox", { name: nl.vocab.languages.fr }).check();
    await page.getByLabel(f.fields.otherLanguages).fill("ar, uk");
    await page.getByRole("radio", { name: nl.vocab.presentation.iframe }).check();
    await page.getByRole("radio", { name: nl.vocab.pricing.licensed }).check();
    // The logo is uploaded when chosen: something that is no image is refused at the field.
    const logo = page.locator(`input[type="file"][name="logo"]`);
    await logo.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("not an image") });
    await page.getByText(f.errors.logoType).waitFor();
    await logo.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from(onePixelPng, "base64") });
    await page.getByRole("img", { name: f.logoAlt }).waitFor();
    expect(await page.getByText(f.errors.logoType).count()).toBe(0);
    await page.getByRole("button", { name: nl.providerTool.submitNew }).click();
    await page.getByRole("alert").first().getByRole("link", { name: f.errors.deepLinkingUrl }).waitFor();
    expect(await page.getByRole("alert").first().getByRole("link").allInnerTexts()).toEqual([f.errors.deepLinkingUrl]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("deepLinkingUrl");
    await page.getByLabel(f.fields.deepLinkingUrl).fill(`${origin}/deep-link`);
    await page.getByRole("button", { name: nl.providerTool.submitNew }).click();
    await page.getByRole("heading", { level: 1, name: `Blokkenbouwer ${marker}` }).waitFor();

    const toolId = new URL(page.url()).pathname.split("/").at(-1)!;
    const stored = await api(`provider/tools/${toolId}`, { headers: provider.keyHeaders() });
    expect(stored.json.pending.registration).toEqual({
      type: "lti",
      loginInitiationUrl: `${origin}/login`,
      redirectUris: [`${origin}/launch`, `${origin}/launch/deep`],
      targetLinkUri: `${origin}/launch`,
      deepLinkingUrl: `${origin}/deep-link`,
      key: { kind: "jwks-url", url: `${origin}/jwks.json` },
      customParameters: { klas_niveau: "$Context.id" },
      services: ["deep-linking", "ags"],
      presentation: "iframe",
    });
    expect(stored.json.pending.metadata.logo).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(stored.json.pending.metadata).toMatchObject({
      title: { nl: `Blokkenbouwer ${marker}`, fr: `Bâtisseur de blocs ${marker}` },
      languages: ["nl", "fr", "ar", "uk"],
      pricing: "licensed",
    });

    // Approved, the school admin sees that a licence is needed and sets the data sharing.
    await approve(provider.providerId, toolId, 1);
    const school = await newSchool();
    const adminPage = await pageSignedInAs(school.admin);
    await open(adminPage, `/catalogus/${toolId}`);
    expect(await adminPage.getByRole("main").innerText()).toContain(nl.catalogueTool.licenceNeeded);
    const pupils = group(adminPage, nl.catalogueTool.sharing.pupils);
    const staff = group(adminPage, nl.catalogueTool.sharing.staff);
    for (const each of [pupils, staff]) {
      expect(await each.getByRole("checkbox").evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).checked))).toEqual([false, false, false]);
    }
    await adminPage.getByRole("checkbox", { name: nl.catalogueTool.enable }).check();
    await pupils.getByRole("checkbox", { name: nl.catalogueTool.sharing.name }).check();
    await staff.getByRole("checkbox", { name: nl.catalogueTool.sharing.name }).check();
    await staff.getByRole("checkbox", { name: nl.catalogueTool.sharing.email }).check();
    await adminPage.getByRole("button", { name: nl.catalogueTool.save }).click();
    await adminPage.getByRole("status").filter({ hasText: `Blokkenbouwer ${marker}` }).waitFor();
    const settings = await api(`school/tools/${toolId}`, { headers: school.admin.headers() });
    expect(settings.json).toMatchObject({
      enabled: true,
      dataSharing: { pupils: { name: true, email: false, picture: false }, staff: { name: true, email: true, picture: false } },
    });

    // The pupil's tile of an LTI tool that allows framing leads to the portal's tool page, in the same tab.
    const pupilPage = await pageSignedInAs(school.pupil);
    await open(pupilPage, "/");
    const tile = pupilPage.getByRole("link", { name: `Blokkenbouwer ${marker}` });
    expect(await tile.getAttribute("href")).toBe(`/tool/${toolId}`);
    expect(await tile.locator("img").evaluate(async (img) => (await (img as HTMLImageElement).decode(), (img as HTMLImageElement).naturalWidth))).toBe(1);
    expect(await tile.getAttribute("target")).toBeNull();
  });

  test("the operator rejects with a required reason, which the provider sees next to the tool", async () => {
    const operator = await callerWith("operator");
    const provider = await newProvider(operator);
    const marker = uniqueMarker();
    const created = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: linkTool(marker) });
    expect(created.status).toBe(201);
    const toolId = created.json.toolId as string;

    const operatorPage = await pageSignedInAs(operator);
    await open(operatorPage, `/beheer/review/${provider.providerId}/${toolId}`);
    await operatorPage.getByRole("button", { name: fill(nl.review.reject, { version: 1 }) }).click();
    await operatorPage.getByText(nl.review.reasonRequired).waitFor();
    const reason = operatorPage.getByLabel(nl.review.reason);
    expect(await reason.getAttribute("aria-invalid")).toBe("true");
    expect(await operatorPage.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("reason");
    expect((await api(`provider/tools/${toolId}`, { headers: provider.keyHeaders() })).json.status).toBe("pending-review");
    await expectNoAxeViolations(operatorPage, "review without a reason");

    await reason.fill("De link opent een inlogpagina; een gewone link moet zonder login werken.");
    await operatorPage.getByRole("button", { name: fill(nl.review.reject, { version: 1 }) }).click();
    await operatorPage.getByRole("status").filter({ hasText: fill(nl.review.decided.rejected, { title: `Oefenkaart ${marker}` }) }).waitFor();

    const providerPage = await pageSignedInAs(provider.user);
    await open(providerPage, "/aanbieder/tools");
    const row = providerPage.getByRole("row").filter({ has: providerPage.getByRole("link", { name: `Oefenkaart ${marker}` }) });
    expect(await row.innerText()).toContain(nl.vocab.status.rejected);
    expect(await row.innerText()).toContain(fill(nl.providerTools.reason, { reason: "De link opent een inlogpagina; een gewone link moet zonder login werken." }));
    await row.getByRole("link").click();
    await providerPage.getByRole("heading", { level: 2, name: nl.providerTool.statusHeading }).waitFor();
    expect(await providerPage.getByRole("main").innerText()).toContain("De link opent een inlogpagina");
  });

  test("the provider records the intentieverklaring, and the reviewer sees it", async () => {
    const operator = await callerWith("operator");
    const provider = await newProvider(operator);
    const page = await pageSignedInAs(provider.user);
    await open(page, "/aanbieder");
    expect(await page.getByRole("main").innerText()).toContain(nl.provider.intentieverklaring.notSigned);
    const fields = nl.provider.intentieverklaring.fields;

    // Nothing filled in: every field is named.
    await page.getByRole("button", { name: nl.provider.intentieverklaring.submit }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByLabel(fields.version).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel(fields.name).getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel(fields.version).fill("2024-1");
    await page.getByLabel(fields.signedOn).fill("2026-02-03");
    await page.getByLabel(fields.name).fill("Els Wouters");
    await page.getByLabel(fields.role).fill("Zaakvoerder");
    await page.getByRole("button", { name: nl.provider.intentieverklaring.submit }).click();
    await page.getByRole("status").filter({ hasText: nl.provider.intentieverklaring.recorded }).waitFor();
    expect(await page.getByRole("main").innerText()).toContain(fill(nl.provider.intentieverklaring.signatoryIs, { name: "Els Wouters", role: "Zaakvoerder" }));
    const stored = await api("provider", { headers: provider.keyHeaders() });
    expect(stored.json.intentieverklaring).toMatchObject({ version: "2024-1", signedOn: "2026-02-03", signatory: { name: "Els Wouters", role: "Zaakvoerder" } });

    const created = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: linkTool(uniqueMarker()) });
    const operatorPage = await pageSignedInAs(operator);
    await open(operatorPage, `/beheer/review/${provider.providerId}/${created.json.toolId}`);
    const section = operatorPage.getByRole("region", { name: nl.review.intentieverklaring });
    expect(await section.innerText()).toContain("2024-1");
    expect(await section.innerText()).toContain(fill(nl.provider.intentieverklaring.signatoryIs, { name: "Els Wouters", role: "Zaakvoerder" }));
  });

  test("API keys: a new key is shown once with a copy button; revoking asks first, and a revoked key gets 401", async () => {
    const provider = await newProvider();
    const page = await pageSignedInAs(provider.user);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(baseURL).origin });
    await open(page, "/aanbieder/sleutels");
    const k = nl.providerKeys;

    await page.getByLabel(k.label).fill("productie");
    await page.getByRole("button", { name: k.create }).click();
    await page.getByRole("heading", { name: fill(k.issuedHeading, { label: "productie" }) }).waitFor();
    await page.waitForFunction((text) => document.activeElement?.textContent === text, fill(k.issuedHeading, { label: "productie" }));
    expect(await page.getByRole("main").innerText()).toContain(k.onceWarning);
    const key = await page.getByLabel(k.keyLabel).inputValue();
    expect(key).toMatch(/^lsp_[0-9a-f]{16}_/);
    await page.getByRole("button", { name: nl.copy.button }).click();
    await page.getByRole("status").filter({ hasText: nl.copy.copied }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    expect((await api("provider/tools", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    await expectNoAxeViolations(page, "key shown once");

    // Once hidden, the key is gone from the page: the list shows only its start.
    await page.getByRole("button", { name: k.stored }).click();
    expect(await page.getByLabel(k.keyLabel).count()).toBe(0);
    const keyId = /^lsp_([0-9a-f]{16})_/.exec(key)![1]!;
    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "productie" }) });
    expect(await row.innerText()).toContain(`lsp_${keyId}_…`);
    expect(await page.getByRole("main").innerText()).not.toContain(key);

    // Cancel keeps it; confirm revokes it.
    await row.getByRole("button", { name: `${k.revoke} productie` }).click();
    const dialog = page.getByRole("dialog", { name: fill(k.confirm.title, { label: "productie" }) });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(k.confirm.cancel);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect((await api("provider/tools", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    await row.getByRole("button", { name: `${k.revoke} productie` }).click();
    await dialog.getByRole("button", { name: k.confirm.confirm }).click();
    await page.getByRole("status").filter({ hasText: fill(k.revoked, { label: "productie" }) }).waitFor();
    expect(await row.innerText()).toContain(k.revokedOn.split(" {")[0]!);
    expect((await api("provider/tools", { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  });

  test("the operator creates a provider organisation and invites a user; the sign-in link is shown once", async () => {
    const operator = await callerWith("operator");
    const page = await pageSignedInAs(operator);
    const name = `Leermiddelen ${uniqueMarker()}`;
    await open(page, "/beheer/aanbieders");
    const p = nl.operatorProviders;

    await page.getByLabel(p.fields.name).fill(name);
    await page.getByLabel(p.fields.contactEmail).fill("geen-adres");
    await page.getByRole("button", { name: p.create }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByLabel(p.fields.contactEmail).getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel(p.fields.contactEmail).fill("info@leermiddelen.example.test");
    await page.getByRole("button", { name: p.create }).click();
    await page.getByRole("status").filter({ hasText: fill(p.created, { name }) }).waitFor();

    await page.getByRole("link", { name }).click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await settled(page);
    const o = nl.operatorProvider;
    await page.getByLabel(o.email).fill("els@leermiddelen.example.test");
    await page.getByRole("button", { name: o.invite }).click();
    await page.getByRole("heading", { name: o.issuedHeading }).waitFor();
    const link = await page.getByLabel(o.signInUrl).inputValue();
    expect(new URL(link).pathname).toBe("/api/auth/login");
    expect(new URL(link).searchParams.get("invitation")).toMatch(/^lsi_/);
    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "els@leermiddelen.example.test" }) });
    expect(await row.innerText()).toContain(o.invitationStatus.open);
    await page.getByRole("button", { name: o.done }).click();
    expect(await page.getByLabel(o.signInUrl).count()).toBe(0);

    await row.getByRole("button", { name: `${o.revoke} els@leermiddelen.example.test` }).click();
    await page.getByRole("dialog").getByRole("button", { name: o.confirm.confirm }).click();
    await page.getByRole("status").filter({ hasText: o.invitationRevoked }).waitFor();
    expect(await row.innerText()).toContain(o.invitationStatus.revoked);
  });

  test("the catalogue pages its results, and a facet chosen with the keyboard keeps focus and narrows them", async () => {
    const operator = await callerWith("operator");
    const provider = await newProvider(operator);
    const marker = uniqueMarker();
    for (let index = 0; index < 14; index++) {
      const body = linkTool(`${marker}x${String(index).padStart(2, "0")}`, { keywords: [marker], clusters: index < 3 ? ["mode"] : [] });
      const created = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body });
      await approve(provider.providerId, created.json.toolId, 1, operator);
    }
    const school = await newSchool();
    const page = await pageSignedInAs(school.teacher);
    await open(page, `/catalogus?q=${marker}`);
    expect(await page.locator(".catalogue__summary").innerText()).toBe(fill(nl.catalogue.found.split(" | ")[2]!, { count: 14 }));
    expect(await page.getByRole("article").count()).toBe(12);
    const paging = page.getByRole("navigation", { name: nl.catalogue.paging });
    expect(await paging.innerText()).toContain(fill(nl.catalogue.pageOf, { page: 1, pages: 2 }));
    await paging.getByRole("link", { name: nl.catalogue.next }).click();
    await page.waitForURL((url) => url.searchParams.get("page") === "2");
    await settled(page);
    expect(await page.getByRole("article").getByRole("heading").allInnerTexts()).toEqual([`Oefenkaart ${marker}x12`, `Oefenkaart ${marker}x13`]);
    expect(await paging.getByRole("link", { name: nl.catalogue.next }).count()).toBe(0);

    // Keyboard: Tab to the facet "Mode", Space; focus stays there and the search starts on page 1 again.
    await tabTo(page, 'input[name="clusters"][value="mode"]');
    await page.keyboard.press("Space");
    await page.waitForURL((url) => url.searchParams.get("clusters") === "mode" && !url.searchParams.has("page"));
    await settled(page);
    expect(await page.getByRole("article").count()).toBe(3);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe("mode");
    expect(await page.getByRole("checkbox", { name: new RegExp(`^${nl.vocab.clusters.mode}`) }).isChecked()).toBe(true);
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get("page") === "2");
    await settled(page);
    expect(await page.getByRole("article").count()).toBe(2);
  });

  test("the menu offers each role its own pages, and /api/me names the provider organisation", async () => {
    const provider = await newProvider();
    const me = Me.parse((await api("me", { headers: provider.user.headers() })).json);
    expect(me.providerId).toBe(provider.providerId);
    const school = await newSchool();
    const operator = await callerWith("operator");
    const menus: [TestCaller, string[]][] = [
      [provider.user, [nl.nav.home, nl.nav.profile, nl.nav.provider, nl.nav.providerTools, nl.nav.providerKeys, nl.nav.providerLicences]],
      [operator, [nl.nav.home, nl.nav.profile, nl.nav.review, nl.nav.providers, nl.nav.operatorLicences, nl.nav.operatorDeadLetters]],
      [school.teacher, [nl.nav.home, nl.nav.profile, nl.nav.classes, nl.nav.loginCards, nl.nav.catalogue]],
      [school.pupil, [nl.nav.home, nl.nav.profile]],
    ];
    for (const [caller, expected] of menus) {
      const page = await pageSignedInAs(caller);
      await open(page, "/");
      expect(await page.getByRole("navigation", { name: nl.nav.label }).getByRole("link").allInnerTexts()).toEqual(expected);
    }
    // A teacher cannot open the provider's or the operator's pages.
    const teacherPage = await pageSignedInAs(school.teacher);
    for (const path of ["/aanbieder", "/beheer/review", "/beheer/aanbieders"]) {
      await open(teacherPage, path);
      expect(await heading(teacherPage)).toBe(nl.notAllowed.heading);
    }
  });

  test.each(locales)(
    "axe-core finds no violations on the catalogue's pages in %s",
    async (locale) => {
      const m = messages[locale];
      const operator = await callerWith("operator");
      const provider = await newProvider(operator);
      const school = await newSchool();
      const marker = uniqueMarker();
      // A live tool with a change waiting, a tool waiting for its first review, a rejected one.
      const live = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: ltiTool(marker, { clusters: ["hout"], pricing: "licensed" }) });
      const liveId = live.json.toolId as string;
      await approve(provider.providerId, liveId, 1, operator);
      await api(`provider/tools/${liveId}`, { method: "PUT", headers: provider.keyHeaders(), body: ltiTool(marker, { title: { nl: `Gewijzigd ${marker}` }, clusters: ["hout", "bouw"] }) });
      const waiting = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: linkTool(`${marker}b`) });
      const rejected = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: linkTool(`${marker}c`) });
      await api(`review/providers/${provider.providerId}/tools/${rejected.json.toolId}/reject`, { method: "POST", headers: operator.headers("POST"), body: { version: 1, reason: "Onvolledig." } });
      await api(`school/tools/${liveId}`, { method: "PUT", headers: school.admin.headers("PUT"), body: { enabled: true } });
      await api("providers/" + provider.providerId + "/invitations", { method: "POST", headers: operator.headers("POST"), body: { email: "x@example.test" } });

      const visits: [TestCaller, string[]][] = [
        [provider.user, ["/aanbieder", "/aanbieder/tools", "/aanbieder/tools/nieuw", `/aanbieder/tools/${liveId}`, `/aanbieder/tools/${rejected.json.toolId}`, "/aanbieder/sleutels", "/"]],
        [operator, ["/beheer/review", `/beheer/review/${provider.providerId}/${liveId}`, `/beheer/review/${provider.providerId}/${waiting.json.toolId}`, "/beheer/aanbieders", `/beheer/aanbieders/${provider.providerId}`, "/"]],
        [school.teacher, ["/catalogus", `/catalogus?clusters=hout&q=${marker}`, `/catalogus/${liveId}`, "/"]],
        [school.admin, [`/catalogus/${liveId}`, "/"]],
        [school.pupil, ["/"]],
      ];
      for (const [caller, paths] of visits) {
        const page = await pageSignedInAs(caller);
        await open(page, `/?lang=${locale}`);
        expect(await page.locator("html").getAttribute("lang")).toBe(locale);
        for (const path of paths) {
          await open(page, path);
          await expectNoAxeViolations(page, `${caller.role} ${path}`);
        }
        if (caller === school.pupil) expect(await page.getByRole("heading", { level: 2 }).first().innerText()).toBe(m.homeTiles.pupilHeading);
      }
      // The sign-in refusals of invitations.
      const page = await pageSignedInAs(school.pupil);
      for (const slug of ["invitation-invalid", "invitation-for-school-account", "other-provider"] as const) {
        await page.context().clearCookies();
        await open(page, `/login?lang=${locale}&error=${slug}`);
        expect(await page.getByRole("alert").innerText()).toBe(m.login.errors[slug]);
        await expectNoAxeViolations(page, `login ${slug}`);
      }
    },
    180_000,
  );
});
