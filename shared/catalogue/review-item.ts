import { z } from "zod";
import { Intentieverklaring } from "./provider.js";
import { ReviewDecision, ToolVersion } from "./tool.js";
import { FieldChange } from "./version-diff.js";

/* What an operator reviews and decides, as the API answers and takes it. Browser-safe (zod only). */

/** A version waiting for review, with what the reviewer needs to judge it. */
export const ReviewItem = z.object({
  toolId: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  /** Null while the provider has not recorded that it signed. */
  intentieverklaring: Intentieverklaring.nullable(),
  kind: z.enum(["new", "change"]),
  pending: ToolVersion,
  live: ToolVersion.nullable(),
  /** The fields of the pending version that differ from the live one (all fields for a new tool). */
  changes: z.array(FieldChange),
  waitingSince: z.string(),
  reviews: z.array(ReviewDecision),
  etag: z.string(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const Approval = z
  .object({
    /** The version the reviewer looked at; a newer submission in between is not approved unseen. */
    version: z.number().int().min(1),
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();
export const Rejection = z.object({ version: z.number().int().min(1), reason: z.string().trim().min(1).max(2000) }).strict();
