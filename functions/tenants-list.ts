import { signedIn } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";
import { listTenants } from "../shared/schools/index.js";

export default defineHttp({
  name: "tenants-list",
  route: "tenants",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async () => ({ jsonBody: { tenants: await listTenants() } }),
});
