import { createI18n } from "vue-i18n";
import type { NavigationGuard } from "vue-router";
import nl from "./locales/nl.json";
import en from "./locales/en.json";
import fr from "./locales/fr.json";

/** nl is the default for everyone: Leerspoor is a Flemish portal, whatever the browser prefers. */
export const supportedLocales = ["nl", "en", "fr"] as const;
export type SupportedLocale = (typeof supportedLocales)[number];
export const defaultLocale: SupportedLocale = "nl";

/** nl.json is the reference: en and fr must have exactly its keys (checked by the type below). */
export type MessageSchema = typeof nl;
export type MessageKey = LeafKeys<MessageSchema>;
type LeafKeys<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafKeys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

const storageKey = "leerspoor.locale";

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === "string" && (supportedLocales as readonly string[]).includes(value);
}

export const i18n = createI18n<[MessageSchema], SupportedLocale, false>({
  legacy: false,
  locale: defaultLocale,
  fallbackLocale: defaultLocale,
  messages: { nl, en, fr },
});

/** The remembered choice, or nl on a first visit. */
export function rememberedLocale(): SupportedLocale {
  const stored = readStorage();
  return isSupportedLocale(stored) ? stored : defaultLocale;
}

/** Switches every text at once and tells assistive technology the page language. */
export function showLocale(locale: SupportedLocale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}

/** A language the user picked: shown at once and remembered for the next visit. */
export function chooseLocale(locale: SupportedLocale): void {
  showLocale(locale);
  writeStorage(locale);
}

/**
 * `?lang=en` in any link picks (and remembers) a language; the parameter is then dropped from
 * the address so that a later switch in the header is not undone by a reload.
 */
export const languageFromQuery: NavigationGuard = (to) => {
  if (!("lang" in to.query)) return true;
  const { lang, ...query } = to.query;
  if (isSupportedLocale(lang)) chooseLocale(lang);
  return { path: to.path, hash: to.hash, query, replace: true };
};

// Storage can be unavailable (disabled cookies, some private modes); the portal then simply
// forgets the choice instead of failing.
function readStorage(): string | null {
  try {
    return window.localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

function writeStorage(locale: SupportedLocale): void {
  try {
    window.localStorage.setItem(storageKey, locale);
  } catch {
    // see readStorage
  }
}
