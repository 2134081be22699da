import "./zod.js";

// After zod.js: see there. The schemas are the API's own (a browser-safe file of shared/paths).
import { DeepLinkOutcomeView } from "../../../shared/lti/deep-link-outcome-view.js";
import { ActivityList, ActivityToolList } from "../../../shared/paths/activity.js";
import { getJson, send, type CallOptions } from "./client.js";

export type { ActivityList, ActivityToolList, DeepLinkOutcomeView };
export type Activity = ActivityList["activities"][number];
export type ActivityTool = ActivityToolList["tools"][number];

const groupPath = (groupId: string) => `/api/school/groups/${encodeURIComponent(groupId)}/activities`;

/** The activities placed for a class or group (teachers and school admins), a page at a time. */
export const listActivities = (groupId: string, cursor?: string, options?: CallOptions): Promise<ActivityList> =>
  getJson(cursor ? `${groupPath(groupId)}?${new URLSearchParams({ cursor }).toString()}` : groupPath(groupId), ActivityList, options);

export const deleteActivity = (groupId: string, activityId: string): Promise<void> =>
  send("DELETE", `${groupPath(groupId)}/${encodeURIComponent(activityId)}`, undefined, null);

/** The school's enabled tools that offer content to pick (deep linking). */
export const activityTools = (options?: CallOptions): Promise<ActivityToolList> => getJson("/api/school/activity-tools", ActivityToolList, options);

/** Where the browser goes to pick content in a tool for the group; the tool sends it back to the class page. */
export const deepLinkHref = (toolId: string, groupId: string, locale: string): string =>
  `/api/lti/deep-link/${encodeURIComponent(toolId)}?groupId=${encodeURIComponent(groupId)}&locale=${encodeURIComponent(locale)}`;

/** What the teacher is told after picking content in a tool: the sealed outcome the class page was sent back with (`?uitkomst=`). */
export const deepLinkOutcome = (groupId: string, token: string, options?: CallOptions): Promise<DeepLinkOutcomeView> =>
  getJson(`/api/school/groups/${encodeURIComponent(groupId)}/deep-link-outcome?token=${encodeURIComponent(token)}`, DeepLinkOutcomeView, options);

/** Opens an activity (its LTI launch). */
export const activityHref = (activityId: string, locale: string): string => `/api/lti/activities/${encodeURIComponent(activityId)}/launch?locale=${encodeURIComponent(locale)}`;
