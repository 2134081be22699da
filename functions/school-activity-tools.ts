import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { ltiPlatform } from "../shared/lti/index.js";
import { activityToolsOf } from "../shared/paths/index.js";
import { defineHttp } from "../shared/runtime/index.js";

/** The tools a teacher can pick activities in: the school's enabled tools registered for deep linking. */
export default defineHttp({
  name: "school-activity-tools",
  route: "school/activity-tools",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (_request, { principal }) => ({ jsonBody: await activityToolsOf(ltiPlatform(), schoolScopeOf(principal)) }),
});
