import { z } from "zod";
import { readCatalogueEntry, SchoolToolSettings, setToolSettings } from "../shared/catalogue/index.js";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody, readParams } from "../shared/runtime/index.js";

/** Enables or disables a live tool for the school and sets which personal data it may receive. */
export default defineHttp({
  name: "school-tools-put",
  route: "school/tools/{toolId}",
  methods: ["PUT"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => {
    const { toolId } = readParams(request, z.object({ toolId: z.string().min(1).max(100) }));
    const entry = await readCatalogueEntry(toolId);
    if (!entry) throw HttpProblem.notFound(`No tool ${toolId} in the catalogue`);
    const settings = await readJsonBody(request, SchoolToolSettings);
    const tool = await setToolSettings(schoolScopeOf(principal), entry, settings, principal.personId, request.headers.get("if-match") ?? undefined);
    return { headers: { etag: tool.etag! }, jsonBody: tool };
  },
});
