import { z } from "zod";
import { readToolMedia } from "../shared/catalogue/index.js";
import { allRoles, signedIn } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";

/** A tool's logo or screenshot; the ids are random, and a given id's image never changes. */
export default defineHttp({
  name: "catalogue-media",
  route: "tool-media/{providerId}/{mediaId}",
  methods: ["GET"],
  access: signedIn(...allRoles),
  handler: async (request) => {
    const { providerId, mediaId } = readParams(request, z.object({ providerId: z.string().min(1).max(100), mediaId: z.string().min(1).max(100) }));
    const media = await readToolMedia(providerId, mediaId);
    if (!media) throw HttpProblem.notFound(`No image ${mediaId}`);
    return {
      headers: { "content-type": media.contentType, "cache-control": "private, max-age=31536000, immutable", "content-security-policy": "default-src 'none'" },
      body: media.bytes,
    };
  },
});
