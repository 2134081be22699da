import { readFileSync } from "node:fs";
import type { TestCaller } from "../support/sessions.js";

/** The portal under test: set by the jest global setup (which starts the local stack) or by hand against a running one. */
export const baseURL: string = (() => {
  const url = process.env.LEERSPOOR_TEST_BASE_URL;
  if (!url) throw new Error("LEERSPOOR_TEST_BASE_URL is not set: run through the jest global setup or point it at a running stack");
  return url;
})();

export type Locale = "nl" | "en" | "fr";
export const locales: Locale[] = ["nl", "en", "fr"];
export type Messages = typeof import("../../static-web/src/locales/nl.json");

/** The portal's own translations, so tests look for what a user of each language sees. */
export const messages = Object.fromEntries(
  locales.map((locale) => [
    locale,
    JSON.parse(readFileSync(new URL(`../../static-web/src/locales/${locale}.json`, import.meta.url), "utf8")) as Messages,
  ]),
) as Record<Locale, Messages>;

/** The session id in a test caller's cookie, to put on a browser context. */
export const sessionIdOf = (caller: TestCaller): string => /leerspoor_session=([^;]+)/.exec(caller.headers().cookie ?? "")![1]!;
