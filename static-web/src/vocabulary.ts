import { useI18n } from "vue-i18n";
import {
  AccessibilityFeature,
  Cluster,
  Onderwijsvorm,
  Pricing,
  Stage,
  Subject,
  type FacetName,
} from "../../shared/catalogue/metadata.js";
import { LtiService, Presentation } from "../../shared/catalogue/registration.js";
import { ToolStatus } from "../../shared/catalogue/tool.js";

/*
 * The catalogue's code lists (the API's own enums) and their translations: every code has a
 * message under `vocab.<list>.<code>` in nl, en and fr (tests/unit/portal-vocabulary.test.ts
 * checks it). Languages are ISO 639-1 codes: the common ones are translated, others named by
 * the browser.
 */
export const vocabularies = {
  subjects: Subject.options,
  stages: Stage.options,
  onderwijsvormen: Onderwijsvorm.options,
  clusters: Cluster.options,
  accessibility: AccessibilityFeature.options,
  pricing: Pricing.options,
  toolType: ["lti", "link"],
  services: LtiService.options,
  presentation: Presentation.options,
  status: ToolStatus.options,
} as const;
export type Vocabulary = keyof typeof vocabularies;

/** The languages a provider ticks; any other ISO 639-1 code can be typed. */
export const commonLanguages = ["nl", "fr", "en", "de", "es", "it", "pl", "ro", "tr", "ar", "uk", "ru"] as const;

/** A text in Dutch and perhaps English and French (LOM metadata), as the API holds it. */
export interface LocalisedText {
  nl: string;
  en?: string | undefined;
  fr?: string | undefined;
}

export function useVocabulary() {
  const { t, te, locale } = useI18n();

  /** The label of a code of one of the lists (a facet's value, a status, a service). */
  function label(list: Vocabulary | FacetName, code: string): string {
    if (list === "languages") return languageName(code);
    const key = `vocab.${list}.${code}`;
    return te(key) ? t(key) : code;
  }

  function languageName(code: string): string {
    const key = `vocab.languages.${code}`;
    if (te(key)) return t(key);
    try {
      return new Intl.DisplayNames([locale.value], { type: "language" }).of(code) ?? code;
    } catch {
      return code;
    }
  }

  /** The text in the reader's language, or in Dutch, which every text has. */
  const localised = (text: LocalisedText): string => text[locale.value as keyof LocalisedText] ?? text.nl;

  /** The language a localised text is shown in, for `lang` on its element (screen readers pronounce it right). */
  const languageOf = (text: LocalisedText): string => (text[locale.value as keyof LocalisedText] ? locale.value : "nl");

  const formatDate = (iso: string): string => new Intl.DateTimeFormat(locale.value, { dateStyle: "long" }).format(new Date(iso));
  /** A calendar day (`2026-03-01`), the same day wherever the reader is. */
  const formatDay = (day: string): string => new Intl.DateTimeFormat(locale.value, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
  const formatDateTime = (iso: string): string =>
    new Intl.DateTimeFormat(locale.value, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

  return { label, languageName, localised, languageOf, formatDate, formatDay, formatDateTime };
}
