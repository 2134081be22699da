import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";
import { removeMember } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-group-members-delete",
  route: "school/groups/{groupId}/members/{personId}",
  methods: ["DELETE"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { groupId, personId } = readParams(request, z.object({ groupId: z.string().min(1), personId: z.string().min(1) }));
    if (!(await removeMember(schoolScopeOf(principal), groupId, personId))) throw HttpProblem.notFound("No such membership in this school");
    return { status: 204 };
  },
});
