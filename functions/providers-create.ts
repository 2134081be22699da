import { createProvider, NewProvider } from "../shared/catalogue/index.js";
import { signedIn } from "../shared/identity/index.js";
import { defineHttp, readJsonBody } from "../shared/runtime/index.js";

export default defineHttp({
  name: "providers-create",
  route: "providers",
  methods: ["POST"],
  access: signedIn("operator"),
  handler: async (request, { principal }) => {
    const provider = await createProvider(await readJsonBody(request, NewProvider), principal.personId);
    return { status: 201, headers: { etag: provider.etag, location: `/api/providers/${provider.providerId}` }, jsonBody: provider };
  },
});
