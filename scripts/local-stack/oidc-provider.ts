/**
 * The local OpenID provider: the stand-in for the Auth0 tenant in `npm start`, built on
 * `oidc-provider`. One confidential client (the portal), code flow with PKCE, its own login
 * page that checks scrypt password hashes (oidc-provider's devInteractions accepts any
 * password), Auth0's `connection` hint, the claims that the tenant's Actions add, RP-initiated
 * logout, and account removal for GDPR erasure in place of Auth0's Management API.
 * Run as a child process of the local stack:
 *   node oidc-provider.js <port> <accounts-file> <config-file>
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { z } from "zod";
import { hashPassword, loginKey, readAccounts, updateAccounts, verifyPassword, type LocalAccount } from "./local-accounts.js";
import { OidcStore } from "./oidc-store.js";

/** What the local stack writes to the config file. */
const ClientConfig = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(16),
  redirectUris: z.array(z.url()).min(1),
  postLogoutRedirectUris: z.array(z.url()),
  adminToken: z.string().min(16),
});

/** Signing keys and cookie keys, made at first start and kept next to the accounts. */
const ProviderKeys = z.object({
  jwks: z.object({ keys: z.array(z.looseObject({ kid: z.string(), kty: z.literal("RSA"), d: z.string() })).min(1) }),
  cookieKeys: z.array(z.string().min(32)).min(1),
});
type ProviderKeys = z.infer<typeof ProviderKeys>;

/** Auth0's connection names that the portal sends, with how the login page names them. */
const connections: Record<string, string> = {
  leerid: "LeerID",
  smartschool: "Smartschool",
  "google-oauth2": "Google",
  windowslive: "Microsoft",
  "Username-Password-Authentication": "je Leerspoor-account",
};
const defaultConnection = "Username-Password-Authentication";

/** Claims that the tenant's Actions add, namespaced as Auth0 requires for custom claims. */
const claim = {
  instellingsnummer: "https://leerspoor.be/instellingsnummer",
  roles: "https://leerspoor.be/roles",
  connection: "https://leerspoor.be/connection",
} as const;

const sessionSeconds = 12 * 60 * 60;

const [portArg, accountsPath, configPath] = process.argv.slice(2);
if (!portArg || !accountsPath || !configPath) {
  console.error("usage: oidc-provider <port> <accounts-file> <config-file>");
  process.exit(2);
}
const dataDir = dirname(accountsPath);
const client = ClientConfig.parse(JSON.parse(await readFile(configPath, "utf8")));
const keys = await ensureProviderKeys(join(dataDir, "oidc-keys.json"));
const store = await OidcStore.open(join(dataDir, "oidc-store.json"));
/** How each provider session signed in (its connection), by session uid; lives as long as the session. */
const loginConnections = store.adapterFor("LoginConnection");
const unknownAccountHash = hashPassword(randomBytes(32).toString("base64"));

