import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LocalStackSettings } from "../../shared/config/index.js";
import { demoToolClientIds } from "./demo-catalogue.js";
import type { DemoToolConfig } from "./demo-tool.js";

export const demoToolUrlOf = (local: Pick<LocalStackSettings, "LOCAL_DEMO_TOOL_PORT">): string => `http://localhost:${local.LOCAL_DEMO_TOOL_PORT}`;

/** Registers the portal with the demo tool: issuer = the portal's origin, client ids = the ids of the demo tool's registrations in the catalogue. */
export async function writeDemoToolConfig(dataDir: string, portalUrl: string, encryptionKey: string): Promise<string> {
  const path = join(dataDir, "demo-tool.json");
  const config: DemoToolConfig = {
    issuer: portalUrl,
    clientIds: demoToolClientIds(),
    authorizationEndpoint: `${portalUrl}/api/lti/authorize`,
    tokenEndpoint: `${portalUrl}/api/lti/token`,
    jwksUrl: `${portalUrl}/api/lti/jwks`,
    encryptionKey,
  };
  await writeFile(path, JSON.stringify(config, null, 2), { mode: 0o600 });
  return path;
}
