import { listProviders } from "../shared/catalogue/index.js";
import { signedIn } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";

export default defineHttp({
  name: "providers-list",
  route: "providers",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async () => ({ jsonBody: { providers: await listProviders() } }),
});
