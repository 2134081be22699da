import { z } from "zod";
import { signedIn } from "../shared/identity/index.js";
import { LaunchRefused, launchRefusalPage, localeOf, locales, ltiPlatform, startLaunch } from "../shared/lti/index.js";
import { readActivity } from "../shared/paths/index.js";
import { defineHttp, readParams, readQuery } from "../shared/runtime/index.js";

const ActivityParams = z.object({ activityId: z.string().min(1).max(100) });
const ActivityQuery = z.object({ locale: z.enum(locales).optional() });

/** Opens an activity: a resource link launch of its tool in its group, for the group's pupils and the school's teachers. */
export default defineHttp({
  name: "lti-activity-launch",
  route: "lti/activities/{activityId}/launch",
  methods: ["GET"],
  access: signedIn("pupil", "teacher", "schoolAdmin"),
  handler: async (request, { principal, correlationId }) => {
    const { activityId } = readParams(request, ActivityParams);
    const query = readQuery(request, ActivityQuery);
    const locale = localeOf(query.locale, request.headers.get("accept-language"));
    try {
      if (!principal.schoolId) throw new LaunchRefused("no-school");
      const activity = await readActivity({ schoolId: principal.schoolId }, activityId);
      if (!activity) throw new LaunchRefused("unknown-activity");
      const initiation = await startLaunch(ltiPlatform(), {
        principal,
        toolId: activity.toolId,
        groupId: activity.groupId,
        locale,
        purpose: { kind: "activity", activity: { ...activity, activityId: activity.id } },
      });
      return { status: 302, headers: { location: initiation.url, "cache-control": "no-store", "referrer-policy": "no-referrer" } };
    } catch (error) {
      if (error instanceof LaunchRefused) return launchRefusalPage(error.reason, locale, correlationId, error.details);
      throw error;
    }
  },
});
