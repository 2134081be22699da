import { ltiPlatform, openIdConfigurationOf } from "../shared/lti/index.js";
import { defineHttp, publicAccess } from "../shared/runtime/index.js";

/** The platform's OpenID configuration for LTI Dynamic Registration: the tool reads it from the `openid_configuration` it was given. */
export default defineHttp({
  name: "lti-registration-configuration",
  route: "lti/registration/openid-configuration",
  methods: ["GET"],
  access: publicAccess,
  handler: async () => ({
    status: 200,
    headers: { "cache-control": "public, max-age=300" },
    jsonBody: openIdConfigurationOf(ltiPlatform().issuer),
  }),
});
