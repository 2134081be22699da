import { schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { schoolLicences } from "../shared/licences/index.js";
import { defineHttp } from "../shared/runtime/index.js";

/** The school's licences per tool: scope, seats used of total, validity with the expiry warning, refused launches. */
export default defineHttp({
  name: "school-licences",
  route: "school/licences",
  methods: ["GET"],
  access: signedIn("schoolAdmin"),
  handler: async (_request, { principal }) => ({ jsonBody: await schoolLicences(schoolScopeOf(principal)) }),
});
