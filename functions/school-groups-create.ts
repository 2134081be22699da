import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody } from "../shared/runtime/index.js";
import { createGroup, NewGroup } from "../shared/schools/index.js";

/** Classes follow the roster and are the school admin's; any teacher may make a group. */
export default defineHttp({
  name: "school-groups-create",
  route: "school/groups",
  methods: ["POST"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const input = await readJsonBody(request, NewGroup);
    if (input.groupType === "class" && !principal.roles.includes("schoolAdmin")) {
      throw new HttpProblem(403, "forbidden", "Not allowed", "Only a school admin creates classes");
    }
    return { status: 201, jsonBody: await createGroup(schoolScopeOf(principal), input) };
  },
});
