import { z } from "zod";

/**
 * An activity: one step a teacher placed for a class or group, here content picked in an LTI
 * tool by deep linking. The building block of learning paths (leersporen). Stored in
 * `school-data` (partition: the school).
 */
export const Activity = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("activity"),
  toolId: z.string(),
  /** The class or group (the LTI context) it was placed for. */
  groupId: z.string(),
  title: z.string(),
  text: z.string().optional(),
  /** Where the launch goes: the item's URL, or the tool's own target. */
  targetLinkUri: z.string(),
  custom: z.record(z.string(), z.string()),
  presentation: z.enum(["window", "iframe"]),
  createdBy: z.string(),
  createdAt: z.string(),
  /** Its place among the items picked together (they share `createdAt`): the order the tool gave them. */
  position: z.number().int().min(0).default(0),
  /** The AGS line item its scores land on, when the tool asked for one. */
  lineItemId: z.string().optional(),
});
export type Activity = z.infer<typeof Activity>;

/** What the portal shows of an activity. */
export const ActivityView = Activity.omit({ schoolId: true, type: true });
export type ActivityView = z.infer<typeof ActivityView>;

export const ActivityList = z.object({
  /** In the order they were added, and those picked together in the tool's order. */
  activities: z.array(ActivityView),
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor: z.string().optional(),
});
export type ActivityList = z.infer<typeof ActivityList>;

/** A tool teachers can pick activities in: enabled by the school and registered for deep linking. */
export const ActivityTool = z.object({
  toolId: z.string(),
  title: z.object({ nl: z.string(), en: z.string().optional(), fr: z.string().optional() }),
});
export const ActivityToolList = z.object({ tools: z.array(ActivityTool) });
export type ActivityToolList = z.infer<typeof ActivityToolList>;
