import { z } from "zod";

/* GET school/groups/{groupId}/scores, as the API answers. Browser-safe (zod only): the portal parses it with this schema. */

export const GroupScore = z.object({
  personId: z.string(),
  /** From the school's own people; null when the person is no longer there. */
  name: z.string().nullable(),
  scoreGiven: z.number().optional(),
  scoreMaximum: z.number().optional(),
  activityProgress: z.string(),
  gradingProgress: z.string(),
  timestamp: z.string(),
  comment: z.string().optional(),
});
export type GroupScore = z.infer<typeof GroupScore>;

/** Per line item (of any tool), each pupil's latest score. */
export const GroupScores = z.object({
  lineItems: z.array(
    z.object({
      lineItemId: z.string(),
      toolId: z.string(),
      label: z.string(),
      scoreMaximum: z.number(),
      scores: z.array(GroupScore),
    }),
  ),
});
export type GroupScores = z.infer<typeof GroupScores>;
