import { LoginCardSettings, schoolScopeOf, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody } from "../shared/runtime/index.js";
import { setLoginCardPinRequired } from "../shared/schools/index.js";

export default defineHttp({
  name: "school-login-card-settings-put",
  route: "school/login-card-settings",
  methods: ["PUT"],
  access: signedIn("schoolAdmin"),
  handler: async (request, { principal }) => {
    const { pinRequired } = await readJsonBody(request, LoginCardSettings);
    const school = await setLoginCardPinRequired(schoolScopeOf(principal).schoolId, pinRequired);
    if (!school) throw HttpProblem.notFound("This school is not registered");
    return { jsonBody: { pinRequired: school.loginCardPinRequired ?? false } };
  },
});
