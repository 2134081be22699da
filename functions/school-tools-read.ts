import { z } from "zod";
import { readCatalogueEntry, readEnablement, schoolToolOf } from "../shared/catalogue/index.js";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";

/** The school's settings for a live tool; the defaults (disabled, no data) before the first change. */
export default defineHttp({
  name: "school-tools-read",
  route: "school/tools/{toolId}",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { toolId } = readParams(request, z.object({ toolId: z.string().min(1).max(100) }));
    const scope = schoolScopeOf(principal);
    const [entry, enablement] = await Promise.all([readCatalogueEntry(toolId), readEnablement(scope, toolId)]);
    if (!entry) throw HttpProblem.notFound(`No tool ${toolId} in the catalogue`);
    const tool = schoolToolOf(entry, enablement);
    const headers: Record<string, string> = tool.etag ? { etag: tool.etag } : {};
    return { headers, jsonBody: tool };
  },
});
