import { z } from "zod";
import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";
import { listMemberships, readPerson } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-people-read",
  route: "school/people/{personId}",
  methods: ["GET"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const { personId } = readParams(request, z.object({ personId: z.string().min(1) }));
    const scope = schoolScopeOf(principal);
    const person = await readPerson(scope, personId);
    if (!person) throw HttpProblem.notFound(`No person ${personId} in this school`);
    return { jsonBody: { ...person, memberships: await listMemberships(scope, { personId }) } };
  },
});
