import { appSettings } from "../shared/config/index.js";
import { CardSignIn, clientAddressOf, readCookie, sessionCookieName, signInWithLoginCard } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, publicAccess, readJsonBody } from "../shared/runtime/index.js";

export default defineHttp({
  name: "auth-card",
  route: "auth/card",
  methods: ["POST"],
  access: publicAccess,
  handler: async (request) => {
    // No session yet, so no CSRF token: refuse other sites by Origin (login CSRF).
    const origin = request.headers.get("origin");
    if (origin && origin !== new URL(appSettings().PUBLIC_BASE_URL).origin) {
      throw new HttpProblem(403, "csrf", "Cross-site request refused", `Requests from ${origin} are not accepted`);
    }
    const input = await readJsonBody(request, CardSignIn);
    const previousSessionId = readCookie(request, sessionCookieName());
    const { displayName, cookies } = await signInWithLoginCard(input, {
      client: clientAddressOf(request),
      ...(previousSessionId ? { previousSessionId } : {}),
    });
    return { headers: { "cache-control": "no-store" }, cookies, jsonBody: { displayName } };
  },
});
