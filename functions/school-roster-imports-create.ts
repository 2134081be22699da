import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, readQuery } from "../shared/runtime/index.js";
import { startRosterImport } from "../shared/schools/index.js";

const UploadQuery = z.object({ fileName: z.string().trim().min(1).max(255).default("roster.csv") });

/** The body is the file itself (a OneRoster zip or a CSV list). */
export default defineHttp({
  name: "school-roster-imports-create",
  route: "school/roster-imports",
  methods: ["POST"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => {
    const { fileName } = readQuery(request, UploadQuery);
    const bytes = new Uint8Array(await request.arrayBuffer());
    const { record, isNew } = await startRosterImport(schoolScopeOf(principal), principal.personId, { bytes, fileName });
    const queued = record.state === "queued" || record.state === "running";
    return {
      status: isNew || queued ? 202 : 200,
      headers: { location: `/api/school/roster-imports/${record.id}` },
      jsonBody: record,
    };
  },
});
