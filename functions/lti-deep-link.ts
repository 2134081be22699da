import { z } from "zod";
import { signedIn } from "../shared/identity/index.js";
import { LaunchRefused, launchRefusalPage, localeOf, locales, ltiPlatform, startLaunch } from "../shared/lti/index.js";
import { defineHttp, readParams, readQuery } from "../shared/runtime/index.js";

const DeepLinkParams = z.object({ toolId: z.string().min(1).max(100) });
const DeepLinkQuery = z.object({
  /** The class or group the picked content becomes activities of. */
  groupId: z.string().min(1).max(100),
  /** `false`: the tool may return one item only (e.g. to swap one activity). */
  multiple: z.enum(["true", "false"]).default("true"),
  locale: z.enum(locales).optional(),
});

/** "Add activities from a tool": a teacher opens the tool to pick content for a group (Deep Linking 2.0 request). */
export default defineHttp({
  name: "lti-deep-link",
  route: "lti/deep-link/{toolId}",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal, correlationId }) => {
    const { toolId } = readParams(request, DeepLinkParams);
    const query = readQuery(request, DeepLinkQuery);
    const locale = localeOf(query.locale, request.headers.get("accept-language"));
    try {
      const purpose = { kind: "deep-linking", acceptMultiple: query.multiple === "true" } as const;
      const initiation = await startLaunch(ltiPlatform(), { principal, toolId, groupId: query.groupId, locale, purpose });
      return { status: 302, headers: { location: initiation.url, "cache-control": "no-store", "referrer-policy": "no-referrer" } };
    } catch (error) {
      if (error instanceof LaunchRefused) return launchRefusalPage(error.reason, locale, correlationId, error.details);
      throw error;
    }
  },
});
