import { randomUUID } from "node:crypto";
import { documentStore } from "../../shared/adapters/index.js";
import type { Activity } from "../../shared/paths/index.js";

/**
 * Activities placed in a class without a tool's deep linking, so a test can have many, at the
 * times and positions its ordering needs. `position` is the item's place within one pick.
 */
export const activityOf = (place: { schoolId: string; groupId: string; createdAt: string; position: number; title: string }): Activity => ({
  id: randomUUID(),
  type: "activity",
  toolId: "tool-paging",
  targetLinkUri: "https://tool.example.test/",
  custom: {},
  presentation: "window",
  createdBy: "teacher-paging",
  ...place,
});

export const storeActivities = (activities: Activity[]): Promise<void> => documentStore().container("school-data").upsertMany(activities);
