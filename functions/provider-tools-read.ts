import { z } from "zod";
import { ProviderTool, providerToolOf, readProviderTool } from "../shared/catalogue/index.js";
import { providerAccess } from "../shared/identity/index.js";
import { defineHttp, HttpProblem, readParams } from "../shared/runtime/index.js";

const ToolParams = z.object({ toolId: z.string().min(1).max(100).describe("The tool's id") });

export default defineHttp({
  name: "provider-tools-read",
  route: "provider/tools/{toolId}",
  methods: ["GET"],
  access: providerAccess(),
  openapi: {
    summary: "One of the organisation's tools",
    description: "The live version, the version waiting for review, the version rejected last and every review decision with its reason.",
    tags: ["tools"],
    params: ToolParams,
    responses: { 200: { description: "The tool", body: ProviderTool, headers: { ETag: "The tool's version" } } },
  },
  handler: async (request, { principal }) => {
    const { toolId } = readParams(request, ToolParams);
    const tool = await readProviderTool(principal.providerId, toolId);
    if (!tool) throw HttpProblem.notFound(`No tool ${toolId}`);
    const view = providerToolOf(tool);
    return { headers: { etag: view.etag }, jsonBody: view };
  },
});
