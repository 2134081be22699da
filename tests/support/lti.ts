import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ltijs, { type LtiContentItem, type LtiToken } from "ltijs";
import Database from "ltijs-sequelize";
import { randomBytes, randomUUID } from "node:crypto";
import { api, approve, linkTool, type TestProvider } from "./catalogue.js";
import { freePort } from "./stack-process.js";

/*
 * The tool side of the LTI interop tests: ltijs (not our code) in the test process, and a
 * browser's part of a launch done with fetch and a small cookie jar.
 */

/** Cookies per host, as a browser keeps them (enough for the portal and ltijs: no paths, no expiry). */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  set(url: string, name: string, value: string): void {
    const host = new URL(url).host;
    if (!this.cookies.has(host)) this.cookies.set(host, new Map());
    this.cookies.get(host)!.set(name, value);
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).host)?.get(name);
  }

  header(url: string): string {
    return [...(this.cookies.get(new URL(url).host) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  store(url: string, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const separator = pair.indexOf("=");
      const expired = /max-age=0\b/i.test(line) || /expires=thu, 01 jan 1970/i.test(line);
      const host = new URL(url).host;
      if (expired) this.cookies.get(host)?.delete(pair.slice(0, separator));
      else this.set(url, pair.slice(0, separator), pair.slice(separator + 1));
    }
  }

  /** Like a browser: sends this host's cookies, keeps what it sets, never follows redirects by itself. */
  async fetch(url: string, init: { method?: string; headers?: Record<string, string>; form?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      redirect: "manual",
      headers: {
        ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...init.headers,
        cookie: [this.header(url), init.headers?.cookie].filter(Boolean).join("; "),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.store(url, response);
    return response;
  }
}

/** The form of an auto-submitted form post page: where it posts and what. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const unescape = (value: string) => value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in the page:\n${html.slice(0, 500)}`);
  const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [unescape(m[1]!), unescape(m[2]!)]));
  return { action: unescape(action), fields };
}

/**
 * The authentication request a tool sends after the platform's login initiation, as ltijs makes
 * it: for tests that play the tool by hand. `client_id` is the initiation's unless overridden.
 */
export function authenticationRequestAfter(initiation: URL, redirectUri: string, overrides: Record<string, string> = {}): string {
  const url = new URL("/api/lti/authorize", process.env.LEERSPOOR_TEST_BASE_URL!);
  const params = {
    response_type: "id_token",
    response_mode: "form_post",
    id_token_signed_response_alg: "RS256",
    scope: "openid",
    client_id: initiation.searchParams.get("client_id")!,
    redirect_uri: redirectUri,
    login_hint: initiation.searchParams.get("login_hint")!,
    nonce: randomUUID(),
    prompt: "none",
    state: randomUUID(),
    lti_message_hint: initiation.searchParams.get("lti_message_hint")!,
    ...overrides,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

export interface LtijsPlatform {
  issuer: string;
  clientId: string;
  authorizationEndpoint: string;
  jwksUrl: string;
}

export interface LtijsTool {
  url: string;
  /** ltijs' key: it signs the tool's cookies. */
  encryptionKey: string;
  register(platform: LtijsPlatform): Promise<void>;
  /** Drops what ltijs holds of a platform registration, as a tool that lost or resets it before registering again. */
  forget(issuer: string, clientId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * ltijs as the tool, on a free port: `/login` (initiation), `/` (redirect URI and target,
 * answering with what it decoded as JSON), `/keys`, and with `dynamicRegistration`
 * `/register` (LTI Dynamic Registration). Its own defaults otherwise: state
 * cookie, nonce store, 10-second token age.
 */
export async function startLtijsTool(options: { dynamicRegistration?: { name: string; description?: string } } = {}): Promise<LtijsTool> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "leerspoor-ltijs-"));
  const encryptionKey = randomBytes(32).toString("hex");
  const lti = ltijs.Provider;
  lti.setup(encryptionKey, { plugin: new Database("tool", "", "", { dialect: "sqlite", storage: join(dir, "ltijs.sqlite"), logging: false }) }, {
    appRoute: "/",
    loginRoute: "/login",
    keysetRoute: "/keys",
    cookies: { secure: false, sameSite: "Lax" },
    devMode: false,
    // Dynamic registration at `/register`: platforms it registers are active at once.
    ...(options.dynamicRegistration ? { dynReg: { url: `http://localhost:${port}`, ...options.dynamicRegistration, autoActivate: true } } : {}),
  });
  lti.onConnect((token: LtiToken, _req, res) => res.json({ ok: true, token, ltik: res.locals.ltik }));
  // AGS through ltijs' Grade service: finds or creates the resource link's line item, then posts 8/10 for the launching user.
  lti.app.post("/grade", async (_req, res) => {
    try {
      const idtoken = res.locals.token!;
      let lineItemId = idtoken.platformContext.endpoint?.lineitem as string | undefined;
      if (!lineItemId) {
        const found = await lti.Grade.getLineItems(idtoken, { resourceLinkId: true });
        lineItemId = found.lineItems[0]?.id ?? (await lti.Grade.createLineItem(idtoken, { scoreMaximum: 10, label: "Score", resourceLinkId: idtoken.platformContext.resource!.id })).id;
      }
      const score = await lti.Grade.submitScore(idtoken, lineItemId, { scoreGiven: 8, scoreMaximum: 10, activityProgress: "Completed", gradingProgress: "FullyGraded" });
      res.json({ ok: true, lineItemId, score });
    } catch (error) {
      res.status(500).json({ ok: false, error: String(error), body: (error as { response?: { body?: string } }).response?.body });
    }
  });
  // AGS line item deletion through ltijs' Grade service: JSON `{ lineItemId }` (a line item URL); answers the platform's status and body.
  lti.app.post("/lineitem/delete", async (req, res) => {
    try {
      await lti.Grade.deleteLineItemById(res.locals.token!, (req.body as { lineItemId: string }).lineItemId);
      res.json({ ok: true });
    } catch (error) {
      const response = (error as { response?: { statusCode?: number; body?: string } }).response;
      res.status(500).json({ ok: false, error: String(error), status: response?.statusCode, body: response?.body });
    }
  });
  // NRPS through ltijs' NamesAndRoles service: ?limit=, ?role=, ?pages= (a number, or "all"), ?url= (a next or differences
  // link), ?rlid=true (the launch's resource link).
  lti.app.get("/members", async (req, res) => {
    try {
      const { limit, role, pages, url, rlid } = req.query;
      const members = await lti.NamesAndRoles.getMembers(res.locals.token!, {
        ...(limit ? { limit: Number(limit) } : {}),
        ...(role ? { role } : {}),
        ...(url ? { url } : {}),
        ...(rlid === "true" ? { resourceLinkId: true } : {}),
        pages: pages === "all" ? false : Number(pages ?? 1),
      });
      res.json({ ok: true, members });
    } catch (error) {
      res.status(500).json({ ok: false, error: String(error), body: (error as { response?: { body?: string } }).response?.body });
    }
  });
  // Deep Linking: the request answers with the settings it decoded; POST /deep-link/respond (the ltik as bearer, JSON
  // `{ items, message?, errMessage?, log?, errLog? }`) answers ltijs' auto-submitting form with the signed LtiDeepLinkingResponse.
  lti.onDeepLinking((token: LtiToken, _req, res) => res.json({ ok: true, token, ltik: res.locals.ltik }));
  lti.app.post("/deep-link/respond", async (req, res) => {
    try {
      const { items, ...said } = req.body as { items: LtiContentItem[]; message?: string; errMessage?: string; log?: string; errLog?: string };
      const form = await lti.DeepLinking.createDeepLinkingForm(res.locals.token!, items, said);
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.send(form);
    } catch (error) {
      res.status(500).json({ ok: false, error: String(error) });
    }
  });
  lti.onInvalidToken((_req, res) => res.status(401).json({ ok: false, error: res.locals.err }));
  // ltijs-sequelize reports its migrations on the console.
  const { log, info } = console;
  console.log = console.info = () => {};
  try {
    await lti.deploy({ port, silent: true });
  } finally {
    Object.assign(console, { log, info });
  }
  return {
    url: `http://localhost:${port}`,
    encryptionKey,
    async register(platform) {
      await lti.registerPlatform({
        url: platform.issuer,
        name: "Leerspoor",
        clientId: platform.clientId,
        authenticationEndpoint: platform.authorizationEndpoint,
        accesstokenEndpoint: `${platform.issuer}/api/lti/token`,
        authConfig: { method: "JWK_SET", key: platform.jwksUrl },
      });
    },
    async forget(issuer, clientId) {
      await lti.deletePlatform(issuer, clientId);
    },
    async close() {
      await lti.close({ silent: true });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Registers the ltijs tool as a tool of `provider` (its keys at `/keys`, launches at `/`), approved by an operator; returns its tool id, the client_id to tell ltijs. */
export async function registerLtijsTool(
  tool: LtijsTool,
  provider: TestProvider,
  options: { marker: string; title: Record<string, string>; services?: string[]; customParameters?: Record<string, string> },
): Promise<string> {
  const { marker, title, ...registration } = options;
  const registered = await api("provider/tools", {
    method: "POST",
    headers: provider.keyHeaders(),
    body: {
      registration: {
        type: "lti",
        loginInitiationUrl: `${tool.url}/login`,
        redirectUris: [`${tool.url}/`],
        targetLinkUri: `${tool.url}/`,
        key: { kind: "jwks-url", url: `${tool.url}/keys` },
        ...registration,
      },
      metadata: linkTool(marker, { title }).metadata,
    },
  });
  if (registered.status !== 201) throw new Error(`tool not registered: ${JSON.stringify(registered.json)}`);
  await approve(provider.providerId, registered.json.toolId, 1);
  return registered.json.toolId as string;
}

/** What the tool answered at the end of a launch: the decoded token, or its error. */
export type ToolAnswer = { ok: true; token: LtiToken } | { ok: false; error: { message?: string; details?: { message?: string } } };

/**
 * Hands the id_token form to the tool as the browser would (a form post to the redirect URI,
 * then the redirect with ltijs' `ltik`), and returns what the tool answered.
 */
export async function postToTool(jar: CookieJar, form: { action: string; fields: Record<string, string> }): Promise<{ status: number; answer: ToolAnswer }> {
  const posted = await jar.fetch(form.action, { form: form.fields });
  if (posted.status !== 302) return { status: posted.status, answer: (await posted.json()) as ToolAnswer };
  const next = new URL(posted.headers.get("location")!, form.action).toString();
  const page = await jar.fetch(next);
  return { status: page.status, answer: (await page.json()) as ToolAnswer };
}

/** ltijs' deep-linking form (hidden, auto-submitted): the return URL and the signed `JWT`. */
export function deepLinkingFormOf(html: string): { action: string; jwt: string } {
  const action = /<form[^>]* action="([^"]+)"/.exec(html)?.[1];
  const jwt = /<input type="hidden" name="JWT" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !jwt) throw new Error(`no deep-linking form in the page:\n${html.slice(0, 500)}`);
  return { action, jwt };
}

/** The error ltijs gave, as one word (`NONCE_ALREADY_RECEIVED`, `invalid signature`…). */
export const toolError = (answer: ToolAnswer): string | undefined =>
  answer.ok ? undefined : (answer.error.details?.message ?? answer.error.message);
