/**
 * `npm run sign-in -- <login>`: signs in to the running portal as a demo account through the
 * local provider's login form, without a browser, and prints GET /api/me.
 * The password comes from `.data/demo.json` (or LEERSPOOR_PASSWORD).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadLocalStackSettings } from "../shared/config/index.js";
import { CookieJar, fetchWithJar, signInThroughForm } from "./local-stack/form-sign-in.js";

export async function signInAs(portalUrl: string, login: string, password: string): Promise<{ jar: CookieJar; me: unknown }> {
  const jar = new CookieJar();
  const start = await fetchWithJar(new URL("/api/auth/login", portalUrl), jar);
  const authorizeUrl = start.headers.get("location");
  if (start.status !== 302 || !authorizeUrl) throw new Error(`/api/auth/login answered ${start.status}`);
  const callback = await signInThroughForm(authorizeUrl, login, password, jar);
  const landed = await fetchWithJar(callback, jar);
  if (landed.status !== 302) throw new Error(`the callback answered ${landed.status}: ${await landed.text()}`);
  const me = await fetchWithJar(new URL("/api/me", portalUrl), jar);
  if (me.status !== 200) throw new Error(`/api/me answered ${me.status} after ${landed.headers.get("location")}`);
  return { jar, me: await me.json() };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const login = process.argv[2] ?? "teacher";
  const local = loadLocalStackSettings();
  const demo = JSON.parse(await readFile(join(local.LOCAL_DATA_DIR, "demo.json"), "utf8")) as { accounts: { login: string; password: string | null }[] };
  const password = process.env.LEERSPOOR_PASSWORD ?? demo.accounts.find((a) => a.login === login)?.password;
  if (!password) {
    console.error(`No password for ${login} in ${local.LOCAL_DATA_DIR}/demo.json; logins: ${demo.accounts.filter((a) => a.password).map((a) => a.login).join(", ")}`);
    process.exit(1);
  }
  const { me } = await signInAs(`http://localhost:${local.LOCAL_PORT}`, login, password);
  const { csrfToken: _secret, ...shown } = me as Record<string, unknown>;
  console.log(JSON.stringify(shown, null, 2));
}
