import { liveToolFor, readProvider, toolSettingsFor, type DataSharing, type LtiRegistration } from "../catalogue/index.js";
import { claimSeat, countRefusal, grantKeyOf, readEntitlement, type EntitlementGrant, type LicenceRefusalReason, type SeatOutcome, type ToolEntitlement } from "../licences/index.js";
import { appSettings } from "../config/index.js";
import { createLogger } from "../runtime/index.js";
import { activeGroupsOf, readGroup, readPerson, type Group, type Person } from "../schools/index.js";
import { ExpiringCache } from "./expiring-cache.js";

/*
 * What a launch reads, each behind a short in-process cache (DESIGN: "licence checks are
 * point reads served from a short in-process cache"): the tool's live registration, the
 * school's settings for it, the person's groups, and the person only when the school
 * shares a name, e-mail or picture with the tool; for a licensed tool the school's entitlement
 * to it and the person's seat. At steady state a launch reads nothing.
 */

/** A live LTI tool as the launch needs it. Its client id is its tool id, issued by the platform. */
export interface LtiTool {
  toolId: string;
  clientId: string;
  providerId: string;
  /** Catalogue pricing "licensed": a launch needs an entitlement of the school (licence-check.ts). */
  licensed: boolean;
  registration: LtiRegistration;
  title: { nl: string; en?: string | undefined; fr?: string | undefined };
}

export interface GroupView {
  groupId: string;
  groupType: Group["groupType"];
  name: string;
  schoolYear?: string | undefined;
  /** The person's role in it; absent when a teacher or admin launches for a group they are not in. */
  role?: "pupil" | "teacher";
}

export interface PersonView {
  givenName: string;
  familyName: string;
  email?: string | undefined;
  picture?: string | undefined;
}

/** The launch's reads, as a port: the platform's catalogue and rosters, or a test's fixtures. */
export interface LaunchDirectory {
  ltiTool(toolId: string): Promise<LtiTool | undefined>;
  toolSettings(schoolId: string, toolId: string): Promise<{ enabled: boolean; dataSharing: DataSharing }>;
  /** The active groups the person is a member of, classes first, then by name. */
  groupsOf(schoolId: string, personId: string): Promise<GroupView[]>;
  /** An active group of the school. */
  group(schoolId: string, groupId: string): Promise<GroupView | undefined>;
  person(schoolId: string, personId: string): Promise<PersonView | undefined>;
  /** The school's entitlement to a licensed tool (one point read). */
  entitlement(schoolId: string, toolId: string): Promise<ToolEntitlement | undefined>;
  /** The person's seat of a seat-limited grant, claimed at their first launch under it. */
  seatOf(schoolId: string, grant: EntitlementGrant & { seats: number }, personId: string): Promise<SeatOutcome>;
  /** Counts a refused launch of a licensed tool; answers the provider's name for the refusal page. */
  licenceRefused(schoolId: string, tool: LtiTool, reason: LicenceRefusalReason): Promise<string | undefined>;
}

/** How long the launch trusts what it read: a registration change or a new class shows within a minute. */
export const launchCacheMs = 60_000;
const missCacheMs = 10_000;
/**
 * How long a launch trusts a school's entitlement to a tool: a grant, change or revocation
 * takes effect within this time (README). A school without any entitlement to the tool is
 * read again sooner, so that a first licence shows within seconds.
 */
export const entitlementCacheMs = 30_000;
export const entitlementMissCacheMs = 5_000;

const groupViewOf = (group: Group, role?: "pupil" | "teacher"): GroupView => ({
  groupId: group.id,
  groupType: group.groupType,
  name: group.name,
  ...(group.schoolYear ? { schoolYear: group.schoolYear } : {}),
  ...(role ? { role } : {}),
});

/** The directory over the catalogue and the school's rosters (Cosmos, through their modules). */
export function catalogueDirectory(clock: () => number = Date.now): LaunchDirectory {
  const tools = new ExpiringCache<LtiTool | undefined>((tool) => (tool ? launchCacheMs : missCacheMs), 10_000, clock);
  const memberships = new ExpiringCache<GroupView[]>(() => launchCacheMs, 50_000, clock);
  const groups = new ExpiringCache<GroupView | undefined>((group) => (group ? launchCacheMs : missCacheMs), 50_000, clock);
  const people = new ExpiringCache<PersonView | undefined>(() => launchCacheMs, 50_000, clock);
  const entitlements = new ExpiringCache<ToolEntitlement | undefined>((found) => (found ? entitlementCacheMs : entitlementMissCacheMs), 50_000, clock);
  // Only a seat held is kept: a person without one claims again (which writes) at each launch.
  const seats = new ExpiringCache<SeatOutcome>((outcome) => (outcome.kind === "seated" ? launchCacheMs : 0), 100_000, clock);
  const providerNames = new ExpiringCache<string | undefined>(() => launchCacheMs, 1_000, clock);

  const readActiveGroup = async (schoolId: string, groupId: string): Promise<Group | undefined> => {
    const group = await readGroup({ schoolId }, groupId);
    return group?.status === "active" ? group : undefined;
  };

  return {
    ltiTool: (toolId) =>
      tools.get(toolId, async () => {
        const live = await liveToolFor(toolId);
        if (!live || live.live.registration.type !== "lti") return undefined;
        return {
          toolId,
          clientId: toolId,
          providerId: live.providerId,
          licensed: live.live.metadata.pricing === "licensed",
          registration: live.live.registration,
          title: live.live.metadata.title,
        };
      }),
    // The catalogue keeps its own 30-second cache of these point reads.
    toolSettings: (schoolId, toolId) => toolSettingsFor(schoolId, toolId),
    groupsOf: (schoolId, personId) =>
      memberships.get(`${schoolId}/${personId}`, async () =>
        (await activeGroupsOf({ schoolId }, personId)).map(({ group, role }) => groupViewOf(group, role)),
      ),
    group: (schoolId, groupId) =>
      groups.get(`${schoolId}/${groupId}`, async () => {
        const group = await readActiveGroup(schoolId, groupId);
        return group ? groupViewOf(group) : undefined;
      }),
    person: (schoolId, personId) =>
      people.get(`${schoolId}/${personId}`, async () => {
        const person: Person | undefined = await readPerson({ schoolId }, personId);
        if (!person || person.status !== "active") return undefined;
        return { givenName: person.givenName, familyName: person.familyName, ...(person.email ? { email: person.email } : {}), ...(person.picture ? { picture: person.picture } : {}) };
      }),
    entitlement: (schoolId, toolId) => entitlements.get(`${schoolId}/${toolId}`, () => readEntitlement(schoolId, toolId)),
    seatOf: (schoolId, grant, personId) =>
      seats.get(`${schoolId}/${grantKeyOf(grant)}/${grant.seats}/${personId}`, () => claimSeat(schoolId, grant, personId, new Date(clock()))),
    licenceRefused: async (schoolId, tool, reason) => {
      // The count must not turn a refusal into an error page.
      await countRefusal(schoolId, tool.toolId, reason, new Date(clock())).catch((error: unknown) =>
        createLogger(appSettings().LOG_LEVEL, { component: "lti-launch" }).warn({ err: error, schoolId, toolId: tool.toolId, reason }, "licence refusal not counted"),
      );
      return providerNames.get(tool.providerId, async () => (await readProvider(tool.providerId))?.name);
    },
  };
}
