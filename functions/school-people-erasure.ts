import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { ErasureRequest, privacyRequestLocation, requestErasure } from "../shared/privacy/index.js";
import { defineHttp, readJsonBody, readParams } from "../shared/runtime/index.js";

/** GDPR Art. 17: the school admin asks for a person's erasure; a queue job carries it out. */
export default defineHttp({
  name: "school-people-erasure",
  route: "school/people/{personId}/erasure",
  methods: ["POST"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => {
    const { personId } = readParams(request, z.object({ personId: z.uuid() }));
    const queued = await requestErasure(principal, schoolScopeOf(principal), personId, () => readJsonBody(request, ErasureRequest.strict()));
    return { status: 202, headers: { location: privacyRequestLocation(queued.requestId) }, jsonBody: queued };
  },
});
