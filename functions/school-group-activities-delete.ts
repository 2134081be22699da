import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { deleteActivity } from "../shared/paths/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";

/** Removes an activity from a class or group; the scores pupils earned on it stay. */
export default defineHttp({
  name: "school-group-activities-delete",
  route: "school/groups/{groupId}/activities/{activityId}",
  methods: ["DELETE"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { groupId, activityId } = readParams(request, z.object({ groupId: z.string().min(1).max(100), activityId: z.string().min(1).max(100) }));
    if (!(await deleteActivity(schoolScopeOf(principal), groupId, activityId))) throw HttpProblem.notFound("No such activity in this group");
    return { status: 204 };
  },
});
