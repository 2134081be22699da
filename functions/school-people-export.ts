import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { exportDownload } from "../shared/privacy/index.js";
import { defineHttp, readParams } from "../shared/runtime/index.js";

/** GDPR Art. 15/20 through the school: e.g. a parent's request for their child's data. */
export default defineHttp({
  name: "school-people-export",
  route: "school/people/{personId}/export",
  methods: ["GET"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => {
    const { personId } = readParams(request, z.object({ personId: z.uuid() }));
    return exportDownload(principal, schoolScopeOf(principal), personId, "school-people-export");
  },
});
