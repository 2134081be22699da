import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { ActivityQuery, listActivities } from "../shared/paths/index.js";
import { defineHttp, readParams, readQuery } from "../shared/runtime/index.js";
import { requireGroup } from "../shared/schools/index.js";

/** The activities placed for a class or group (picked in tools by deep linking), a page at a time. */
export default defineHttp({
  name: "school-group-activities-list",
  route: "school/groups/{groupId}/activities",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { groupId } = readParams(request, z.object({ groupId: z.string().min(1).max(100) }));
    const query = readQuery(request, ActivityQuery);
    const scope = schoolScopeOf(principal);
    await requireGroup(scope, groupId);
    return { headers: { "cache-control": "no-store" }, jsonBody: await listActivities(scope, groupId, query) };
  },
});
