import { documentStore } from "../adapters/index.js";
import { listSchoolTools } from "../catalogue/index.js";
import { activeGroupsOf, type SchoolScope } from "../schools/index.js";
import { Activity } from "./activity.js";
import { activityLaunchPathOf, type HomeActivities } from "./home-activity.js";

const container = () => documentStore().container("school-data");

/** How many activities the home page lists: the newest, enough for weeks of lessons. */
export const homeActivitiesLimit = 50;

/**
 * The activities of the classes and groups the person is an active member of, newest first
 * (those picked together in the order the tool gave them), in tools the school still has on.
 */
export async function homeActivitiesOf(scope: SchoolScope, personId: string): Promise<HomeActivities> {
  const memberships = await activeGroupsOf(scope, personId);
  if (memberships.length === 0) return { activities: [] };
  const groups = new Map(memberships.map(({ group }) => [group.id, group.name]));
  const groupIds = [...groups.keys()];
  const enabled = new Map((await listSchoolTools(scope)).filter((tool) => tool.enabled).map((tool) => [tool.toolId, tool.tool.metadata.title]));
  if (enabled.size === 0) return { activities: [] };
  const toolIds = [...enabled.keys()];
  // Filtered on the tools still on in the query, so a turned-off tool's newer activities do not take the places of these.
  const where = `c.type = 'activity' AND c.groupId IN (${groupIds.map((_, i) => `@group${i}`).join(", ")}) AND c.toolId IN (${toolIds.map((_, i) => `@tool${i}`).join(", ")})`;
  const parameters = [...groupIds.map((value, i) => ({ name: `@group${i}`, value })), ...toolIds.map((value, i) => ({ name: `@tool${i}`, value }))];
  // ORDER BY one field only: two would need a composite index; ties are ordered below.
  const newest = await container().query<Activity>(
    { query: `SELECT TOP ${homeActivitiesLimit} * FROM c WHERE ${where} ORDER BY c.createdAt DESC`, parameters },
    { partitionKey: scope.schoolId },
  );
  // TOP may cut the activities picked together (one createdAt) anywhere among them: those are read again in the tool's order.
  const cut = newest.length === homeActivitiesLimit ? newest.at(-1)!.createdAt : undefined;
  const found =
    cut === undefined
      ? newest
      : [
          ...newest.filter((activity) => activity.createdAt !== cut),
          ...(await container().query<Activity>(
            { query: `SELECT TOP ${homeActivitiesLimit} * FROM c WHERE ${where} AND c.createdAt = @cut ORDER BY c.position`, parameters: [...parameters, { name: "@cut", value: cut }] },
            { partitionKey: scope.schoolId },
          )),
        ].slice(0, homeActivitiesLimit);
  const activities = found
    .map((each) => Activity.parse(each))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.position - b.position)
    .map((activity) => ({
      activityId: activity.id,
      title: activity.title,
      ...(activity.text ? { text: activity.text } : {}),
      toolId: activity.toolId,
      toolTitle: enabled.get(activity.toolId)!,
      groupId: activity.groupId,
      groupName: groups.get(activity.groupId)!,
      launchUrl: activityLaunchPathOf(activity.id),
      createdAt: activity.createdAt,
    }));
  return { activities };
}
