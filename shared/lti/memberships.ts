import { z } from "zod";
import { PageLimit } from "./page-limit.js";
import type { Stored } from "../adapters/index.js";
import { HttpProblem } from "../runtime/index.js";
import { listMemberships, readGroup, readPeople, type Membership, type Person } from "../schools/index.js";
import { roleUri } from "./claims.js";
import type { KeyRing } from "./key-ring.js";
import type { ServiceContext } from "./line-items.js";
import { sharedPersonClaims } from "./person-claims.js";
import { pictureUrlOf } from "./pictures.js";
import type { LtiPlatform } from "./platform.js";
import { seal, SealRefused, unseal } from "./sealed-token.js";

/*
 * Names and Role Provisioning Services 2.0: the members of a context (a class or group) as one
 * tool may see them. `user_id` is the person's `sub` at that tool (pseudonyms.ts), names,
 * e-mail and picture only as the school's data-sharing switch for the tool allows.
 *
 * The URL names the deployment in its path, not in `?deployment_id=` as AGS does: ltijs'
 * NamesAndRoles (got 11 `searchParams`) replaces the whole query string of
 * `context_memberships_url` when it adds `limit` or `role`.
 *
 * Members are ordered by `user_id`; a page's `next` link carries a sealed cursor (the last
 * `user_id` served and the moment the first page was read). Every page has a `differences`
 * link whose sealed `since` is that moment: it answers the members whose membership or person
 * changed since, with status `Deleted` for those who left the group.
 */

export const nrpsMediaType = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
export const namesRoleServiceClaim = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";

/** The context's memberships URL, as the launch's NRPS claim names it. */
export function membershipsUrlOf(issuer: string, deploymentId: string, contextId: string): string {
  return `${issuer}/api/lti/deployments/${encodeURIComponent(deploymentId)}/contexts/${encodeURIComponent(contextId)}/memberships`;
}

export const MembershipFilter = z.object({
  /** A context role: its full LIS URI or its short name (`Learner`). */
  role: z.string().min(1).max(300).optional(),
  limit: PageLimit.optional(),
  /**
   * A resource link (NRPS 2.0 §3.2): its members are those who may open it. Every member of a
   * class may open every placement in it (its tile, its activities), so the answer is the
   * context's list whichever link is named: nothing the token could not read without `rlid`.
   */
  rlid: z.string().max(200).optional(),
  /** The cursor of a `next` link. */
  page: z.string().max(2000).optional(),
  /** The sealed moment of a `differences` link. */
  since: z.string().max(2000).optional(),
});
export type MembershipFilter = z.infer<typeof MembershipFilter>;

export type MemberStatus = "Active" | "Inactive" | "Deleted";

export interface Member {
  status: MemberStatus;
  user_id: string;
  roles: string[];
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  picture?: string;
}

export interface MembershipPage {
  container: { id: string; context: { id: string; label: string; title: string }; members: Member[] };
  next?: string;
  differences: string;
}

/** A cursor is used within minutes; a differences link is kept between a tool's syncs, and outlives no key (keys.ts keeps one a week past signing). */
const cursorLifetimeSeconds = 3600;
const differencesLifetimeSeconds = 7 * 24 * 3600;
/**
 * A membership is timed by the clock of the instance that wrote it, the reader's snapshot by
 * its own: a differences link starts this much earlier, so no change is lost to clock skew.
 * Tools apply a member they already have once more, harmlessly.
 */
const skewMarginMs = 5000;

const Binding = z.object({ toolId: z.string(), deploymentId: z.string(), contextId: z.string() });
const Cursor = Binding.extend({ after: z.string(), snapshot: z.number(), since: z.number().optional() });
const Since = Binding.extend({ since: z.number() });
const cursorType = "lti-nrps-cursor";
const sinceType = "lti-nrps-since";

const membershipRole: Record<Membership["role"], string> = { pupil: roleUri.learner, teacher: roleUri.instructor };
const membershipVocabulary = "http://purl.imsglobal.org/vocab/lis/v2/membership#";

/** NRPS 2.0 §3.1: a context role filter may be the short name of a LIS membership role. */
const roleOfFilter = (role: string): string => (role.includes(":") ? role : `${membershipVocabulary}${role}`);

