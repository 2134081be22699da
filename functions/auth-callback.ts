import { completeSignIn, loginCookieName, readCookie } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, publicAccess } from "../shared/runtime/index.js";

/** The IdP sends the browser here; failures go back to the portal's login page with a reason. */
export default defineHttp({
  name: "auth-callback",
  route: "auth/callback",
  methods: ["GET"],
  access: publicAccess,
  handler: async (request, { log }) => {
    try {
      const { returnTo, cookies } = await completeSignIn(new URL(request.url), readCookie(request, loginCookieName()));
      return { status: 302, headers: { location: returnTo, "cache-control": "no-store" }, cookies };
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      log.warn({ reason: error.slug }, "sign-in refused");
      return { status: 302, headers: { location: `/login?error=${error.slug}`, "cache-control": "no-store" } };
    }
  },
});
