import { jwksResponse, ltiPlatform } from "../shared/lti/index.js";
import { defineHttp, publicAccess } from "../shared/runtime/index.js";

/** The platform's public keys (JWKS): tools verify id_tokens with them, many on every launch. */
export default defineHttp({
  name: "lti-jwks",
  route: "lti/jwks",
  methods: ["GET"],
  access: publicAccess,
  handler: async (request) => {
    const { jwks } = await ltiPlatform().keys.ring();
    return jwksResponse(jwks, request.headers.get("if-none-match"));
  },
});
