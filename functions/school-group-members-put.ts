import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody, readParams } from "../shared/runtime/index.js";
import { addMember, MembershipRole, readGroup, readPerson } from "../shared/schools/index.js";

const MemberParams = z.object({ groupId: z.string().min(1), personId: z.string().min(1) });

export default defineHttp({
  name: "school-group-members-put",
  route: "school/groups/{groupId}/members/{personId}",
  methods: ["PUT"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { groupId, personId } = readParams(request, MemberParams);
    const { role } = await readJsonBody(request, z.object({ role: MembershipRole }));
    const scope = schoolScopeOf(principal);
    const [group, person] = await Promise.all([readGroup(scope, groupId), readPerson(scope, personId)]);
    if (!group || !person) throw HttpProblem.notFound("No such group or person in this school");
    return { jsonBody: await addMember(scope, groupId, personId, role) };
  },
});
