import { randomUUID } from "node:crypto";
import { z } from "zod";
import { documentStore } from "../adapters/index.js";
import { activityPlacementOf, createLineItem, placementContextOf, type LtiPlatform, type LtiResourceLinkItem, type LtiTool } from "../lti/index.js";
import { cursorOf, pageCursor } from "../runtime/index.js";
import type { SchoolScope } from "../schools/index.js";
import { Activity, ActivityView, type ActivityList } from "./activity.js";

const container = () => documentStore().container("school-data");

/** What a teacher picked in a tool (a deep-linking response the platform accepted). */
export interface PickedContent {
  tool: LtiTool;
  groupId: string;
  deploymentId: string;
  createdBy: string;
  items: readonly LtiResourceLinkItem[];
}

/**
 * Each picked item becomes an activity of the group; an item with a `lineItem` also gets the
 * AGS line item of the activity's resource link in the group's context, so the scores the tool
 * posts for it land there (Deep Linking 2.0 §3.1 lineItem; AGS 2.0 §3.2.4).
 */
export async function addPickedActivities(platform: LtiPlatform, scope: SchoolScope, picked: PickedContent, now: Date): Promise<Activity[]> {
  const { tool, groupId, deploymentId } = picked;
  const context = placementContextOf(platform, scope.schoolId, tool.toolId, groupId);
  const activities: Activity[] = [];
  for (const [position, item] of picked.items.entries()) {
    const id = randomUUID();
    const title = item.title || tool.title.nl;
    const lineItem = item.lineItem
      ? await createLineItem(
          context,
          {
            label: item.lineItem.label ?? title,
            scoreMaximum: item.lineItem.scoreMaximum,
            resourceLinkId: platform.pseudonyms.resourceLinkIdOf(tool.toolId, deploymentId, activityPlacementOf(id)),
            ...(item.lineItem.resourceId ? { resourceId: item.lineItem.resourceId } : {}),
            ...(item.lineItem.tag ? { tag: item.lineItem.tag } : {}),
          },
          now,
          id,
        )
      : undefined;
    const activity: Activity = {
      id,
      schoolId: scope.schoolId,
      type: "activity",
      toolId: tool.toolId,
      groupId,
      title,
      ...(item.text ? { text: item.text } : {}),
      targetLinkUri: item.url ?? tool.registration.targetLinkUri,
      custom: item.custom ?? {},
      presentation: item.iframe ? "iframe" : item.window ? "window" : tool.registration.presentation,
      createdBy: picked.createdBy,
      createdAt: now.toISOString(),
      position,
      ...(lineItem ? { lineItemId: lineItem.id } : {}),
    };
    await container().create(activity);
    activities.push(activity);
  }
  return activities;
}

export async function readActivity(scope: SchoolScope, activityId: string): Promise<Activity | undefined> {
  const found = await container().read<Activity>(activityId, scope.schoolId);
  return found?.type === "activity" ? Activity.parse(found) : undefined;
}

export const ActivityQuery = z.object({
  cursor: pageCursor(z.tuple([z.string(), z.number().int(), z.string()])).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Activities per page"),
});
export type ActivityQuery = z.infer<typeof ActivityQuery>;

/** A page of the group's activities in the order they were added (and picked). */
export async function listActivities(scope: SchoolScope, groupId: string, query: ActivityQuery): Promise<ActivityList> {
  const page = await container().page<Activity>(
    {
      where: "c.type = 'activity' AND c.groupId = @groupId",
      parameters: [{ name: "@groupId", value: groupId }],
      order: { fields: ["createdAt", "position", "id"] },
      limit: query.limit,
      ...(query.cursor ? { after: query.cursor } : {}),
    },
    { partitionKey: scope.schoolId },
  );
  return {
    activities: page.items.map((activity) => ActivityView.parse(activity)),
    ...(page.nextKey ? { nextCursor: cursorOf(page.nextKey) } : {}),
  };
}

/**
 * Removes an activity of the group; false when there is none. Its line item and the scores on
 * it stay: pupils' results are a record the teacher still sees among the group's scores.
 */
export async function deleteActivity(scope: SchoolScope, groupId: string, activityId: string): Promise<boolean> {
  const activity = await readActivity(scope, activityId);
  if (!activity || activity.groupId !== groupId) return false;
  return container().delete(activityId, scope.schoolId);
}
