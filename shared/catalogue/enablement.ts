import { z } from "zod";
import { AlreadyExists, documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import type { SchoolScope } from "../schools/index.js";
import { catalogueItemOf, CatalogueItem, type CatalogueEntry } from "./catalogue-entry.js";
import { assertIfMatch, changedInBetween, etagHeader } from "./etags.js";

/*
 * Which tools a school uses, and which personal data each may receive at launch. Kept in
 * `school-data` (type "tool-enablement", one document per school and tool, id derived from
 * the tool), so the LTI launch finds it with one point read.
 */

/** What a tool may receive about a person at launch (LTI name, email and picture claims). Off means the claim is left out. */
export const DataSharingSwitches = z.object({ name: z.boolean(), email: z.boolean(), picture: z.boolean() }).strict();
export type DataSharingSwitches = z.infer<typeof DataSharingSwitches>;

/** Per group of people: pupils, and staff (teachers and school admins). */
export const DataSharing = z.object({ pupils: DataSharingSwitches, staff: DataSharingSwitches }).strict();
export type DataSharing = z.infer<typeof DataSharing>;

/** Privacy by default (GDPR Art. 25): nothing until the school admin switches it on. */
export const defaultDataSharing: DataSharing = {
  pupils: { name: false, email: false, picture: false },
  staff: { name: false, email: false, picture: false },
};

export const ToolEnablement = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("tool-enablement"),
  toolId: z.string(),
  enabled: z.boolean(),
  dataSharing: DataSharing,
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ToolEnablement = z.infer<typeof ToolEnablement>;

/** What a school admin sets; without `dataSharing` the current switches (or the defaults) stay. */
export const SchoolToolSettings = z.object({ enabled: z.boolean(), dataSharing: DataSharing.optional() }).strict();
export type SchoolToolSettings = z.infer<typeof SchoolToolSettings>;

/** A tool as the school's settings show it. */
export const SchoolTool = z.object({
  toolId: z.string(),
  enabled: z.boolean(),
  dataSharing: DataSharing,
  licenceRequired: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** Send it back in If-Match when changing the settings; null before the first change. */
  etag: z.string().nullable(),
  tool: CatalogueItem,
});
export type SchoolTool = z.infer<typeof SchoolTool>;

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
