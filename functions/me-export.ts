import { schoolRoles, schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { exportDownload } from "../shared/privacy/index.js";
import { defineHttp } from "../shared/runtime/index.js";

/** GDPR Art. 15/20: a pupil, teacher or admin downloads everything Leerspoor holds about them. */
export default defineHttp({
  name: "me-export",
  route: "me/export",
  methods: ["GET"],
  access: signedIn(...schoolRoles),
  handler: async (_request, { principal }) => exportDownload(principal, schoolScopeOf(principal), principal.personId, "me-export"),
});
