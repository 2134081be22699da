import { createServer } from "node:http";
import { demoLtiToolId } from "../../scripts/local-stack/demo-catalogue.js";
import { addMember, createGroup } from "../../shared/schools/index.js";
import { api, approve, ltiTool, newProvider, uniqueMarker } from "../support/catalogue.js";
import { callerWith, schoolFor } from "../support/sessions.js";
import { freePort } from "../support/stack-process.js";
import { baseURL, messages } from "./portal-texts.js";
import { demoTeacherScoresOf, scoreShown } from "./class-scores.js";
import { expectNoAxeViolations, settled, usePortalBrowser } from "./portal-session.js";

/*
 * Issue 6's acceptance in Chromium: a demo pupil of 5B opens the demo LTI tool (ltijs, run by
 * the local stack) from its home tile in a new window, arrives signed in with the class as
 * context and sends a score that the teacher then sees on the class page. And a tool that
 * allows framing opens inside the portal, keeping its login state in the portal through LTI
 * Client Side postMessage Storage instead of a cookie.
 */
const nl = messages.nl;

// Dutch, as the demo school's pupils: the launch (and so the demo tool) takes the browser's language.
const portal = usePortalBrowser({ locale: "nl-BE" });

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe("launching a tool from its home tile, in Chromium", () => {
  it("a demo pupil of 5B opens the demo tool in a new window, signed in with 5B as context; the teacher sees the score it sends", async () => {
    const pupil = await portal.pageSignedInAsDemo("pupil-5b-3");
    const tile = pupil.page.locator(`a.tile[data-tool-id="${demoLtiToolId()}"]`);
    await expect(tile.getAttribute("target")).resolves.toBe("_blank");
    await expect(tile.getAttribute("rel")).resolves.toBe("noopener");

    const [tool] = await Promise.all([pupil.page.context().waitForEvent("page"), tile.click()]);
    await tool.getByRole("heading", { level: 1, name: "Demo rekentool" }).waitFor();
    expect(new URL(tool.url()).origin).toBe(`http://localhost:${process.env.LOCAL_DEMO_TOOL_PORT}`);
    await expect(tool.getByText("Je bent aangemeld via Leerspoor.").count()).resolves.toBe(1);
    await expect(tool.getByRole("row", { name: /Klas of groep/ }).innerText()).resolves.toContain("5B");
    const received = JSON.parse((await tool.locator("#launch").textContent())!) as {
      context: { title: string; label: string };
      roles: string[];
      launchPresentation: { document_target: string; return_url: string };
    };
    expect(received.context).toMatchObject({ title: "5B", label: "5B" });
    expect(received.roles).toContain("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner");
    expect(received.launchPresentation).toMatchObject({ document_target: "window", return_url: `${baseURL}/` });

    await tool.getByRole("button", { name: "Score 8/10 insturen" }).click();
    await expect(tool.locator('[data-score-sent="true"]').innerText()).resolves.toContain("Score 8/10 ingestuurd");

    const teacher = await demoTeacherScoresOf(portal, "5B");
    const scores = teacher.scores;
    await expect(scores.getByRole("columnheader").first().innerText()).resolves.toBe(nl.groupScores.pupil);
    await expect(scores.getByRole("row", { name: pupil.name }).getByRole("rowheader").innerText()).resolves.toBe(pupil.name);
    await expect(scoreShown(scores, pupil.name, "Demo rekentool")).resolves.toBe("8/10");
    await expectNoAxeViolations(teacher.page, "class page with scores (nl)");
    for (const [locale, language] of [["en", "English"], ["fr", "Français"]] as const) {
      await teacher.page.getByRole("button", { name: language }).click();
      await teacher.page.getByRole("table", { name: messages[locale].groupScores.heading }).waitFor();
      await expectNoAxeViolations(teacher.page, `class page with scores (${locale})`);
    }
  });
});

/** What the framed test tool saw: its login initiation's query, the launch form's fields and the id_token's claims. */
interface FramedToolLog {
  logins: number;
  login?: Record<string, string>;
  launch?: Record<string, string>;
  claims?: Record<string, any>;
}

/**
 * A tool that keeps no cookie: its login page stores the OIDC state and nonce in the portal
 * with `lti.put_data` (to the `lti_storage_target` frame), its launch page reads them back
 * with `lti.get_data` and shows whether the id_token's nonce matches. A small HTTP server of
 * the test on a port of its own, so a tool origin other than the portal's.
 */
