/**
 * Learning paths (leersporen) and their building blocks, activities (DESIGN: shared/paths).
 * So far: activities a teacher picks in an LTI tool by deep linking (shared/lti checks the
 * tool's response), each with its AGS line item when the tool asked for one, listed and removed
 * per class or group, and launched by the group's pupils and teachers, who find those of their
 * classes on the home page (home-activities.ts).
 *
 * Routes: GET school/groups/{groupId}/activities (paged), DELETE …/activities/{activityId} and GET
 * school/activity-tools (the tools to pick in) for teachers and school admins; GET home/activities
 * (pupil, teacher, schoolAdmin) for the caller's own classes; the deep-linking
 * request and return and the activity launch live under lti/ (shared/lti).
 */
export { Activity, ActivityList, ActivityTool, ActivityToolList, ActivityView } from "./activity.js";
export { activityToolsOf } from "./activity-tools.js";
export { ActivityQuery, addPickedActivities, deleteActivity, listActivities, readActivity, type PickedContent } from "./activities.js";
export { homeActivitiesLimit, homeActivitiesOf } from "./home-activities.js";
export { HomeActivities, HomeActivity } from "./home-activity.js";
