import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { readPrivacyRequest } from "../shared/privacy/index.js";
import { defineHttp, readParams } from "../shared/runtime/index.js";

/** The state of a privacy request and, once completed, its receipt. */
export default defineHttp({
  name: "school-privacy-requests-read",
  route: "school/privacy-requests/{requestId}",
  methods: ["GET"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => {
    const { requestId } = readParams(request, z.object({ requestId: z.uuid() }));
    return { headers: { "cache-control": "no-store" }, jsonBody: await readPrivacyRequest(schoolScopeOf(principal), requestId) };
  },
});
