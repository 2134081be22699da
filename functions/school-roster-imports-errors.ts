import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";
import { rosterImportErrorsCsv } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-roster-imports-errors",
  route: "school/roster-imports/{importId}/errors.csv",
  methods: ["GET"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => {
    const { importId } = readParams(request, z.object({ importId: z.string().min(1) }));
    const csv = await rosterImportErrorsCsv(schoolScopeOf(principal), importId);
    if (!csv) throw HttpProblem.notFound(`No roster import ${importId} in this school`);
    return {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="roster-errors-${importId.slice(-12)}.csv"` },
      body: csv,
    };
  },
});
