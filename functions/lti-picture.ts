import { z } from "zod";
import { ltiPlatform, pictureBehind } from "../shared/lti/index.js";
import { defineHttp, HttpProblem, publicAccess, readParams } from "../shared/runtime/index.js";

/** A profile picture that a school shares with a tool: the `picture` claim's link, valid for a day. */
export default defineHttp({
  name: "lti-picture",
  route: "lti/pictures/{token}",
  methods: ["GET"],
  access: publicAccess,
  handler: async (request) => {
    const { token } = readParams(request, z.object({ token: z.string().min(1).max(2048) }));
    const platform = ltiPlatform();
    const picture = await pictureBehind(token, await platform.keys.ring(), platform.clock());
    if (!picture) throw HttpProblem.notFound("No picture at this link, or the link has expired");
    return {
      headers: { "content-type": picture.contentType, "cache-control": "private, max-age=3600", "content-security-policy": "default-src 'none'" },
      body: picture.bytes,
    };
  },
});
