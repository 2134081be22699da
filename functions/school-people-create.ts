import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, readJsonBody } from "../shared/runtime/index.js";
import { createPerson, NewPerson } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-people-create",
  route: "school/people",
  methods: ["POST"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => ({
    status: 201,
    jsonBody: await createPerson(schoolScopeOf(principal), await readJsonBody(request, NewPerson)),
  }),
});
