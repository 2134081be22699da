import { principalOf, readCookie, sessionCookieName } from "../shared/identity/index.js";
import {
  AuthorizationParams,
  authorizationPage,
  authorize,
  localeOf,
  ltiPlatform,
  maxAuthorizationRequestBytes,
  platformEndpoints,
  resubmittedField,
} from "../shared/lti/index.js";
import { defineHttp, publicAccess, readBodyText, type Cookie } from "../shared/runtime/index.js";

/**
 * The OIDC authorization endpoint of LTI launches (GET and POST). Public: it checks the
 * session cookie itself and answers tools with form posts and people with pages, never with
 * problem+json.
 */
export default defineHttp({
  name: "lti-authorize",
  route: "lti/authorize",
  methods: ["GET", "POST"],
  access: publicAccess,
  handler: async (request, { correlationId, log }) => {
    const method = request.method.toUpperCase() === "POST" ? "POST" : "GET";
    const isForm = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
    const raw = method === "POST" ? (isForm ? Object.fromEntries(new URLSearchParams(await readBodyText(request, maxAuthorizationRequestBytes))) : {}) : Object.fromEntries(request.query);
    const locale = localeOf(undefined, request.headers.get("accept-language"));
    const parsed = AuthorizationParams.safeParse(raw);
    const platform = ltiPlatform();
    let cookies: Cookie[] = [];
    const outcome = parsed.success
      ? await authorize(platform, {
          params: parsed.data,
          method,
          sessionId: readCookie(request, sessionCookieName()),
          resubmitted: raw[resubmittedField] === "1",
          signedInPerson: async () => {
            const found = await principalOf(request);
            cookies = found?.cookies ?? [];
            return found?.principal;
          },
          locale,
        })
      : ({ kind: "refused", refusal: "bad-request", detail: parsed.error.message, locale } as const);
    if (outcome.kind !== "form-post" || outcome.error) log.warn({ outcome: outcome.kind, reason: outcome.kind === "form-post" ? outcome.fields.error_description : outcome.kind === "refused" ? outcome.detail : "resubmit" }, "LTI authorization not granted");
    return { ...authorizationPage(outcome, platformEndpoints(platform.issuer).authorization, correlationId), cookies };
  },
});
