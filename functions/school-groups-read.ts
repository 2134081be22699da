import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";
import { listMemberships, readGroup } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-groups-read",
  route: "school/groups/{groupId}",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { groupId } = readParams(request, z.object({ groupId: z.string().min(1) }));
    const scope = schoolScopeOf(principal);
    const group = await readGroup(scope, groupId);
    if (!group) throw HttpProblem.notFound(`No group ${groupId} in this school`);
    return { jsonBody: { ...group, members: await listMemberships(scope, { groupId }) } };
  },
});
