import { z } from "zod";
import type { Role } from "../identity/index.js";
import type { SchoolScope } from "../schools/index.js";
import { readCatalogueEntry } from "./catalogue.js";
import { mediaUrl, type CatalogueEntry } from "./catalogue-entry.js";
import { enabledToolIds } from "./enablement.js";
import { localisedText } from "./metadata.js";
import { Presentation } from "./registration.js";

/** Where the portal starts an LTI launch of a tool (implemented by the LTI context). */
export const launchPathOf = (toolId: string): string => `/api/lti/launch/${toolId}`;

/** One tile of the home page: a plain link opens `href` directly; an LTI tool opens its launch path. */
export const HomeTile = z.object({
  toolId: z.string(),
  title: localisedText(120),
  logoUrl: z.string().nullable(),
  toolType: z.enum(["lti", "link"]),
  href: z.string(),
  opensIn: Presentation,
});
export type HomeTile = z.infer<typeof HomeTile>;

/** Young pupils get big tiles with few words. */
export const HomeTiles = z.object({ size: z.enum(["big", "regular"]), tiles: z.array(HomeTile) });
export type HomeTiles = z.infer<typeof HomeTiles>;

const tileOf = (entry: CatalogueEntry): HomeTile => ({
  toolId: entry.toolId,
  title: entry.metadata.title,
  logoUrl: entry.metadata.logo ? mediaUrl(entry.providerId, entry.metadata.logo) : null,
  toolType: entry.toolType,
  href: entry.toolType === "link" ? entry.linkUrl! : launchPathOf(entry.toolId),
  opensIn: entry.presentation,
});

const byTitle = new Intl.Collator("nl", { sensitivity: "base", numeric: true });

/** The tools the caller's school enabled, as home tiles; tools no longer live are left out. */
export async function homeTilesFor(scope: SchoolScope, roles: readonly Role[]): Promise<HomeTiles> {
  const toolIds = [...(await enabledToolIds(scope))];
  const entries = await Promise.all(toolIds.map((toolId) => readCatalogueEntry(toolId)));
  const tiles = entries
    .filter((entry): entry is CatalogueEntry => entry !== undefined)
    .map(tileOf)
    .sort((a, b) => byTitle.compare(a.title.nl, b.title.nl));
  return { size: roles.includes("pupil") ? "big" : "regular", tiles };
}
