import "./zod.js";

// After zod.js: see there. The schemas are the API's own (browser-safe files of shared/catalogue).
import { CatalogueItem, CataloguePage } from "../../../shared/catalogue/catalogue-entry.js";
import type { FacetCount } from "../../../shared/catalogue/catalogue-search.js";
import { HomeTiles, type HomeTile } from "../../../shared/catalogue/home-tile.js";
import { facetNames, type FacetName } from "../../../shared/catalogue/metadata.js";
import { SchoolTool, type DataSharing, type SchoolToolSettings } from "../../../shared/catalogue/school-tool.js";
import { getJson, send, type CallOptions } from "./client.js";

export { facetNames };
export type { CatalogueItem, CataloguePage, DataSharing, FacetCount, FacetName, HomeTile, HomeTiles, SchoolTool, SchoolToolSettings };

/** What the catalogue page asks for: search words, the chosen values of each facet, the page. */
export interface CatalogueSearch {
  q: string;
  selected: Partial<Record<FacetName, string[]>>;
  /** Only the tools that the caller's school enabled. */
  enabledOnly: boolean;
  page: number;
  pageSize: number;
}

/** The query string of GET /api/catalogue (the API's CatalogueQuery: comma-separated codes per facet). */
export function catalogueQueryOf(search: CatalogueSearch): URLSearchParams {
  const query = new URLSearchParams();
  if (search.q.trim()) query.set("q", search.q.trim());
  for (const name of facetNames) {
    const values = search.selected[name];
    if (values?.length) query.set(name, values.join(","));
  }
  if (search.enabledOnly) query.set("enabledOnly", "true");
  if (search.page > 1) query.set("page", String(search.page));
  query.set("pageSize", String(search.pageSize));
  return query;
}

export const searchCatalogue = (search: CatalogueSearch, options?: CallOptions): Promise<CataloguePage> =>
  getJson(`/api/catalogue?${catalogueQueryOf(search).toString()}`, CataloguePage, options);

export const readCatalogueTool = (toolId: string, options?: CallOptions): Promise<CatalogueItem> =>
  getJson(`/api/catalogue/${encodeURIComponent(toolId)}`, CatalogueItem, options);

/** The school's settings for a live tool (the defaults, disabled and sharing nothing, before the first change). */
export const readSchoolTool = (toolId: string, options?: CallOptions): Promise<SchoolTool> =>
  getJson(`/api/school/tools/${encodeURIComponent(toolId)}`, SchoolTool, options);

export const saveSchoolTool = (toolId: string, settings: SchoolToolSettings): Promise<SchoolTool> =>
  send("PUT", `/api/school/tools/${encodeURIComponent(toolId)}`, settings, SchoolTool);

export const homeTiles = (options?: CallOptions): Promise<HomeTiles> => getJson("/api/home/tiles", HomeTiles, options);
