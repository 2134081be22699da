import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, readParams } from "../shared/runtime/index.js";
import { listMemberships, requireGroup } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-groups-read",
  route: "school/groups/{groupId}",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { groupId } = readParams(request, z.object({ groupId: z.string().min(1) }));
    const scope = schoolScopeOf(principal);
    const group = await requireGroup(scope, groupId);
    return { jsonBody: { ...group, members: await listMemberships(scope, { groupId }) } };
  },
});
