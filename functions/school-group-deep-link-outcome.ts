import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { ltiPlatform, openDeepLinkOutcome, type DeepLinkOutcomeView } from "../shared/lti/index.js";
import { defineHttp, readParams, readQuery } from "../shared/runtime/index.js";
import { requireGroup } from "../shared/schools/index.js";

/** What the class page tells the teacher after picking content in a tool: the sealed outcome of the deep-linking return, opened for its own teacher only. */
export default defineHttp({
  name: "school-group-deep-link-outcome",
  route: "school/groups/{groupId}/deep-link-outcome",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { groupId } = readParams(request, z.object({ groupId: z.string().min(1).max(100) }));
    const scope = schoolScopeOf(principal);
    await requireGroup(scope, groupId);
    const { token } = readQuery(request, z.object({ token: z.string().min(1).max(8192) }));
    const body: DeepLinkOutcomeView = await openDeepLinkOutcome(ltiPlatform(), token, { personId: principal.personId, schoolId: scope.schoolId, groupId });
    return { jsonBody: body, headers: { "cache-control": "no-store" } };
  },
});
