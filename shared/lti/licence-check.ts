import { brusselsDateOf, grantsFor, type EntitlementGrant, type LicenceRefusalReason } from "../licences/index.js";
import type { LtiTool } from "./launch-context.js";
import { LaunchRefused, type LaunchRequest } from "./login-initiation.js";
import type { LtiPlatform } from "./platform.js";

/**
 * A launch of a licensed tool needs a grant of the school's entitlement that is valid today and
 * names the person, and a seat when the grant counts seats. At steady state this is one cached
 * point read and a cached seat; only a refusal or a first seat writes.
 */
export async function checkLicence(platform: LtiPlatform, tool: LtiTool, schoolId: string, principal: LaunchRequest["principal"]): Promise<void> {
  if (!tool.licensed) return;
  const { directory } = platform;
  const [entitlement, groups] = await Promise.all([directory.entitlement(schoolId, tool.toolId), directory.groupsOf(schoolId, principal.personId)]);
  const holder = { personId: principal.personId, roles: principal.roles, groupIds: groups.map((group) => group.groupId) };
  const grants = grantsFor(entitlement, holder, brusselsDateOf(platform.clock()));
  if (grants.length === 0) return refuse(platform, tool, schoolId, "no-licence");
  if (grants.some((grant) => grant.seats === undefined)) return;

  let seats = 0;
  for (const grant of grants as (EntitlementGrant & { seats: number })[]) {
    const outcome = await directory.seatOf(schoolId, grant, principal.personId);
    if (outcome.kind === "seated") return;
    seats ||= outcome.seats;
  }
  return refuse(platform, tool, schoolId, "seats-exhausted", seats);
}

async function refuse(platform: LtiPlatform, tool: LtiTool, schoolId: string, reason: LicenceRefusalReason, seats?: number): Promise<never> {
  const providerName = await platform.directory.licenceRefused(schoolId, tool, reason);
  throw new LaunchRefused(reason, { providerName: providerName ?? tool.providerId, ...(seats ? { seats } : {}) });
}
