import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";
import { listGroups } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-groups-list",
  route: "school/groups",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (_request, { principal }) => ({ jsonBody: { groups: await listGroups(schoolScopeOf(principal), { status: "active" }) } }),
});
