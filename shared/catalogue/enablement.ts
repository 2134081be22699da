import { AlreadyExists, documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import type { SchoolScope } from "../schools/index.js";
import { catalogueItemOf, type CatalogueEntry } from "./catalogue-entry.js";
import { assertIfMatch, changedInBetween, etagHeader } from "./etags.js";
import { defaultDataSharing, type DataSharing, type SchoolTool, type SchoolToolSettings, type ToolEnablement } from "./school-tool.js";

export { DataSharing, DataSharingSwitches, defaultDataSharing, SchoolTool, SchoolToolSettings, ToolEnablement } from "./school-tool.js";

/*
 * Which tools a school uses, and which personal data each may receive at launch. Kept in
 * `school-data` (type "tool-enablement", one document per school and tool, id derived from
 * the tool), so the LTI launch finds it with one point read.
 */

const schoolData = () => documentStore().container("school-data");
const enablementId = (toolId: string): string => `tool-enablement-${toolId}`;

export async function readEnablement(scope: SchoolScope, toolId: string): Promise<Stored<ToolEnablement> | undefined> {
  const found = await schoolData().read<ToolEnablement>(enablementId(toolId), scope.schoolId);
  return found?.type === "tool-enablement" ? found : undefined;
}

export async function enablementsOf(scope: SchoolScope): Promise<Stored<ToolEnablement>[]> {
  return schoolData().query<Stored<ToolEnablement>>({ query: "SELECT * FROM c WHERE c.type = 'tool-enablement'" }, { partitionKey: scope.schoolId });
}

export async function enabledToolIds(scope: SchoolScope): Promise<Set<string>> {
  return new Set((await enablementsOf(scope)).filter((e) => e.enabled).map((e) => e.toolId));
}

export function schoolToolOf(entry: CatalogueEntry, enablement: Stored<ToolEnablement> | undefined): SchoolTool {
  const enabled = enablement?.enabled ?? false;
  return {
    toolId: entry.toolId,
    enabled,
    dataSharing: enablement?.dataSharing ?? defaultDataSharing,
    licenceRequired: entry.metadata.pricing === "licensed",
    updatedAt: enablement?.updatedAt ?? null,
    updatedBy: enablement?.updatedBy ?? null,
    etag: enablement ? etagHeader(enablement._etag) : null,
    tool: catalogueItemOf(entry, enabled),
  };
}

/**
 * The settings of a school for a tool, as the LTI launch needs them. A point read, cached in
 * this process for 30 s; a change made in this process is seen at once, one made in another
 * instance within 30 s.
 */
export const toolSettingsCacheMs = 30_000;
const settingsCache = new Map<string, { settings: { enabled: boolean; dataSharing: DataSharing }; until: number }>();

export async function toolSettingsFor(schoolId: string, toolId: string, now = Date.now()): Promise<{ enabled: boolean; dataSharing: DataSharing }> {
  const cacheKey = `${schoolId}/${toolId}`;
  const cached = settingsCache.get(cacheKey);
  if (cached && cached.until > now) return cached.settings;
  const enablement = await readEnablement({ schoolId }, toolId);
  const settings = { enabled: enablement?.enabled ?? false, dataSharing: enablement?.dataSharing ?? defaultDataSharing };
  if (settingsCache.size >= 10_000) settingsCache.delete(settingsCache.keys().next().value!);
  settingsCache.set(cacheKey, { settings, until: now + toolSettingsCacheMs });
  return settings;
}

/** Enables or disables a live tool for the school and sets its data sharing, with optimistic concurrency. */
export async function setToolSettings(
  scope: SchoolScope,
  entry: CatalogueEntry,
  input: SchoolToolSettings,
  updatedBy: string,
  ifMatch: string | undefined,
  now = new Date(),
): Promise<SchoolTool> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await readEnablement(scope, entry.toolId);
    if (current) assertIfMatch(ifMatch, current._etag);
    else if (ifMatch !== undefined && ifMatch.trim() !== "*") throw changedInBetween();
    const next: ToolEnablement = {
      id: enablementId(entry.toolId),
      schoolId: scope.schoolId,
      type: "tool-enablement",
      toolId: entry.toolId,
      enabled: input.enabled,
      dataSharing: input.dataSharing ?? current?.dataSharing ?? defaultDataSharing,
      updatedAt: now.toISOString(),
      updatedBy,
    };
    try {
      const stored = current ? await schoolData().replace(next, current._etag) : await schoolData().create(next);
      settingsCache.delete(`${scope.schoolId}/${entry.toolId}`);
      return schoolToolOf(entry, stored);
    } catch (error) {
      const conflict = error instanceof PreconditionFailed || error instanceof AlreadyExists;
      if (!conflict) throw error;
      if (ifMatch !== undefined) throw changedInBetween();
    }
  }
  throw changedInBetween();
}
