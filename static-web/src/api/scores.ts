import "./zod.js";

// After zod.js: see there. The schema is the API's own (a browser-safe file of shared/lti).
import { GroupScores } from "../../../shared/lti/group-scores.js";
import { getJson, type CallOptions } from "./client.js";

export type { GroupScores };

/** Per line item, each pupil's latest score that tools sent back for the group (teachers and school admins). */
export const groupScores = (groupId: string, options?: CallOptions): Promise<GroupScores> =>
  getJson(`/api/school/groups/${encodeURIComponent(groupId)}/scores`, GroupScores, options);
