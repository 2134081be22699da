import { documentStore } from "../adapters/index.js";
import { entitlementDocumentId, ToolEntitlement } from "./records.js";

/* Reads of the entitlement projection (records.ts); the licence processing writes it. */

const schoolData = () => documentStore().container("school-data");

/** The school's entitlement to one tool: the launch's one point read. */
export async function readEntitlement(schoolId: string, toolId: string): Promise<ToolEntitlement | undefined> {
  const found = await schoolData().read<ToolEntitlement>(entitlementDocumentId(toolId), schoolId);
  return found?.type === "entitlement" ? ToolEntitlement.parse(found) : undefined;
}

export async function listSchoolEntitlements(schoolId: string): Promise<ToolEntitlement[]> {
  const found = await schoolData().query<ToolEntitlement>({ query: "SELECT * FROM c WHERE c.type = 'entitlement'" }, { partitionKey: schoolId });
  return found.map((entitlement) => ToolEntitlement.parse(entitlement));
}
