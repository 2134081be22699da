import { liveToolFor, toolSettingsFor, type DataSharing, type LtiRegistration } from "../catalogue/index.js";
import { listMemberships, readGroup, readPerson, type Group, type Person } from "../schools/index.js";
import { ExpiringCache } from "./expiring-cache.js";

/*
 * What a launch reads, each behind a short in-process cache (DESIGN: "licence checks are
 * point reads served from a short in-process cache"): the tool's live registration, the
 * school's settings for it, the person's groups, and the person only when the school
 * shares a name, e-mail or picture with the tool. At steady state a launch reads nothing.
 */

/** A live LTI tool as the launch needs it. Its client id is its tool id, issued by the platform. */
export interface LtiTool {
  toolId: string;
  clientId: string;
  providerId: string;
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
}

/** How long the launch trusts what it read: a registration change or a new class shows within a minute. */
export const launchCacheMs = 60_000;
const missCacheMs = 10_000;
const byName = new Intl.Collator("nl", { sensitivity: "base", numeric: true });

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

  const readActiveGroup = async (schoolId: string, groupId: string): Promise<Group | undefined> => {
    const group = await readGroup({ schoolId }, groupId);
    return group?.status === "active" ? group : undefined;
  };

  return {
    ltiTool: (toolId) =>
      tools.get(toolId, async () => {
        const live = await liveToolFor(toolId);
        if (!live || live.live.registration.type !== "lti") return undefined;
        return { toolId, clientId: toolId, providerId: live.providerId, registration: live.live.registration, title: live.live.metadata.title };
      }),
    // The catalogue keeps its own 30-second cache of these point reads.
    toolSettings: (schoolId, toolId) => toolSettingsFor(schoolId, toolId),
    groupsOf: (schoolId, personId) =>
      memberships.get(`${schoolId}/${personId}`, async () => {
        const found = await listMemberships({ schoolId }, { personId });
        const views = await Promise.all(
          found.map(async (membership) => {
            const group = await readActiveGroup(schoolId, membership.groupId);
            return group ? groupViewOf(group, membership.role) : undefined;
          }),
        );
        return views
          .filter((view): view is GroupView => view !== undefined)
          .sort((a, b) => Number(a.groupType !== "class") - Number(b.groupType !== "class") || byName.compare(a.name, b.name));
      }),
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
  };
}
