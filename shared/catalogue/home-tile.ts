import { z } from "zod";
import { localisedText } from "./metadata.js";
import { Presentation } from "./registration.js";

/* The tiles of the home page, as the API answers. Browser-safe (zod only). */

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
  /** Where a framed LTI tool's pages come from (the origins its storage messages may come from); empty for plain links. */
  toolOrigins: z.array(z.string()),
});
export type HomeTile = z.infer<typeof HomeTile>;

/** A class or group the caller is in (a pupil) or teaches: a tile can launch the tool there. */
export const HomeGroup = z.object({ groupId: z.string(), name: z.string(), groupType: z.enum(["class", "group"]) });
export type HomeGroup = z.infer<typeof HomeGroup>;

/**
 * Young pupils get big tiles with few words. `groups`: the caller's active classes and groups,
 * classes first; a launch without a group is for the first one.
 */
export const HomeTiles = z.object({ size: z.enum(["big", "regular"]), tiles: z.array(HomeTile), groups: z.array(HomeGroup) });
export type HomeTiles = z.infer<typeof HomeTiles>;
