import { z } from "zod";
import { beginSignIn, Connection, InvitationToken, ReturnTo } from "../shared/identity/index.js";
import { defineHttp, publicAccess, readQuery } from "../shared/runtime/index.js";

const LoginQuery = z.object({
  connection: Connection.optional(),
  returnTo: ReturnTo.optional(),
  loginHint: z.string().max(254).optional(),
  /** An operator's invitation to a provider organisation (`lsi_…`). */
  invitation: InvitationToken.optional(),
});

export default defineHttp({
  name: "auth-login",
  route: "auth/login",
  methods: ["GET"],
  access: publicAccess,
  handler: async (request) => {
    const { redirectUrl, cookie } = await beginSignIn(readQuery(request, LoginQuery));
    return { status: 302, headers: { location: redirectUrl, "cache-control": "no-store" }, cookies: [cookie] };
  },
});
