import { principalOf, readCookie, recordAudit, sessionCookieName, type Principal } from "../shared/identity/index.js";
import {
  acceptDeepLinkingResponse,
  deepLinkRefusalPage,
  deepLinkReturnUrlOf,
  formPostPage,
  localeOf,
  ltiPlatform,
  maxDeepLinkResponseBytes,
  resubmittedField,
  logToolSaid,
  sealDeepLinkOutcome,
} from "../shared/lti/index.js";
import { addPickedActivities } from "../shared/paths/index.js";
import { defineHttp, publicAccess, readBodyText, type Cookie } from "../shared/runtime/index.js";

/**
 * Where tools post a Deep Linking 2.0 response (form field `JWT`) through the teacher's
 * browser. Public: the tool's signature, the sealed `data` and the session are checked
 * inside; the answer is a redirect to the class page or a page saying why nothing was added.
 */
export default defineHttp({
  name: "lti-deep-link-return",
  route: "lti/deep-link/return",
  methods: ["POST"],
  access: publicAccess,
  handler: async (request, { correlationId, log }) => {
    const isForm = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
    const form = isForm ? new URLSearchParams(await readBodyText(request, maxDeepLinkResponseBytes)) : new URLSearchParams();
    const locale = localeOf(undefined, request.headers.get("accept-language"));
    const platform = ltiPlatform();
    let cookies: Cookie[] = [];
    let teacher: Principal | undefined;
    const jwt = form.get("JWT") ?? undefined;
    const outcome = await acceptDeepLinkingResponse(platform, {
      jwt,
      hasSession: readCookie(request, sessionCookieName()) !== undefined,
      resubmitted: form.get(resubmittedField) === "1",
      signedInPerson: async () => {
        const found = await principalOf(request);
        cookies = found?.cookies ?? [];
        teacher = found?.principal;
        return teacher;
      },
    });
    switch (outcome.kind) {
      case "resubmit":
        return formPostPage(deepLinkReturnUrlOf(platform.issuer), { JWT: jwt ?? "", [resubmittedField]: "1" }, locale);
      case "refused":
        log.warn({ reason: outcome.reason, detail: outcome.detail }, "LTI deep-linking response not taken");
        logToolSaid(log, outcome.said, { reason: outcome.reason });
        return { ...deepLinkRefusalPage(outcome.reason, locale, correlationId, outcome.said?.errorMessage), cookies };
      case "accepted": {
        const { binding, tool, deploymentId, items, said } = outcome;
        logToolSaid(log, said, { toolId: tool.toolId });
        const added = await addPickedActivities(platform, { schoolId: binding.schoolId }, { tool, groupId: binding.groupId, deploymentId, createdBy: binding.personId, items }, platform.clock());
        // Deep Linking 2.0 §4.5: the tool's `msg` and `errormsg` are for the teacher. They go to the class
        // page sealed for this teacher and class, so no one can put words there with a link of their own.
        const uitkomst = await sealDeepLinkOutcome(
          platform,
          { personId: binding.personId, schoolId: binding.schoolId, groupId: binding.groupId },
          { added: added.length, ...(said.message ? { message: said.message } : {}), ...(said.errorMessage ? { errorMessage: said.errorMessage } : {}) },
        );
        const location = `/school/klassen/${encodeURIComponent(binding.groupId)}?${new URLSearchParams({ uitkomst })}`;
        // Public route, so no access.record: the change is recorded for the teacher the response was checked against.
        await recordAudit(teacher!, { action: "lti-deep-link-return", method: "POST", target: { groupId: binding.groupId, toolId: tool.toolId }, status: 303 }).catch((error: unknown) =>
          log.error({ err: error }, "audit entry not written"),
        );
        return { status: 303, headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer" }, cookies };
      }
    }
  },
});