export async function readMemberships(platform: LtiPlatform, context: ServiceContext, filter: MembershipFilter): Promise<MembershipPage> {
  const now = platform.clock();
  const toolId = context.grant.toolId;
  const binding = { toolId, deploymentId: context.deploymentId, contextId: context.contextId };
  const ring = await platform.keys.ring();
  const cursor = filter.page !== undefined ? await openBound(platform, ring, cursorType, filter.page, Cursor, binding, "page") : undefined;
  const since = cursor ? cursor.since : filter.since !== undefined ? (await openBound(platform, ring, sinceType, filter.since, Since, binding, "since")).since : undefined;
  const snapshot = cursor?.snapshot ?? now.getTime();
  const scope = { schoolId: context.schoolId };
  const [group, memberships, settings] = await Promise.all([
    readGroup(scope, context.groupId),
    listMemberships(scope, { groupId: context.groupId, includeInactive: since !== undefined }),
    platform.directory.toolSettings(context.schoolId, toolId),
  ]);
  if (!group) throw HttpProblem.notFound("No such context for this tool");
  const people = new Map((await readPeople(scope, memberships.map((membership) => membership.personId))).map((person) => [person.id, person]));

  const changedSince = (at: string | undefined) => since !== undefined && at !== undefined && Date.parse(at) >= since;
  const wantedRole = filter.role === undefined ? undefined : roleOfFilter(filter.role);
  const candidates = memberships
    .filter((membership) => (since === undefined ? people.has(membership.personId) : changedSince(membership.updatedAt) || changedSince(people.get(membership.personId)?.updatedAt)))
    .filter((membership) => wantedRole === undefined || membershipRole[membership.role] === wantedRole)
    .map((membership) => ({ membership, userId: platform.pseudonyms.subjectOf(membership.personId, toolId) }))
    .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const remaining = cursor ? candidates.filter((candidate) => candidate.userId > cursor.after) : candidates;
  const served = remaining.slice(0, filter.limit ?? remaining.length);

  const pictureUrl = (blob: string) => pictureUrlOf(platform.issuer, ring, { schoolId: context.schoolId, blob }, now);
  const members = served.map(({ membership, userId }): Member => {
    const person = people.get(membership.personId);
    const status = statusOf(membership, person);
    const member: Member = { status, user_id: userId, roles: [membershipRole[membership.role]] };
    if (!person || status === "Deleted") return member;
    const sharing = person.roles.includes("pupil") ? settings.dataSharing.pupils : settings.dataSharing.staff;
    return { ...member, ...sharedPersonClaims(person, sharing, pictureUrl) };
  });

  const url = membershipsUrlOf(platform.issuer, context.deploymentId, context.contextId);
  const linkTo = (params: Record<string, string>) => {
    const link = new URL(url);
    for (const [name, value] of Object.entries({ role: filter.role, limit: filter.limit?.toString(), rlid: filter.rlid, ...params })) {
      if (value !== undefined) link.searchParams.set(name, value);
    }
    return link.toString();
  };
  const last = served.at(-1);
  const next =
    last && remaining.length > served.length
      ? linkTo({ page: seal(cursorType, { ...binding, after: last.userId, snapshot, ...(since !== undefined ? { since } : {}) }, ring, now, cursorLifetimeSeconds).token })
      : undefined;
  const differences = linkTo({ since: seal(sinceType, { ...binding, since: snapshot - skewMarginMs }, ring, now, differencesLifetimeSeconds).token });
  return {
    container: {
      id: url,
      context: { id: context.contextId, label: group.name, title: group.schoolYear ? `${group.name} (${group.schoolYear})` : group.name },
      members,
    },
    ...(next ? { next } : {}),
    differences,
  };
}

/** NRPS 2.0 §2.3: Deleted for who left the group (or was erased), Inactive for who left the school. */
function statusOf(membership: Membership, person: Stored<Person> | undefined): MemberStatus {
  if (membership.status === "inactive" || !person) return "Deleted";
  return person.status === "active" ? "Active" : "Inactive";
}

/** Opens a cursor or since token; it must have been issued for this tool, deployment and context. */
async function openBound<T extends typeof Cursor | typeof Since>(
  platform: LtiPlatform,
  ring: KeyRing,
  typ: string,
  token: string,
  schema: T,
  binding: z.infer<typeof Binding>,
  field: "page" | "since",
): Promise<z.infer<T>> {
  const refuse = (message: string) => new HttpProblem(400, "validation", "Invalid request", `Invalid query.${field}`, [{ field: `query.${field}`, message }]);
  let opened: z.infer<T> | undefined;
  try {
    opened = unseal(typ, token, ring, platform.clock(), schema);
  } catch (error) {
    if (!(error instanceof SealRefused)) throw error;
    if (error.problem === "expired") throw refuse("expired: read the memberships again from the first page");
    if (error.problem === "unknown-key") {
      // Sealed by another instance under a key this one has not loaded yet.
      try {
        opened = unseal(typ, token, await platform.keys.fresh(), platform.clock(), schema);
      } catch (retried) {
        if (!(retried instanceof SealRefused)) throw retried;
      }
    }
  }
  if (!opened) throw refuse("not a link this service gave out");
  const bound: z.infer<typeof Binding> = opened;
  if (bound.toolId !== binding.toolId || bound.deploymentId !== binding.deploymentId || bound.contextId !== binding.contextId) {
    throw refuse("issued for another context");
  }
  return opened;
}
