import { signedIn } from "../shared/identity/index.js";
import { operatorLicences } from "../shared/licences/index.js";
import { defineHttp } from "../shared/runtime/index.js";

/** Every provider's licences and the launches refused for want of a licence or a seat, per school and tool. */
export default defineHttp({
  name: "operator-licences",
  route: "operator/licences",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async () => ({ jsonBody: await operatorLicences() }),
});
