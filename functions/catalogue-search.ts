import { browseCatalogue, CatalogueQuery } from "../shared/catalogue/index.js";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, readQuery } from "../shared/runtime/index.js";

/** Live tools with search (`q`), facet filters (comma-separated codes), facet counts and paging. */
export default defineHttp({
  name: "catalogue-search",
  route: "catalogue",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => ({
    jsonBody: await browseCatalogue(schoolScopeOf(principal), readQuery(request, CatalogueQuery)),
  }),
});
