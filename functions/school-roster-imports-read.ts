import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";
import { readRosterImport } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-roster-imports-read",
  route: "school/roster-imports/{importId}",
  methods: ["GET"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => {
    const { importId } = readParams(request, z.object({ importId: z.string().min(1) }));
    const record = await readRosterImport(schoolScopeOf(principal), importId);
    if (!record) throw HttpProblem.notFound(`No roster import ${importId} in this school`);
    return { headers: { "cache-control": "no-store" }, jsonBody: record };
  },
});
