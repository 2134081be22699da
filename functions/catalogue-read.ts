import { z } from "zod";
import { readCatalogueItem } from "../shared/catalogue/index.js";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";

export default defineHttp({
  name: "catalogue-read",
  route: "catalogue/{toolId}",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { toolId } = readParams(request, z.object({ toolId: z.string().min(1).max(100) }));
    const item = await readCatalogueItem(schoolScopeOf(principal), toolId);
    if (!item) throw HttpProblem.notFound(`No tool ${toolId} in the catalogue`);
    return { jsonBody: item };
  },
});
