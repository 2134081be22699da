import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";
import { confirmRosterImport } from "../shared/schools/index.js";

/** The school admin confirms an import that would deactivate more than the safe share of people. */
export default defineHttp({
  name: "school-roster-imports-confirm",
  route: "school/roster-imports/{importId}/confirm",
  methods: ["POST"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => {
    const { importId } = readParams(request, z.object({ importId: z.string().min(1) }));
    const record = await confirmRosterImport(schoolScopeOf(principal), importId);
    if (!record) throw HttpProblem.notFound(`No roster import ${importId} in this school`);
    return { status: 202, headers: { location: `/api/school/roster-imports/${importId}` }, jsonBody: record };
  },
});
