import { allRoles, signedIn, signOut } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";

/** Ends the session; the portal then opens `signOutUrl` so that the IdP session ends as well. */
export default defineHttp({
  name: "auth-logout",
  route: "auth/logout",
  methods: ["POST"],
  access: signedIn(...allRoles),
  handler: async (_request, { principal }) => {
    const { signOutUrl, cookies } = await signOut(principal.sessionId);
    return { status: 200, jsonBody: { signOutUrl }, cookies, headers: { "cache-control": "no-store" } };
  },
});
