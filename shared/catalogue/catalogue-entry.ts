import { z } from "zod";
import { FacetCount, searchTextOf } from "./catalogue-search.js";
import { facetNames, ToolMetadata } from "./metadata.js";
import { Presentation, type LtiRegistration } from "./registration.js";
import type { ToolVersion } from "./tool.js";

/**
 * The live version of a tool as schools see it, kept in the platform container (partition
 * "catalogue-entry") and rewritten on every approval, so that browsing the catalogue is one
 * partition query. `searchText` is the normalised text that search compares with.
 */
export const CatalogueEntry = z.object({
  id: z.string(),
  kind: z.literal("catalogue-entry"),
  toolId: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  version: z.number().int(),
  toolType: z.enum(["lti", "link"]),
  metadata: ToolMetadata,
  presentation: Presentation,
  /** A plain link's URL; LTI tools are opened through the launch. */
  linkUrl: z.string().optional(),
  /** An LTI tool's origins (login, redirect and target URLs): the portal's tool page answers storage messages from these only. */
  toolOrigins: z.array(z.string()).optional(),
  searchText: z.string(),
  approvedAt: z.string(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

export function catalogueEntryOf(tool: { id: string; providerId: string }, live: ToolVersion, providerName: string, approvedAt: Date): CatalogueEntry {
  return {
    id: tool.id,
    kind: "catalogue-entry",
    toolId: tool.id,
    providerId: tool.providerId,
    providerName,
    version: live.version,
    toolType: live.registration.type,
    metadata: live.metadata,
    presentation: live.registration.presentation,
    ...(live.registration.type === "link" ? { linkUrl: live.registration.url } : { toolOrigins: ltiOriginsOf(live.registration) }),
    searchText: searchTextOf(live.metadata, providerName),
    approvedAt: approvedAt.toISOString(),
  };
}

function ltiOriginsOf(registration: Pick<LtiRegistration, "loginInitiationUrl" | "redirectUris" | "targetLinkUri">): string[] {
  const urls = [registration.loginInitiationUrl, registration.targetLinkUri, ...registration.redirectUris];
  return [...new Set(urls.map((url) => new URL(url).origin))];
}

/** The path of an uploaded image, for `<img src>`. */
export const mediaUrl = (providerId: string, mediaId: string): string => `/api/tool-media/${providerId}/${mediaId}`;

/** What the school's settings say about a tool, next to it in the catalogue. */
export const SchoolToolState = z.object({
  enabled: z.boolean(),
  /** A licensed tool needs a licence of the school, class, teacher or pupil before it opens. */
  licenceRequired: z.boolean(),
});

/** A tool in the catalogue, as teachers and school admins browse it. */
export const CatalogueItem = z.object({
  toolId: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  version: z.number().int(),
  toolType: z.enum(["lti", "link"]),
  metadata: ToolMetadata,
  presentation: Presentation,
  linkUrl: z.string().nullable(),
  logoUrl: z.string().nullable(),
  screenshotUrls: z.array(z.string()),
  approvedAt: z.string(),
  school: SchoolToolState,
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;

/** GET /api/catalogue: one page of the matching tools, and the counts of every facet's values. */
export const CataloguePage = z.object({
  items: z.array(CatalogueItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  facets: z.record(z.enum(facetNames), z.array(FacetCount)),
});
export type CataloguePage = z.infer<typeof CataloguePage>;

export function catalogueItemOf(entry: CatalogueEntry, enabled: boolean): CatalogueItem {
  return {
    toolId: entry.toolId,
    providerId: entry.providerId,
    providerName: entry.providerName,
    version: entry.version,
    toolType: entry.toolType,
    metadata: entry.metadata,
    presentation: entry.presentation,
    linkUrl: entry.linkUrl ?? null,
    logoUrl: entry.metadata.logo ? mediaUrl(entry.providerId, entry.metadata.logo) : null,
    screenshotUrls: entry.metadata.screenshots.map((mediaId) => mediaUrl(entry.providerId, mediaId)),
    approvedAt: entry.approvedAt,
    school: { enabled, licenceRequired: entry.metadata.pricing === "licensed" },
  };
}
