import { z } from "zod";
import { ProviderTool, submitToolChange, ToolSubmission } from "../shared/catalogue/index.js";
import { providerAccess } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readJsonBody, readParams } from "../shared/runtime/index.js";

const ToolParams = z.object({ toolId: z.string().min(1).max(100).describe("The tool's id") });

export default defineHttp({
  name: "provider-tools-update",
  route: "provider/tools/{toolId}",
  methods: ["PUT"],
  access: providerAccess(),
  openapi: {
    summary: "Change a tool's registration or metadata",
    description: "The whole registration and metadata, as the tool's next version. It waits for review; a live version stays in the catalogue meanwhile. It replaces a version still waiting; sending the same content again changes nothing.",
    tags: ["tools"],
    params: ToolParams,
    body: ToolSubmission,
    headers: [{ name: "If-Match", description: "The tool's ETag, to refuse the change when the tool changed in between" }],
    responses: { 200: { description: "The tool with its new version waiting", body: ProviderTool, headers: { ETag: "The tool's new version" } } },
    problems: [412],
  },
  handler: async (request, { principal }) => {
    const { toolId } = readParams(request, ToolParams);
    const submission = await readJsonBody(request, ToolSubmission);
    const tool = await submitToolChange(principal, toolId, submission, request.headers.get("if-match") ?? undefined);
    if (!tool) throw HttpProblem.notFound(`No tool ${toolId}`);
    return { headers: { etag: tool.etag }, jsonBody: tool };
  },
});