async function ensureProviderKeys(path: string): Promise<ProviderKeys> {
  const existing = await readFile(path, "utf8").then((text) => ProviderKeys.safeParse(JSON.parse(text)), () => undefined);
  if (existing?.success) return existing.data;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  const keys = ProviderKeys.parse({
    jwks: { keys: [{ ...jwk, kid: randomUUID(), alg: "RS256", use: "sig" }] },
    cookieKeys: [randomBytes(32).toString("base64url")],
  });
  await writeFile(path, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

async function findAccountBySub(sub: string): Promise<LocalAccount | undefined> {
  return (await readAccounts(accountsPath!)).find((account) => account.sub === sub);
}

/** The account whose password this is; unknown logins cost as much time as known ones. */
async function authenticate(login: string, password: string): Promise<LocalAccount | undefined> {
  const account = (await readAccounts(accountsPath!)).find((candidate) => loginKey(candidate.login) === loginKey(login));
  const valid = await verifyPassword(password, account?.passwordHash ?? (await unknownAccountHash));
  return account && valid ? account : undefined;
}

function claimsOf(account: LocalAccount, connection: string): Record<string, unknown> {
  return {
    sub: account.sub,
    email: account.email,
    email_verified: account.email ? (account.emailVerified ?? false) : undefined,
    name: account.name,
    given_name: account.givenName,
    family_name: account.familyName,
    [claim.instellingsnummer]: account.instellingsnummer,
    [claim.roles]: account.roles ?? [],
    [claim.connection]: connection,
  };
}

// ---------------------------------------------------------------- pages

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);

const styles = `
  body { font: 1.125rem/1.5 system-ui, sans-serif; color: #1a1a1a; background: #f4f6f8; margin: 0; }
  main { max-width: 26rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: .5rem; }
  h1 { font-size: 1.5rem; margin-top: 0; }
  .note { color: #444; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; margin-top: .25rem;
          border: 2px solid #555; border-radius: .25rem; }
  input[aria-invalid="true"] { border-color: #a50e0e; }
  button { font: inherit; font-weight: 600; margin-top: 1.5rem; padding: .6rem 1.2rem; border-radius: .25rem;
           border: 2px solid #0b4f8a; background: #0b4f8a; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #0b4f8a; margin-top: .75rem; }
  :focus-visible { outline: 3px solid #e8a200; outline-offset: 2px; }
  .error { color: #a50e0e; font-weight: 600; }`;

const formOrigins = ["'self'", ...new Set([...client.redirectUris, ...client.postLogoutRedirectUris].map((uri) => new URL(uri).origin))];

function pageHeaders(scriptHashes: string[] = []): Record<string, string> {
  const scripts = scriptHashes.length ? scriptHashes.map((hash) => `'${hash}'`).join(" ") : "'none'";
  return {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    // The form's redirects end at the portal, so form-action names its origin too.
    "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; script-src ${scripts}; form-action ${formOrigins.join(" ")}; frame-ancestors 'none'; base-uri 'none'`,
  };
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function connectionHeading(connection: string | undefined): string {
  const label = connection ? connections[connection] : undefined;
  if (!label) return "Aanmelden bij Leerspoor (lokale testomgeving)";
  return connection === defaultConnection ? `Aanmelden met ${label} (lokale testomgeving)` : `Aanmelden via ${label} (lokale testomgeving)`;
}

function loginPage(options: { uid: string; connection: string | undefined; login: string; error?: string }): string {
  const heading = connectionHeading(options.connection);
  const invalid = options.error ? ' aria-invalid="true" aria-describedby="login-error"' : "";
  return page(
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<p class="note">Dit is de lokale aanmeldpagina die Auth0 vervangt op deze computer. Meld je aan met een demo-account.</p>
${options.error ? `<p id="login-error" class="error" role="alert">${escapeHtml(options.error)}</p>` : ""}
<form method="post" action="/interaction/${encodeURIComponent(options.uid)}/login">
<label for="login">Gebruikersnaam of e-mailadres</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(options.login)}"${invalid}${options.login ? "" : " autofocus"}>
<label for="password">Wachtwoord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}${options.login ? " autofocus" : ""}>
<button type="submit">Aanmelden</button>
</form>
<form method="post" action="/interaction/${encodeURIComponent(options.uid)}/abort">
<button type="submit" class="secondary">Annuleren</button>
</form>`,
  );
}

const autoSubmit = "document.getElementById('op.logoutForm').submit();";
const autoSubmitHash = `sha256-${createHash("sha256").update(autoSubmit).digest("base64")}`;

// ---------------------------------------------------------------- provider

const policy = interactionPolicy.base();
// An account erased while signed in has a session but no account: sign in again.
policy.get("login")!.checks.add(
  new interactionPolicy.Check("account_removed", "the signed-in account no longer exists", "login_required", (ctx) =>
    Boolean(ctx.oidc.session?.accountId && !ctx.oidc.account),
  ),
);

const configuration: Configuration = {
  adapter: (model: string) => store.adapterFor(model),
  clients: [
    {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "RS256",
    },
  ],
  jwks: keys.jwks as Configuration["jwks"],
  // Signed cookies; without `secure` because this runs on http://localhost. oidc-provider only
  // marks cookies secure when the request itself is https (ctx.secure), which it never is here.
  // Browsers share localhost's cookies across ports, so the names keep clear of the portal's.
  cookies: {
    keys: keys.cookieKeys,
    names: { session: "_idp_session", interaction: "_idp_interaction", resume: "_idp_interaction_resume" },
    long: { httpOnly: true, sameSite: "lax" },
    short: { httpOnly: true, sameSite: "lax" },
  },
  pkce: { required: () => true },
  responseTypes: ["code"],
  scopes: ["openid", "profile", "email"],
  claims: {
    acr: null,
    auth_time: null,
    iss: null,
    sid: null,
    openid: ["sub", claim.instellingsnummer, claim.roles, claim.connection],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name"],
  },
  // Auth0 puts the profile claims in the id_token of the code flow; so does this stand-in.
  conformIdTokenClaims: false,
  extraParams: {
    connection(_ctx, value) {
      if (value !== undefined && !(value in connections)) throw new errors.InvalidRequest(`unknown connection ${value}`);
    },
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    userinfo: { enabled: true },
  },
  interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // The portal is a first-party application: sign-in asks no consent (Auth0's "skip consent").
  async loadExistingGrant(ctx) {
    const { oidc } = ctx;
    const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
    const grant =
      (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ??
      new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
    grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(" "));
    grant.addOIDCClaims([...oidc.requestParamClaims]);
    await grant.save();
    return grant;
  },
  async findAccount(_ctx, sub, token) {
    const account = await findAccountBySub(sub);
    if (!account) return undefined;
    const sessionUid = token && "sessionUid" in token ? (token.sessionUid as string | undefined) : undefined;
    const stored = sessionUid ? await loginConnections.find(sessionUid) : undefined;
    const connection = String(stored?.extra?.connection ?? defaultConnection);
    return { accountId: sub, claims: async () => ({ ...claimsOf(account, connection), sub }) };
  },
  renderError: async (ctx, out) => {
    ctx.set(pageHeaders());
    ctx.body = page(
      "Aanmelden lukt niet",
      `<h1>Aanmelden lukt niet</h1>
<p>${escapeHtml(out.error_description ?? out.error)}</p>
<p class="note">Foutcode: ${escapeHtml(out.error)}</p>`,
    );
  },
  ttl: {
    AccessToken: 60 * 60,
    AuthorizationCode: 60,
    IdToken: 60 * 60,
    Interaction: 30 * 60,
    Grant: sessionSeconds,
    Session: sessionSeconds,
  },
};

// OpenID Connect RP-Initiated Logout 1.0 §2 allows the OP to skip asking: oidc-provider always
// renders this page, so it submits its own "yes" at once (with a button when scripts are off).
async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  ctx.set(pageHeaders([autoSubmitHash]));
  const confirmed = form.replace(
    "</form>",
    `<input type="hidden" name="logout" value="yes"/><noscript><button type="submit">Afmelden</button></noscript></form>`,
  );
  ctx.body = page("Afmelden", `<h1>Afmelden…</h1>\n${confirmed}\n<script>${autoSubmit}</script>`);
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.set(pageHeaders());
  ctx.body = page("Afgemeld", "<h1>Je bent afgemeld</h1>\n<p>Je kunt dit venster sluiten.</p>");
}

const provider = new Provider(`http://localhost:${portArg}`, configuration);

// The connection belongs to the sign-in: remember it for the session when the code of a fresh
// login is issued (the authorization request's `connection` is in scope only then).
provider.on("authorization_code.saved", (code) => {
  const ctx = Provider.ctx;
  if (!ctx?.oidc.result?.login || !code.sessionUid) return;
  const requested = ctx.oidc.params?.connection;
  const connection = typeof requested === "string" && requested in connections ? requested : defaultConnection;
  void loginConnections.upsert(code.sessionUid, { accountId: code.accountId, extra: { connection } }, sessionSeconds);
});
provider.on("session.destroyed", (session) => void loginConnections.destroy(session.uid));
provider.on("server_error", (_ctx, error) => console.error(JSON.stringify({ event: "server_error", message: error.message, stack: error.stack })));

// ---------------------------------------------------------------- routes outside oidc-provider

const maxFormBytes = 16 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return new URLSearchParams();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxFormBytes) throw new errors.InvalidRequest("form too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body = ""): void {
  res.writeHead(status, headers);
  res.end(body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, pageHeaders(), html);
}

function sendProblem(res: ServerResponse, status: number, title: string, extra: Record<string, string> = {}): void {
  send(res, status, { "content-type": "application/problem+json", ...extra }, JSON.stringify({ type: "about:blank", title, status }));
}

async function handleInteraction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return sendHtml(res, 400, page("Aanmelden verlopen", "<h1>Aanmelden verlopen</h1>\n<p>Deze aanmeldpoging is verlopen of onbekend. Ga terug naar Leerspoor en begin opnieuw.</p>"));
  }
  if (details.uid !== uid) return sendHtml(res, 400, page("Aanmelden verlopen", "<h1>Aanmelden verlopen</h1>\n<p>Ga terug naar Leerspoor en begin opnieuw.</p>"));
  const connection = typeof details.params.connection === "string" ? details.params.connection : undefined;
  const loginHint = typeof details.params.login_hint === "string" ? details.params.login_hint : "";

  if (details.prompt.name === "consent") {
    // Not reached while loadExistingGrant grants everything, but a first-party client never asks.
    const grant = details.grantId
      ? (await provider.Grant.find(details.grantId))!
      : new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  if (req.method === "GET" && action === undefined) return sendHtml(res, 200, loginPage({ uid, connection, login: loginHint }));
  if (req.method !== "POST") return send(res, 405, { allow: action ? "POST" : "GET" });

  if (action === "/abort") {
    return provider.interactionFinished(req, res, { error: "access_denied", error_description: "aanmelden geannuleerd" }, { mergeWithLastSubmission: false });
  }
  const form = await readForm(req);
  const login = form.get("login")?.trim() ?? "";
  const account = await authenticate(login, form.get("password") ?? "");
  if (!account) {
    console.log(JSON.stringify({ event: "login_failed", connection }));
    return sendHtml(res, 401, loginPage({ uid, connection, login, error: "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet." }));
  }
  console.log(JSON.stringify({ event: "login", sub: account.sub, connection }));
  await provider.interactionFinished(req, res, { login: { accountId: account.sub, amr: ["pwd"] } }, { mergeWithLastSubmission: false });
}

