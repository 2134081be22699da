import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody, readParams } from "../shared/runtime/index.js";
import { PersonChanges, updatePerson } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-people-update",
  route: "school/people/{personId}",
  methods: ["PATCH"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => {
    const { personId } = readParams(request, z.object({ personId: z.string().min(1) }));
    const updated = await updatePerson(schoolScopeOf(principal), personId, await readJsonBody(request, PersonChanges.strict()));
    if (!updated) throw HttpProblem.notFound(`No person ${personId} in this school`);
    return { jsonBody: updated };
  },
});
