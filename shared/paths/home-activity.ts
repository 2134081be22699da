import { z } from "zod";
import { ActivityTool } from "./activity.js";

/* The home page's list of activities, as the API answers. Browser-safe (zod only). */

/** Where the portal opens an activity: its LTI launch (shared/lti, functions/lti-activity-launch.ts). */
export const activityLaunchPathOf = (activityId: string): string => `/api/lti/activities/${encodeURIComponent(activityId)}/launch`;

/** An activity as the home page lists it: what it is, in which tool and class, and where it opens. */
export const HomeActivity = z.object({
  activityId: z.string(),
  title: z.string(),
  text: z.string().optional(),
  toolId: z.string(),
  toolTitle: ActivityTool.shape.title,
  groupId: z.string(),
  groupName: z.string(),
  launchUrl: z.string(),
  createdAt: z.string(),
});
export type HomeActivity = z.infer<typeof HomeActivity>;

export const HomeActivities = z.object({ activities: z.array(HomeActivity) });
export type HomeActivities = z.infer<typeof HomeActivities>;
