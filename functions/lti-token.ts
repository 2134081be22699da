import { issueAccessToken, ltiPlatform, maxTokenRequestBytes, TokenRequest } from "../shared/lti/index.js";
import { defineHttp, publicAccess, readBodyText } from "../shared/runtime/index.js";

/**
 * The OAuth 2.0 token endpoint for LTI Advantage services. Public at the session level: the
 * tool authenticates with a client assertion signed by its registered key. Answers in OAuth
 * JSON (RFC 6749 §5.1–5.2), never problem+json, because tool libraries read `error`.
 */
export default defineHttp({
  name: "lti-token",
  route: "lti/token",
  methods: ["POST"],
  access: publicAccess,
  handler: async (request, { log }) => {
    const isForm = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
    const parsed = TokenRequest.safeParse(isForm ? Object.fromEntries(new URLSearchParams(await readBodyText(request, maxTokenRequestBytes))) : {});
    const outcome = parsed.success
      ? await issueAccessToken(ltiPlatform(), parsed.data)
      : ({ kind: "refused", status: 400, body: { error: "invalid_request", error_description: "send a form (application/x-www-form-urlencoded)" } } as const);
    if (outcome.kind === "refused") log.warn({ error: outcome.body.error, reason: outcome.body.error_description }, "LTI access token refused");
    return { status: outcome.kind === "granted" ? 200 : outcome.status, headers: { "cache-control": "no-store", pragma: "no-cache" }, jsonBody: outcome.body };
  },
});
