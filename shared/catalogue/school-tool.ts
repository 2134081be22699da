import { z } from "zod";
import { CatalogueItem } from "./catalogue-entry.js";

/*
 * Which tools a school uses, and which personal data each may receive at launch: the shapes,
 * as stored and as the API answers. Browser-safe (zod only): the portal parses the API's
 * answers with these same schemas.
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
