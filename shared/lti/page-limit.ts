import { z } from "zod";

/** The most items one page of AGS or NRPS holds. */
export const maxPageSize = 1000;

/**
 * The `limit` a tool asks for. AGS 2.0 and NRPS 2.0 let a platform answer fewer items than
 * asked (with a `next` link), so a larger limit is served as `maxPageSize` rather than refused.
 */
export const PageLimit = z.coerce.number().int().min(1).transform((limit) => Math.min(limit, maxPageSize));
