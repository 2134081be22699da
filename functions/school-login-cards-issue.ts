import { issueLoginCards, IssueLoginCards, schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, readJsonBody } from "../shared/runtime/index.js";

export default defineHttp({
  name: "school-login-cards-issue",
  route: "school/login-cards",
  methods: ["POST"],
  access: signedIn("teacher", "schoolAdmin"),
  handler: async (request, { principal }) => {
    const body = await readJsonBody(request, IssueLoginCards);
    // The codes are in this answer only: it must never be cached.
    return { status: 201, headers: { "cache-control": "no-store" }, jsonBody: await issueLoginCards(schoolScopeOf(principal), body, principal.personId) };
  },
});
