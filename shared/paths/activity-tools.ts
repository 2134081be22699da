import { listSchoolTools } from "../catalogue/index.js";
import type { LtiPlatform } from "../lti/index.js";
import type { SchoolScope } from "../schools/index.js";
import type { ActivityToolList } from "./activity.js";

/** The school's enabled LTI tools that offer content to pick (registered for deep linking), by title. */
export async function activityToolsOf(platform: LtiPlatform, scope: SchoolScope): Promise<ActivityToolList> {
  const enabled = (await listSchoolTools(scope)).filter((tool) => tool.enabled && tool.tool.toolType === "lti");
  const registered = await Promise.all(enabled.map((tool) => platform.directory.ltiTool(tool.toolId)));
  return {
    tools: enabled
      .filter((_, index) => registered[index]?.registration.services.includes("deep-linking"))
      .map((tool) => ({ toolId: tool.toolId, title: tool.tool.metadata.title })),
  };
}
