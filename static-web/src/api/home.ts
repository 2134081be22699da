import "./zod.js";

// After zod.js: see there. The schema is the API's own (a browser-safe file of shared/paths).
import { HomeActivities } from "../../../shared/paths/home-activity.js";
import { getJson, type CallOptions } from "./client.js";

export type { HomeActivities };
export type HomeActivity = HomeActivities["activities"][number];

/** The activities of the caller's classes and groups, newest first. */
export const homeActivities = (options?: CallOptions): Promise<HomeActivities> => getJson("/api/home/activities", HomeActivities, options);