function hasAdminToken(req: IncomingMessage): boolean {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
  if (!match) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(client.adminToken));
}

async function handleAdmin(req: IncomingMessage, res: ServerResponse, sub: string): Promise<void> {
  if (!hasAdminToken(req)) return sendProblem(res, 401, "A valid admin bearer token is required", { "www-authenticate": 'Bearer realm="local-idp-admin"' });
  if (req.method !== "DELETE") return send(res, 405, { allow: "DELETE" });
  const removed = updateAccounts(accountsPath!, (accounts) => {
    const remaining = accounts.filter((account) => account.sub !== sub);
    return { accounts: remaining, result: remaining.length !== accounts.length };
  });
  const found = await removed;
  // Sessions and grants go too, present account or not: nothing of an erased person stays.
  const forgotten = store.forgetAccount(sub);
  console.log(JSON.stringify({ event: "account_deleted", sub, found, forgotten }));
  if (!found) return sendProblem(res, 404, "No such account");
  send(res, 204, {});
}

const oidcCallback = provider.callback();

const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  const interaction = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/abort)?$/.exec(path);
  const admin = /^\/admin\/accounts\/([^/]+)$/.exec(path);
  const handled = interaction
    ? handleInteraction(req, res, interaction[1]!, interaction[2])
    : admin
      ? handleAdmin(req, res, decodeURIComponent(admin[1]!))
      : undefined;
  if (!handled) return void oidcCallback(req, res);
  handled.catch((error: Error) => {
    console.error(JSON.stringify({ event: "error", path, message: error.message, stack: error.stack }));
    if (!res.headersSent) sendHtml(res, 500, page("Fout", "<h1>Er ging iets mis</h1>\n<p>Probeer het opnieuw.</p>"));
    else res.end();
  });
});

await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(Number(portArg), "127.0.0.1", () => resolve());
});
const { port } = server.address() as AddressInfo;

async function stop(): Promise<void> {
  server.close();
  server.closeAllConnections();
  await store.close().catch((error) => console.error("oidc store snapshot failed", error));
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

console.log(JSON.stringify({ ready: true, port, issuer: `http://localhost:${port}` }));