async function startFramedTool(log: FramedToolLog): Promise<{ origin: string; close(): Promise<void> }> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const authorizationEndpoint = `${baseURL}/api/lti/authorize`;
  const page = (title: string, script: string) =>
    `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body><main><h1>${title}</h1><p id="result">bezig</p></main><script>${script}</script></body></html>`;
  // The tool's side of the storage: ask the platform frame and wait for the answer with the same message_id.
  const askPlatform = `
    function ask(target, platformOrigin, message) {
      return new Promise((resolve) => {
        const id = crypto.randomUUID();
        const onAnswer = (event) => {
          if (event.origin !== platformOrigin || !event.data || event.data.message_id !== id) return;
          removeEventListener("message", onAnswer);
          resolve(event.data);
        };
        addEventListener("message", onAnswer);
        target.postMessage({ ...message, message_id: id }, platformOrigin);
      });
    }
    const frameOf = (name) => (name === "_parent" ? window.parent : window.parent.frames[name]);
    const show = (text) => (document.getElementById("result").textContent = text);`;

  const loginPage = (login: Record<string, string>) =>
    page(
      "Aanmelden bij de testtool",
      `${askPlatform}
      (async () => {
        const login = ${JSON.stringify({ ...login, authorizationEndpoint, redirectUri: `${origin}/launch` })};
        const platformOrigin = new URL(login.iss).origin;
        const target = frameOf(login.lti_storage_target);
        const capabilities = await ask(target, platformOrigin, { subject: "lti.capabilities" });
        const subjects = capabilities.supported_messages.map((each) => each.subject);
        if (!subjects.includes("lti.put_data") || !subjects.includes("lti.get_data")) return show("no-storage");
        const state = crypto.randomUUID();
        const nonce = crypto.randomUUID();
        const stored = await ask(target, platformOrigin, { subject: "lti.put_data", key: "state_" + state, value: nonce });
        if (stored.error) return show("put-failed");
        const authorize = new URL(login.authorizationEndpoint);
        const query = { scope: "openid", response_type: "id_token", response_mode: "form_post", prompt: "none", client_id: login.client_id,
          redirect_uri: login.redirectUri, login_hint: login.login_hint, lti_message_hint: login.lti_message_hint, state, nonce };
        for (const [name, value] of Object.entries(query)) authorize.searchParams.set(name, value);
        location.href = authorize.toString();
      })();`,
    );
  const launchPage = (launch: { state: string; target: string; nonce: string }) =>
    page(
      "Testtool",
      `${askPlatform}
      (async () => {
        const launch = ${JSON.stringify({ ...launch, platformOrigin: new URL(baseURL).origin })};
        const answer = await ask(frameOf(launch.target), launch.platformOrigin, { subject: "lti.get_data", key: "state_" + launch.state });
        show(answer.value === launch.nonce ? "state-ok" : "state-mismatch");
      })();`,
    );

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", origin);
    const html = (body: string) => response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
    if (url.pathname === "/login") {
      log.logins += 1;
      log.login = Object.fromEntries(url.searchParams);
      return html(loginPage(log.login));
    }
    if (url.pathname === "/launch" && request.method === "POST") {
      let body = "";
      request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      request.on("end", () => {
        log.launch = Object.fromEntries(new URLSearchParams(body));
        log.claims = JSON.parse(Buffer.from(log.launch.id_token!.split(".")[1]!, "base64url").toString("utf8"));
        html(launchPage({ state: log.launch.state!, target: log.launch.lti_storage_target!, nonce: log.claims!.nonce }));
      });
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" }).end("Not found");
  });
  await new Promise<void>((resolve) => server.listen(port, "localhost", resolve));
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Axe on the portal's own page around a framed tool: the tool's pages (with their own landmarks) are the tool's business. */
const aroundTheFrame = { exclude: ["iframe.tool-frame"] };

