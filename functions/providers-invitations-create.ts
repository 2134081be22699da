import { z } from "zod";
import { inviteProviderUser } from "../shared/catalogue/index.js";
import { NewProviderInvitation, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody, readParams } from "../shared/runtime/index.js";

/** The token and sign-in link are in this answer only. */
export default defineHttp({
  name: "providers-invitations-create",
  route: "providers/{providerId}/invitations",
  methods: ["POST"],
  access: signedIn("operator"),
  handler: async (request, { principal }) => {
    const { providerId } = readParams(request, z.object({ providerId: z.string().min(1).max(100) }));
    const invited = await inviteProviderUser(providerId, await readJsonBody(request, NewProviderInvitation), principal.personId);
    if (!invited) throw HttpProblem.notFound(`No provider organisation ${providerId}`);
    return { status: 201, headers: { "cache-control": "no-store" }, jsonBody: invited };
  },
});
