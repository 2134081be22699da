import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";
import { listRosterImports } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-roster-imports-list",
  route: "school/roster-imports",
  methods: ["GET"],
  access: signedIn("schoolAdmin"),
  handler: async (_request, { principal }) => ({ jsonBody: { imports: await listRosterImports(schoolScopeOf(principal)) } }),
});
