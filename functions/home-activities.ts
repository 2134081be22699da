import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { homeActivitiesOf } from "../shared/paths/index.js";
import { defineHttp } from "../shared/runtime/index.js";

/** The activities of the caller's own classes and groups, newest first, for the home page ("Mijn opdrachten"). */
export default defineHttp({
  name: "home-activities",
  route: "home/activities",
  methods: ["GET"],
  access: signedIn("pupil", "teacher", "schoolAdmin"),
  handler: async (_request, { principal }) => ({
    headers: { "cache-control": "no-store" },
    jsonBody: await homeActivitiesOf(schoolScopeOf(principal), principal.personId),
  }),
});
