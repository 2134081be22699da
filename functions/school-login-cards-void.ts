import { schoolScopeOf, signedIn, voidAllLoginCards, VoidLoginCards, voidLoginCardOf } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody } from "../shared/runtime/index.js";

export default defineHttp({
  name: "school-login-cards-void",
  route: "school/login-cards/void",
  methods: ["POST"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const body = await readJsonBody(request, VoidLoginCards);
    const scope = schoolScopeOf(principal);
    if (body.all && !principal.roles.includes("schoolAdmin")) {
      throw new HttpProblem(403, "forbidden", "Not allowed", "Only a school admin voids every card of the school");
    }
    const voided = body.all ? await voidAllLoginCards(scope, principal.personId) : await voidLoginCardOf(scope, body.personId!, principal.personId);
    return { jsonBody: { voided } };
  },
});
