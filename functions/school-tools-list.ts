import { listSchoolTools } from "../shared/catalogue/index.js";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";

/** The tools the school has settings for, enabled or not, with their data sharing. */
export default defineHttp({
  name: "school-tools-list",
  route: "school/tools",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (_request, { principal }) => ({ jsonBody: { tools: await listSchoolTools(schoolScopeOf(principal)) } }),
});
