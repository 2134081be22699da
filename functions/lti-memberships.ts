import { z } from "zod";
import { ltiPlatform, MembershipFilter, nrpsMediaType, readMemberships, serviceContextOf, serviceScope } from "../shared/lti/index.js";
import { defineHttp, publicAccess, readParams, readQuery } from "../shared/runtime/index.js";

const Params = z.object({ deploymentId: z.string().min(1).max(200), contextId: z.string().min(1).max(200) });

/** NRPS 2.0 context membership: the members of a class as the tool may see them, paged with `Link`. Authenticated by the bearer access token. */
export default defineHttp({
  name: "lti-memberships",
  route: "lti/deployments/{deploymentId}/contexts/{contextId}/memberships",
  methods: ["GET"],
  access: publicAccess,
  handler: async (request) => {
    const { deploymentId, contextId } = readParams(request, Params);
    const platform = ltiPlatform();
    const context = await serviceContextOf(platform, request.headers.get("authorization"), contextId, deploymentId, [serviceScope.membershipReadonly]);
    const page = await readMemberships(platform, context, readQuery(request, MembershipFilter));
    const links = [...(page.next ? [`<${page.next}>; rel="next"`] : []), `<${page.differences}>; rel="differences"`];
    return { headers: { "content-type": nrpsMediaType, link: links.join(", ") }, body: JSON.stringify(page.container) };
  },
});
