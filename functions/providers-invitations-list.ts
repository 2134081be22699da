import { z } from "zod";
import { readProvider } from "../shared/catalogue/index.js";
import { listProviderInvitations, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";

export default defineHttp({
  name: "providers-invitations-list",
  route: "providers/{providerId}/invitations",
  methods: ["GET"],
  access: signedIn("operator"),
  handler: async (request) => {
    const { providerId } = readParams(request, z.object({ providerId: z.string().min(1).max(100) }));
    if (!(await readProvider(providerId))) throw HttpProblem.notFound(`No provider organisation ${providerId}`);
    return { jsonBody: { invitations: await listProviderInvitations(providerId) } };
  },
});
