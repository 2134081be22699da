import { documentStore } from "../adapters/index.js";
import type { SchoolScope } from "../schools/index.js";
import { catalogueEntryOf, catalogueItemOf, type CatalogueEntry, type CatalogueItem } from "./catalogue-entry.js";
import { searchCatalogue, type CatalogueQuery, type SearchResult } from "./catalogue-search.js";
import { enabledToolIds, enablementsOf, readEnablement, schoolToolOf, type SchoolTool } from "./enablement.js";
import type { ToolDocument, ToolVersion } from "./tool.js";
import { readProviderTool } from "./tools.js";

const platform = () => documentStore().container("platform");
const byTitle = new Intl.Collator("nl", { sensitivity: "base", numeric: true });

/** Puts a tool's live version into the catalogue (on approval); idempotent. */
export async function publishCatalogueEntry(tool: Pick<ToolDocument, "id" | "providerId">, live: ToolVersion, providerName: string, now = new Date()): Promise<CatalogueEntry> {
  const entry = catalogueEntryOf(tool, live, providerName, now);
  await platform().upsert(entry);
  return entry;
}

export async function readCatalogueEntry(toolId: string): Promise<CatalogueEntry | undefined> {
  return platform().read<CatalogueEntry>(toolId, "catalogue-entry");
}

/**
 * Every live tool: one partition query. The catalogue holds hundreds of tools, not millions,
 * so search, facets and paging run in memory over this list (catalogue-search.ts).
 */
export async function catalogueEntries(): Promise<CatalogueEntry[]> {
  return platform().query<CatalogueEntry>({ query: "SELECT * FROM c WHERE c.kind = 'catalogue-entry'" }, { partitionKey: "catalogue-entry" });
}

/** Searches the catalogue for a school's teacher or admin; each item says whether the school enabled it. */
export async function browseCatalogue(scope: SchoolScope, query: CatalogueQuery): Promise<SearchResult<CatalogueItem>> {
  const [entries, enabled] = await Promise.all([catalogueEntries(), enabledToolIds(scope)]);
  const visible = query.enabledOnly ? entries.filter((entry) => enabled.has(entry.toolId)) : entries;
  const result = searchCatalogue(visible, query);
  return { ...result, items: result.items.map((entry) => catalogueItemOf(entry, enabled.has(entry.toolId))) };
}

export async function readCatalogueItem(scope: SchoolScope, toolId: string): Promise<CatalogueItem | undefined> {
  const [entry, settings] = await Promise.all([readCatalogueEntry(toolId), readEnablement(scope, toolId)]);
  return entry ? catalogueItemOf(entry, settings?.enabled ?? false) : undefined;
}

/** The tools a school has settings for (enabled or not); tools no longer in the catalogue are left out. */
export async function listSchoolTools(scope: SchoolScope): Promise<SchoolTool[]> {
  const enablements = await enablementsOf(scope);
  const tools = await Promise.all(
    enablements.map(async (enablement) => {
      const entry = await readCatalogueEntry(enablement.toolId);
      return entry ? schoolToolOf(entry, enablement) : undefined;
    }),
  );
  return tools.filter((tool): tool is SchoolTool => tool !== undefined).sort((a, b) => byTitle.compare(a.tool.metadata.title.nl, b.tool.metadata.title.nl));
}

/**
 * The live version of a tool with its registration, as the LTI launch needs it: two point
 * reads (the catalogue entry names the provider, whose partition holds the tool). Undefined
 * when the tool is not live.
 */
export async function liveToolFor(toolId: string): Promise<{ toolId: string; providerId: string; live: ToolVersion } | undefined> {
  const entry = await readCatalogueEntry(toolId);
  if (!entry) return undefined;
  const tool = await readProviderTool(entry.providerId, toolId);
  return tool?.live ? { toolId, providerId: entry.providerId, live: tool.live } : undefined;
}