describe("a tool that allows framing, in Chromium", () => {
  it("opens inside the portal's tool page, where the tool keeps its login state with lti.put_data and reads it back with lti.get_data", async () => {
    const marker = uniqueMarker();
    const log: FramedToolLog = { logins: 0 };
    const framedTool = await startFramedTool(log);
    closers.push(framedTool.close);
    const origin = framedTool.origin;
    const submission = ltiTool(marker);
    submission.registration = {
      ...submission.registration,
      loginInitiationUrl: `${origin}/login`,
      redirectUris: [`${origin}/launch`],
      targetLinkUri: `${origin}/launch`,
      key: { kind: "jwks-url", url: `${origin}/jwks.json` },
      presentation: "iframe",
    };
    const provider = await newProvider();
    const registered = await api("provider/tools", { method: "POST", headers: provider.keyHeaders(), body: submission });
    expect(registered.status).toBe(201);
    const toolId = registered.json.toolId as string;
    await approve(provider.providerId, toolId, 1);
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const enabled = await api(`school/tools/${toolId}`, { method: "PUT", headers: admin.headers("PUT"), body: { enabled: true } });
    expect(enabled.status).toBe(200);
    const pupil = await callerWith("pupil", schoolId);
    const group = await createGroup({ schoolId }, { groupType: "class", name: "4A" });
    await addMember({ schoolId }, group.id, pupil.personId, "pupil");

    const page = await portal.pageSignedInAs(pupil);
    await page.goto("/");
    await settled(page);
    const tile = page.locator(`a.tile[data-tool-id="${toolId}"]`);
    await expect(tile.getAttribute("target")).resolves.toBeNull();
    await tile.click();
    await page.waitForURL(`${baseURL}/tool/${toolId}`);
    await page.getByRole("heading", { level: 1, name: `Oefenkaart ${marker}` }).waitFor();
    await expect(page.getByRole("link", { name: nl.toolFrame.back }).getAttribute("href")).resolves.toBe("/");
    const newWindow = page.getByRole("link", { name: new RegExp(nl.toolFrame.newWindow) });
    await expect(newWindow.getAttribute("target")).resolves.toBe("_blank");
    await expect(newWindow.getAttribute("href")).resolves.toBe(`/api/lti/launch/${toolId}?locale=nl`);

    const framed = page.frameLocator("iframe.tool-frame");
    await framed.getByRole("heading", { level: 1, name: "Testtool" }).waitFor();
    await expect(framed.locator("#result").innerText()).resolves.toBe("state-ok");
    expect(log.login).toMatchObject({ lti_storage_target: "_parent", client_id: toolId, iss: baseURL });
    expect(log.launch).toMatchObject({ lti_storage_target: "_parent", state: expect.any(String) });
    expect(log.claims).toMatchObject({
      aud: toolId,
      "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": { document_target: "iframe", locale: "nl" },
      "https://purl.imsglobal.org/spec/lti/claim/context": { title: "4A" },
    });
    await expect(page.locator("iframe.tool-frame").getAttribute("title")).resolves.toBe(`Oefenkaart ${marker} (tool)`);
    await expectNoAxeViolations(page, "tool page around the framed tool (nl)", aroundTheFrame);

    // Another language for the portal: its words change, the tool keeps running (no second launch).
    for (const [locale, language] of [["en", "English"], ["fr", "Français"]] as const) {
      await page.getByRole("button", { name: language }).click();
      await page.getByRole("link", { name: messages[locale].toolFrame.back }).waitFor();
      await expect(page.locator("iframe.tool-frame").getAttribute("title")).resolves.toBe(`Oefenkaart ${marker} (${locale === "fr" ? "outil" : "tool"})`);
      await expectNoAxeViolations(page, `tool page around the framed tool (${locale})`, aroundTheFrame);
    }
    await expect(framed.locator("#result").innerText()).resolves.toBe("state-ok");
    expect(log.logins).toBe(1);
    await page.getByRole("button", { name: "Nederlands" }).click();

    // By keyboard: from the page's start, Tab reaches the way back, the new-window fallback and the tool.
    await page.locator("main").focus();
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe(nl.toolFrame.back);
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("target"))).resolves.toBe("_blank");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe("IFRAME");

    // The tool's way back (launch_presentation.return_url) takes the whole window to the portal, not just the frame.
    const returnUrl = log.claims!["https://purl.imsglobal.org/spec/lti/claim/launch_presentation"].return_url as string;
    expect(returnUrl).toBe(`${baseURL}/api/lti/return`);
    const toolFrame = page.frames().find((frame) => frame.url().startsWith(origin))!;
    await toolFrame.evaluate((url) => {
      location.href = url;
    }, returnUrl);
    await page.waitForURL(`${baseURL}/`);
    await settled(page);

    // A tool the school did not switch on (or that does not exist) has no tool page.
    await page.goto("/tool/no-such-tool");
    await expect(page.getByRole("alert").innerText()).resolves.toBe(nl.toolFrame.missing);
    await expect(page.locator("iframe").count()).resolves.toBe(0);
  });

  it("still starts a window launch for a tool that does not allow framing, even when asked for a frame", async () => {
    const pupil = await callerWith("pupil", "school-999101");
    const response = await fetch(`${baseURL}/api/lti/launch/${demoLtiToolId()}?target=iframe`, { headers: pupil.headers(), redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("content-security-policy")).toBe("frame-ancestors 'self'");
    const initiation = new URL(response.headers.get("location")!);
    expect(initiation.searchParams.get("lti_storage_target")).toBeNull();
  });
});
