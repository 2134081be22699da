import { recordAudit } from "../shared/identity/index.js";
import { maxRegistrationBytes, registerDynamically } from "../shared/lti/index.js";
import { defineHttp, publicAccess, readBodyText } from "../shared/runtime/index.js";

/**
 * LTI Dynamic Registration: the tool posts its client registration with the registration token
 * as bearer. Answers in OAuth JSON (RFC 7591 §3.2), never problem+json, because tool libraries
 * read `error`.
 */
export default defineHttp({
  name: "lti-registration",
  route: "lti/registration",
  methods: ["POST"],
  access: publicAccess,
  handler: async (request, { log }) => {
    const outcome = await registerDynamically(request.headers.get("authorization"), await readBodyText(request, maxRegistrationBytes));
    const headers: Record<string, string> = { "cache-control": "no-store", pragma: "no-cache" };
    if (outcome.kind === "refused") {
      log.warn({ error: outcome.body.error, reason: outcome.body.error_description }, "LTI dynamic registration refused");
      if (outcome.status === 401) headers["www-authenticate"] = 'Bearer error="invalid_token"';
      return { status: outcome.status, headers, jsonBody: outcome.body };
    }
    log.info({ providerId: outcome.tool.providerId, toolId: outcome.tool.toolId, update: outcome.update }, "LTI tool registered dynamically; it waits for review");
    // Public route, so no access.record: the tool is recorded for whoever started the registration.
    await recordAudit(
      { personId: outcome.startedBy, roles: ["provider"] },
      { action: "lti-registration", method: "POST", target: { providerId: outcome.tool.providerId, toolId: outcome.tool.toolId }, status: 200 },
    ).catch((error: unknown) => log.error({ err: error }, "audit entry not written"));
    return { status: 200, headers, jsonBody: outcome.body };
  },
});
