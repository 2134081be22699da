import { signedIn } from "../shared/identity/index.js";
import { operatorRefusals } from "../shared/licences/index.js";
import { defineHttp } from "../shared/runtime/index.js";

/** The launches refused for want of a licence or a seat, per school and tool. */
export default defineHttp({
  name: "operator-licence-refusals",
  route: "operator/licences/refusals",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async () => ({ jsonBody: await operatorRefusals() }),
});
