import { z } from "zod";

/* GET school/groups/{groupId}/deep-link-outcome, as the API answers. Browser-safe (zod only): the portal parses it with this schema. */

/** What a teacher is told on the class page after picking content in a tool (deep linking). */
export const DeepLinkOutcomeView = z.object({
  /** How many activities were added. */
  added: z.number().int().min(0),
  /** The tool's `msg`. */
  message: z.string().optional(),
  /** The tool's `errormsg`. */
  errorMessage: z.string().optional(),
});
export type DeepLinkOutcomeView = z.infer<typeof DeepLinkOutcomeView>;
