/**
 * Used by `npm run sign-in` and by the tests.
 * Drives the local OpenID provider's pages the way a browser would, with plain fetch: a
 * cookie jar, redirects followed by hand (redirect: "manual"), forms parsed and posted. The
 * flow stops at the first redirect that leaves the provider (the portal's callback), which
 * is returned, not fetched.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  expiresAt?: number;
}

/** Cookies per host, with paths and expiry: enough for oidc-provider's session and interaction cookies. */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie[]>();

  store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
      const separator = pair.indexOf("=");
      const cookie: StoredCookie = { name: pair.slice(0, separator), value: pair.slice(separator + 1), path: "/" };
      for (const attribute of attributes) {
        const [key = "", value = ""] = attribute.split("=");
        if (key.toLowerCase() === "path") cookie.path = value;
        if (key.toLowerCase() === "expires") cookie.expiresAt = Date.parse(value);
        if (key.toLowerCase() === "max-age") cookie.expiresAt = Date.now() + Number(value) * 1000;
      }
      const others = (this.#cookies.get(url.host) ?? []).filter((c) => !(c.name === cookie.name && c.path === cookie.path));
      const expired = cookie.value === "" || (cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now());
      this.#cookies.set(url.host, expired ? others : [...others, cookie]);
    }
  }

  header(url: URL): string | undefined {
    const matching = (this.#cookies.get(url.host) ?? []).filter(
      (c) => (c.expiresAt === undefined || c.expiresAt > Date.now()) && (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`)),
    );
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join("; ") : undefined;
  }

  names(host: string): string[] {
    return (this.#cookies.get(host) ?? []).map((c) => c.name);
  }
}

/** One request with the jar's cookies, no redirect following. */
export async function fetchWithJar(url: URL, jar: CookieJar, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set("cookie", cookie);
  const response = await fetch(url, { ...init, headers, redirect: "manual" });
  jar.store(url, response);
  return response;
}

export interface HtmlForm {
  action: URL;
  fields: Record<string, string>;
}

const decodeEntities = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name]!);

/** The first `<form method="post">` of a page (whose action matches `actionPattern`), with its named inputs' values. */
export function parseForm(html: string, base: URL, actionPattern: RegExp = /./): HtmlForm {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const action = /action="([^"]*)"/i.exec(match[1]!)?.[1];
    if (action === undefined || !actionPattern.test(action)) continue;
    const fields: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<input\b([^>]*)>/gi)) {
      const name = /name="([^"]*)"/i.exec(input[1]!)?.[1];
      if (name) fields[name] = decodeEntities(/value="([^"]*)"/i.exec(input[1]!)?.[1] ?? "");
    }
    return { action: new URL(decodeEntities(action), base), fields };
  }
  throw new Error(`no form${actionPattern.source === "." ? "" : ` with an action like ${actionPattern}`} on the page:\n${html}`);
}

/** Where a flow through the provider stopped: at a redirect that leaves it, or at a page of its own. */
export type ProviderStop = { kind: "left"; location: URL } | { kind: "page"; url: URL; status: number; html: string };

/** Follows redirects while they stay on the provider's origin. */
export async function followProvider(response: Response, url: URL, jar: CookieJar): Promise<ProviderStop> {
  let current = response;
  let currentUrl = url;
  for (let hops = 0; hops < 20; hops++) {
    const location = current.headers.get("location");
    if (current.status < 300 || current.status >= 400 || !location) {
      return { kind: "page", url: currentUrl, status: current.status, html: await current.text() };
    }
    await current.body?.cancel();
    const next = new URL(location, currentUrl);
    if (next.origin !== url.origin) return { kind: "left", location: next };
    currentUrl = next;
    current = await fetchWithJar(next, jar);
  }
  throw new Error("more than 20 redirects at the identity provider");
}

/** Opens a URL at the provider (authorize, end_session…) and follows it until it leaves or shows a page. */
export async function openAtProvider(url: string | URL, jar: CookieJar): Promise<ProviderStop> {
  const start = new URL(url);
  return followProvider(await fetchWithJar(start, jar), start, jar);
}

export class LoginRefused extends Error {
  constructor(
    readonly status: number,
    readonly html: string,
  ) {
    super(`the identity provider refused the login (${status})`);
    this.name = "LoginRefused";
  }
}

/** Posts the login form shown at `page`; resolves with where the provider sends the browser next. */
export async function submitLoginForm(page: Extract<ProviderStop, { kind: "page" }>, login: string, password: string, jar: CookieJar): Promise<ProviderStop> {
  const form = parseForm(page.html, page.url, /\/login$/);
  const response = await fetchWithJar(form.action, jar, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...form.fields, login, password }),
  });
  return followProvider(response, form.action, jar);
}

/**
 * Signs in at the provider through its login form and returns the callback URL (with `code`
 * and `state`) that the provider redirects to; the callback itself is not requested. Throws
 * LoginRefused when the provider answers the form with an error page.
 */
export async function signInThroughForm(authorizeUrl: string | URL, login: string, password: string, jar: CookieJar = new CookieJar()): Promise<URL> {
  const stop = await openAtProvider(authorizeUrl, jar);
  if (stop.kind === "left") return stop.location;
  if (stop.status !== 200) throw new Error(`the authorization request was answered with ${stop.status}:\n${stop.html}`);
  const after = await submitLoginForm(stop, login, password, jar);
  if (after.kind === "page") throw new LoginRefused(after.status, after.html);
  return after.location;
}

/**
 * Follows a sign-out URL (RP-initiated logout): submits the provider's confirmation form as
 * its script would, and returns where the provider redirects afterwards.
 */
export async function signOutThroughProvider(endSessionUrl: string | URL, jar: CookieJar): Promise<URL> {
  let stop = await openAtProvider(endSessionUrl, jar);
  for (let forms = 0; stop.kind === "page" && forms < 3; forms++) {
    if (stop.status !== 200) throw new Error(`sign-out was answered with ${stop.status}:\n${stop.html}`);
    const form = parseForm(stop.html, stop.url);
    const response = await fetchWithJar(form.action, jar, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form.fields),
    });
    stop = await followProvider(response, form.action, jar);
  }
  if (stop.kind === "page") throw new Error(`sign-out stopped at a page:\n${stop.html}`);
  return stop.location;
}
