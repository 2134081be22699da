import { z } from "zod";
import { signedIn } from "../shared/identity/index.js";
import { LaunchRefused, launchRefusalPage, localeOf, locales, ltiPlatform, startLaunch } from "../shared/lti/index.js";
import { defineHttp, readParams, readQuery } from "../shared/runtime/index.js";

const LaunchParams = z.object({ toolId: z.string().min(1).max(100) });
const LaunchQuery = z.object({
  /** The class or group to launch for; default the person's first class. */
  groupId: z.string().min(1).max(100).optional(),
  locale: z.enum(locales).optional(),
  /** `iframe`: the portal's tool page frames the launch (only for tools registered for framing). */
  target: z.enum(["window", "iframe"]).optional(),
});

/** A home tile's link: starts the LTI launch (third-party initiated login) of the tool. */
export default defineHttp({
  name: "lti-launch",
  route: "lti/launch/{toolId}",
  methods: ["GET"],
  access: signedIn("pupil", "teacher", "schoolAdmin"),
  handler: async (request, { principal, correlationId }) => {
    const { toolId } = readParams(request, LaunchParams);
    const query = readQuery(request, LaunchQuery);
    const locale = localeOf(query.locale, request.headers.get("accept-language"));
    try {
      const initiation = await startLaunch(ltiPlatform(), { principal, toolId, groupId: query.groupId, locale, target: query.target });
      return {
        status: 302,
        headers: { location: initiation.url, "cache-control": "no-store", "referrer-policy": "no-referrer", "content-security-policy": "frame-ancestors 'self'" },
      };
    } catch (error) {
      if (error instanceof LaunchRefused) return launchRefusalPage(error.reason, locale, correlationId, error.details);
      throw error;
    }
  },
});
