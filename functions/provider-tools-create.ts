import { ProviderTool, registerTool, ToolSubmission } from "../shared/catalogue/index.js";
import { providerAccess } from "../shared/identity/index.js";
import { defineHttp, readJsonBody } from "../shared/runtime/index.js";

export default defineHttp({
  name: "provider-tools-create",
  route: "provider/tools",
  methods: ["POST"],
  access: providerAccess(),
  openapi: {
    summary: "Register a tool",
    description: "As an LTI 1.3 tool or a plain link, with its metadata. The tool waits for review (status `pending-review`) and is not in the catalogue until an operator approves it. Upload images first (POST /provider/media) and name their ids in `metadata.logo` and `metadata.screenshots`.",
    tags: ["tools"],
    body: ToolSubmission,
    responses: { 201: { description: "The registered tool, waiting for review", body: ProviderTool, headers: { ETag: "The tool's version", Location: "The tool's URL" } } },
  },
  handler: async (request, { principal }) => {
    const tool = await registerTool(principal, await readJsonBody(request, ToolSubmission));
    return { status: 201, headers: { etag: tool.etag, location: `/api/provider/tools/${tool.toolId}` }, jsonBody: tool };
  },
});
