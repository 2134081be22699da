import { z } from "zod";

/*
 * Tool metadata after IEEE LOM (title, description, keywords, language, educational context,
 * rights), with the Flemish education vocabularies as closed code lists so that every field
 * can be a facet. The codes are stable API values; the portal translates them (nl, en, fr).
 * Browser-safe: zod only.
 */

/** Subjects (LOM classification): Flemish school subjects and learning areas. */
export const Subject = z.enum([
  "nederlands",
  "frans",
  "engels",
  "duits",
  "wiskunde",
  "wetenschappen",
  "techniek",
  "stem",
  "informatica",
  "computationeel-denken",
  "mediawijsheid",
  "wereldorientatie",
  "geschiedenis",
  "aardrijkskunde",
  "economie",
  "burgerschap",
  "muzische-vorming",
  "lichamelijke-opvoeding",
  "levensbeschouwing",
  "leren-leren",
  "beroepsvorming",
]);
export type Subject = z.infer<typeof Subject>;

/** Educational stage (LOM educational context): from kleuter to adult learners. */
export const Stage = z.enum([
  "kleuter",
  "lager-graad-1",
  "lager-graad-2",
  "lager-graad-3",
  "secundair-graad-1",
  "secundair-graad-2",
  "secundair-graad-3",
  "hoger",
  "volwassenen",
]);
export type Stage = z.infer<typeof Stage>;

/**
 * Onderwijsvorm: the form of Flemish secondary education (aso, tso, bso, kso), special
 * secondary education (buso) and the reception year for newcomers (okan).
 */
export const Onderwijsvorm = z.enum(["aso", "tso", "bso", "kso", "buso", "okan"]);
export type Onderwijsvorm = z.infer<typeof Onderwijsvorm>;

/** Studiedomeinen and clusters of technical and vocational education (tso/bso, duaal leren). */
export const Cluster = z.enum([
  "hout",
  "bouw",
  "elektronica",
  "elektriciteit",
  "mechanica",
  "auto",
  "koeling-warmte",
  "chemie",
  "voeding-horeca",
  "zorg-welzijn",
  "handel-economie",
  "ict",
  "grafische-communicatie",
  "kunst-creatie",
  "land-tuinbouw",
  "lichaamsverzorging",
  "logistiek",
  "maritiem",
  "mode",
  "sport",
]);
export type Cluster = z.infer<typeof Cluster>;

/** A language of the tool's content (ISO 639-1, lower case), e.g. `nl`, `fr`, `ar`, `uk`. */
export const LanguageCode = z.string().regex(/^[a-z]{2}$/, "an ISO 639-1 language code such as nl");

/** What the tool offers for accessibility (beyond the free-text notes). */
export const AccessibilityFeature = z.enum([
  "keyboard",
  "screen-reader",
  "captions",
  "text-to-speech",
  "dyslexia-friendly",
  "high-contrast",
  "simple-language",
  "adjustable-pace",
]);
export type AccessibilityFeature = z.infer<typeof AccessibilityFeature>;

/** Free, or licensed per school/class/teacher/pupil (the licence webhooks tell who holds one). */
export const Pricing = z.enum(["free", "licensed"]);
export type Pricing = z.infer<typeof Pricing>;

/** A text in Dutch (required: the portal's default language) and optionally English and French. */
export const localisedText = (max: number) =>
  z
    .object({
      nl: z.string().trim().min(1).max(max),
      en: z.string().trim().min(1).max(max).optional(),
      fr: z.string().trim().min(1).max(max).optional(),
    })
    .strict();

/** The id of an image uploaded with `POST /api/provider/tools/{toolId}/media`. */
export const MediaId = z.string().regex(/^[0-9a-f]{32}\.(png|jpg|webp)$/, "a media id returned by the media upload");

const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((list) => new Set(list).size === list.length, "lists each value once");

export const ToolMetadata = z
  .object({
    title: localisedText(120),
    description: localisedText(4000),
    /** Free words that search finds too (LOM keyword). */
    keywords: uniqueList(z.string().trim().min(1).max(60), 20).default([]),
    subjects: uniqueList(Subject, Subject.options.length).min(1),
    stages: uniqueList(Stage, Stage.options.length).min(1),
    onderwijsvormen: uniqueList(Onderwijsvorm, Onderwijsvorm.options.length).default([]),
    clusters: uniqueList(Cluster, Cluster.options.length).default([]),
    languages: uniqueList(LanguageCode, 30).min(1),
    accessibility: z
      .object({
        features: uniqueList(AccessibilityFeature, AccessibilityFeature.options.length).default([]),
        notes: localisedText(2000).optional(),
      })
      .strict()
      .default({ features: [] }),
    pricing: Pricing,
    logo: MediaId.optional(),
    screenshots: uniqueList(MediaId, 6).default([]),
  })
  .strict()
  .meta({ id: "ToolMetadata" });
export type ToolMetadata = z.infer<typeof ToolMetadata>;

/** The metadata fields that the catalogue offers as facets, each a list of codes of an entry. */
export const facetNames = ["subjects", "stages", "onderwijsvormen", "clusters", "languages", "accessibility", "pricing", "toolType"] as const;
export type FacetName = (typeof facetNames)[number];
