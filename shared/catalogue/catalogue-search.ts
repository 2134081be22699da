import { z } from "zod";
import {
  AccessibilityFeature,
  Cluster,
  facetNames,
  LanguageCode,
  Onderwijsvorm,
  Pricing,
  Stage,
  Subject,
  type FacetName,
  type ToolMetadata,
} from "./metadata.js";

/*
 * Search and facets of the catalogue, as pure functions over catalogue entries. Browser-safe.
 */

/**
 * Text as search compares it: decomposed (NFKD) without its combining marks, so that
 * "créatie", "Creatie" and "CREATIE" are one word; lower case; every run of other characters
 * than letters and digits one space.
 */
export function normaliseSearchText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLocaleLowerCase("nl")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The normalised text an entry is found by: titles, descriptions and keywords in every language, and the provider's name. */
export function searchTextOf(metadata: Pick<ToolMetadata, "title" | "description" | "keywords">, providerName: string): string {
  const texts = [
    ...Object.values(metadata.title),
    ...metadata.keywords,
    providerName,
    ...Object.values(metadata.description),
  ];
  return normaliseSearchText(texts.filter((text): text is string => typeof text === "string").join(" "));
}

/** True when every word of the query occurs in the text (as a word or part of one: "reken" finds "rekenen"). */
export function matchesSearch(searchText: string, query: string): boolean {
  const words = normaliseSearchText(query).split(" ").filter(Boolean);
  const padded = ` ${searchText} `;
  return words.every((word) => padded.includes(word));
}

/** What the facets and search read of an entry. */
export interface Searchable {
  toolId: string;
  toolType: "lti" | "link";
  searchText: string;
  metadata: Pick<ToolMetadata, "title" | "subjects" | "stages" | "onderwijsvormen" | "clusters" | "languages" | "accessibility" | "pricing">;
}

export function facetValuesOf(entry: Searchable): Record<FacetName, string[]> {
  return {
    subjects: entry.metadata.subjects,
    stages: entry.metadata.stages,
    onderwijsvormen: entry.metadata.onderwijsvormen,
    clusters: entry.metadata.clusters,
    languages: entry.metadata.languages,
    accessibility: entry.metadata.accessibility.features,
    pricing: [entry.metadata.pricing],
    toolType: [entry.toolType],
  };
}

/** A comma-separated list of codes in the query string: `clusters=hout,bouw`. */
const codes = <T extends z.ZodType<string, string>>(code: T) =>
  z
    .string()
    .max(1000)
    .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(code));

export const CatalogueQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    subjects: codes(Subject).optional(),
    stages: codes(Stage).optional(),
    onderwijsvormen: codes(Onderwijsvorm).optional(),
    clusters: codes(Cluster).optional(),
    languages: codes(LanguageCode).optional(),
    accessibility: codes(AccessibilityFeature).optional(),
    pricing: codes(Pricing).optional(),
    toolType: codes(z.enum(["lti", "link"])).optional(),
    /** Only the tools that the caller's school enabled. */
    enabledOnly: z
      .enum(["true", "false"])
      .transform((value) => value === "true")
      .optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(24),
  })
  .strict();
export type CatalogueQuery = z.infer<typeof CatalogueQuery>;

export const FacetCount = z.object({ value: z.string(), count: z.number().int(), selected: z.boolean() });
export type FacetCount = z.infer<typeof FacetCount>;
export type Facets = Record<FacetName, FacetCount[]>;

export interface SearchResult<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  facets: Facets;
}

type Filters = Partial<Record<FacetName, string[]>>;
const filtersOf = (query: CatalogueQuery): Filters =>
  Object.fromEntries(facetNames.filter((name) => query[name]?.length).map((name) => [name, query[name]!]));

/** Within a facet the selected values are alternatives (OR); across facets all must hold (AND). */
const passes = (values: Record<FacetName, string[]>, filters: Filters, except?: FacetName): boolean =>
  Object.entries(filters).every(([name, selected]) => name === except || selected!.some((value) => values[name as FacetName].includes(value)));

/**
 * Counts per facet value among the entries that match the search and every other facet's
 * selection (disjunctive faceting): choosing "hout" still shows how many tools "bouw" would add.
 * Values are sorted by count, then by code; selected values are always listed.
 */
export function countFacets(entries: readonly Searchable[], filters: Filters): Facets {
  const valuesOf = new Map(entries.map((entry) => [entry, facetValuesOf(entry)]));
  const facets = {} as Facets;
  for (const name of facetNames) {
    const counts = new Map<string, number>((filters[name] ?? []).map((value) => [value, 0]));
    for (const entry of entries) {
      const values = valuesOf.get(entry)!;
      if (!passes(values, filters, name)) continue;
      for (const value of new Set(values[name])) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    facets[name] = [...counts]
      .map(([value, count]) => ({ value, count, selected: (filters[name] ?? []).includes(value) }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return facets;
}

const byTitle = new Intl.Collator("nl", { sensitivity: "base", numeric: true });

/**
 * Filters, counts and pages the catalogue. With a query, tools whose title matches come first;
 * otherwise, and within each group, tools are ordered by their Dutch title.
 */
export function searchCatalogue<T extends Searchable>(entries: readonly T[], query: CatalogueQuery): SearchResult<T> {
  const found = query.q ? entries.filter((entry) => matchesSearch(entry.searchText, query.q!)) : [...entries];
  const filters = filtersOf(query);
  const facets = countFacets(found, filters);
  const titleHit = (entry: T) => (query.q && matchesSearch(normaliseSearchText(Object.values(entry.metadata.title).join(" ")), query.q) ? 0 : 1);
  const matching = found
    .filter((entry) => passes(facetValuesOf(entry), filters))
    .sort((a, b) => titleHit(a) - titleHit(b) || byTitle.compare(a.metadata.title.nl, b.metadata.title.nl) || a.toolId.localeCompare(b.toolId));
  const start = (query.page - 1) * query.pageSize;
  return { items: matching.slice(start, start + query.pageSize), total: matching.length, page: query.page, pageSize: query.pageSize, facets };
}
