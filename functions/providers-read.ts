import { z } from "zod";
import { listProviderTools, providerViewOf, readProvider } from "../shared/catalogue/index.js";
import { signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";

export default defineHttp({
  name: "providers-read",
  route: "providers/{providerId}",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async (request) => {
    const { providerId } = readParams(request, z.object({ providerId: z.string().min(1).max(100) }));
    const provider = await readProvider(providerId);
    if (!provider) throw HttpProblem.notFound(`No provider organisation ${providerId}`);
    const view = providerViewOf(provider);
    return { headers: { etag: view.etag }, jsonBody: { ...view, tools: await listProviderTools(providerId) } };
  },
});
