import { z } from "zod";
import { revokeProviderInvitation, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";

export default defineHttp({
  name: "providers-invitations-revoke",
  route: "providers/{providerId}/invitations/{invitationId}",
  methods: ["DELETE"],
  access: signedIn("operator"),
  handler: async (request) => {
    const { providerId, invitationId } = readParams(request, z.object({ providerId: z.string().min(1).max(100), invitationId: z.string().min(1).max(100) }));
    const invitation = await revokeProviderInvitation(providerId, invitationId);
    if (!invitation) throw HttpProblem.notFound(`No invitation ${invitationId} of provider ${providerId}`);
    return { jsonBody: invitation };
  },
});
