import { maxMediaBytes, mediaTypes, UploadedMedia, uploadToolMedia } from "../shared/catalogue/index.js";
import { providerAccess } from "../shared/identity/index.js";
import { defineHttp } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-media-upload",
  route: "provider/media",
  methods: ["POST"],
  access: providerAccess(),
  openapi: {
    summary: "Upload a logo or screenshot",
    description: `The image itself as the body (at most ${maxMediaBytes / 1024 / 1024} MiB). Name the returned media id in a tool's \`metadata.logo\` or \`metadata.screenshots\`; it is shown once a version naming it is approved.`,
    tags: ["tools"],
    rawBody: { contentTypes: Object.keys(mediaTypes), description: "A PNG, JPEG or WebP image" },
    responses: { 201: { description: "The stored image", body: UploadedMedia } },
    problems: [413, 415],
  },
  handler: async (request, { principal }) => {
    const bytes = Buffer.from(await request.arrayBuffer());
    return { status: 201, jsonBody: await uploadToolMedia(principal.providerId, bytes, request.headers.get("content-type")) };
  },
});
