import type { Role } from "../identity/index.js";
import { activeGroupsOf, type SchoolScope } from "../schools/index.js";
import { readCatalogueEntry } from "./catalogue.js";
import { mediaUrl, type CatalogueEntry } from "./catalogue-entry.js";
import { enabledToolIds } from "./enablement.js";
import { launchPathOf, type HomeTile, type HomeTiles } from "./home-tile.js";

export { HomeGroup, HomeTile, HomeTiles, launchPathOf } from "./home-tile.js";

const tileOf = (entry: CatalogueEntry): HomeTile => ({
  toolId: entry.toolId,
  title: entry.metadata.title,
  logoUrl: entry.metadata.logo ? mediaUrl(entry.providerId, entry.metadata.logo) : null,
  toolType: entry.toolType,
  href: entry.toolType === "link" ? entry.linkUrl! : launchPathOf(entry.toolId),
  opensIn: entry.presentation,
  toolOrigins: entry.toolOrigins ?? [],
});

const byTitle = new Intl.Collator("nl", { sensitivity: "base", numeric: true });

/** The tools the caller's school enabled, as home tiles (tools no longer live are left out), and the caller's groups. */
export async function homeTilesFor(scope: SchoolScope, caller: { personId: string; roles: readonly Role[] }): Promise<HomeTiles> {
  const [toolIds, memberships] = await Promise.all([enabledToolIds(scope), activeGroupsOf(scope, caller.personId)]);
  const entries = await Promise.all([...toolIds].map((toolId) => readCatalogueEntry(toolId)));
  const tiles = entries
    .filter((entry): entry is CatalogueEntry => entry !== undefined)
    .map(tileOf)
    .sort((a, b) => byTitle.compare(a.title.nl, b.title.nl));
  const groups = memberships.map(({ group }) => ({ groupId: group.id, name: group.name, groupType: group.groupType }));
  return { size: caller.roles.includes("pupil") ? "big" : "regular", tiles, groups };
}
