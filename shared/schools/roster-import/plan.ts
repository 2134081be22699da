import { createHash } from "node:crypto";
import type { Group, Membership, Person, SchoolRole } from "../index.js";
import { UPLOADING_SCHOOL, type ParsedRoster, type RosterPerson } from "../roster/index.js";
import { membershipId } from "../group.js";

/** What a roster import changes, computed before anything is written. */
export interface RosterPlan {
  /** Ids of the people that this import deactivates (their sessions end). */
  deactivatedIds: string[];
  people: Person[];
  groups: Group[];
  memberships: Membership[];
  /** Of `people`: those that a bulk file leaves out, or a delta marks tobedeleted. */
  deactivatedPeople: number;
  created: number;
  unchanged: number;
  /** People of the roster that belong to another school's org; not imported. */
  otherSchool: number;
  activePeopleBefore: number;
}

export interface SchoolState {
  schoolId: string;
  instellingsnummer?: string;
  people: Person[];
  groups: Group[];
  memberships: Membership[];
}

/** A UUID-shaped id that follows from the school and the roster's sourcedId, so re-imports are idempotent. */
export function rosterId(schoolId: string, kind: string, sourcedId: string): string {
  const hex = createHash("sha256").update(`${schoolId}\u0000${kind}\u0000${sourcedId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The org sourcedIds of the roster that stand for this school. */
function orgsOfSchool(roster: ParsedRoster, instellingsnummer: string | undefined): Set<string> {
  if (roster.kind === "plain-csv") return new Set([UPLOADING_SCHOOL]);
  const byNumber = roster.orgs.filter((org) => instellingsnummer && org.identifier?.padStart(6, "0") === instellingsnummer);
  if (byNumber.length > 0) return new Set(byNumber.map((org) => org.sourcedId));
  const withoutNumber = roster.orgs.filter((org) => !org.identifier);
  // A roster of one school that leaves out the instellingsnummer is that school.
  return new Set(roster.orgs.length === 1 && withoutNumber.length === 1 ? [withoutNumber[0]!.sourcedId] : []);
}

const sameDocument = (a: object, b: object): boolean => {
  const strip = (doc: object) =>
    JSON.stringify(Object.entries(doc).filter(([key]) => !key.startsWith("_") && key !== "updatedAt" && key !== "createdAt").sort(([x], [y]) => x.localeCompare(y)));
  return strip(a) === strip(b);
};

function rolesFor(rosterRole: SchoolRole, existing?: Person): SchoolRole[] {
  // The roster decides pupil or teacher; a school admin stays admin, or they could lock themselves out.
  const keepAdmin = existing?.roles.includes("schoolAdmin") && rosterRole !== "schoolAdmin";
  return keepAdmin ? [rosterRole, "schoolAdmin"] : [rosterRole];
}

/**
 * Pure: turns a parsed roster and the school's current people, classes and memberships into
 * the documents to write. Only documents that differ from what is stored are returned.
 */
export function planRosterImport(roster: ParsedRoster, state: SchoolState, now: Date): RosterPlan {
  const nowIso = now.toISOString();
  const orgs = orgsOfSchool(roster, state.instellingsnummer);
  const bySourcedId = new Map(state.people.filter((p) => p.sourcedId).map((p) => [p.sourcedId!, p]));
  const byLeerId = new Map(state.people.filter((p) => p.leerId && !p.sourcedId).map((p) => [p.leerId!, p]));
  const byEmail = new Map(state.people.filter((p) => p.email && !p.sourcedId).map((p) => [p.email!.toLowerCase(), p]));
  const groupsBySourcedId = new Map(state.groups.filter((g) => g.sourcedId).map((g) => [g.sourcedId!, g]));
  const membershipsById = new Map(state.memberships.map((m) => [m.id, m]));

  const plan: RosterPlan = { deactivatedIds: [], people: [], groups: [], memberships: [], deactivatedPeople: 0, created: 0, unchanged: 0, otherSchool: 0, activePeopleBefore: state.people.filter((p) => p.status === "active").length };
  const keep = <T extends object>(list: T[], next: T, existing: T | undefined) => {
    if (!existing) {
      plan.created++;
      list.push(next);
    } else if (sameDocument(existing, next)) plan.unchanged++;
    else list.push(next);
  };

  const personIds = new Map<string, string>();
  const inFile = new Set<string>();
  for (const row of roster.people) {
    if (!row.orgSourcedIds.some((org) => orgs.has(org))) {
      plan.otherSchool++;
      continue;
    }
    const existing = bySourcedId.get(row.sourcedId) ?? (row.leerId ? byLeerId.get(row.leerId) : undefined) ?? (row.email ? byEmail.get(row.email.toLowerCase()) : undefined);
    const next = personFrom(row, existing, state.schoolId, nowIso);
    personIds.set(row.sourcedId, next.id);
    inFile.add(next.id);
    if (row.status === "tobedeleted" && existing?.status === "active") {
      plan.deactivatedPeople++;
      plan.deactivatedIds.push(existing.id);
    }
    keep(plan.people, next, existing);
  }

  const groupIds = new Map<string, string>();
  const groupsInFile = new Set<string>();
  for (const row of roster.classes) {
    if (!orgs.has(row.orgSourcedId)) continue;
    const existing = groupsBySourcedId.get(row.sourcedId);
    const next: Group = {
      ...(existing ? withoutSystemProperties(existing) : {}),
      id: existing?.id ?? rosterId(state.schoolId, "class", row.sourcedId),
      schoolId: state.schoolId,
      type: "group",
      groupType: "class",
      name: row.title.slice(0, 100),
      sourcedId: row.sourcedId,
      ...(row.schoolYear ? { schoolYear: row.schoolYear } : {}),
      status: row.status === "tobedeleted" ? "inactive" : "active",
      createdAt: existing?.createdAt ?? nowIso,
    };
    groupIds.set(row.sourcedId, next.id);
    groupsInFile.add(next.id);
    keep(plan.groups, next, existing);
  }

  const membershipsInFile = new Set<string>();
  for (const row of roster.enrollments) {
    const personId = personIds.get(row.personSourcedId) ?? bySourcedId.get(row.personSourcedId)?.id;
    const groupId = groupIds.get(row.classSourcedId) ?? groupsBySourcedId.get(row.classSourcedId)?.id;
    if (!personId || !groupId) continue;
    const id = membershipId(groupId, personId);
    membershipsInFile.add(id);
    const next: Membership = {
      id, schoolId: state.schoolId, type: "membership", groupId, personId, role: row.role,
      status: row.status === "tobedeleted" ? "inactive" : "active", sourcedId: row.sourcedId, updatedAt: nowIso,
    };
    keep(plan.memberships, next, membershipsById.get(id));
  }

  if (roster.kind === "oneroster-bulk" || roster.kind === "plain-csv") {
    // Whoever came from a roster and is missing from this full one has left: deactivate, never delete.
    for (const person of state.people) {
      if (person.sourcedId && person.status === "active" && !inFile.has(person.id)) {
        plan.people.push({ ...withoutSystemProperties(person), status: "inactive", updatedAt: nowIso });
        plan.deactivatedPeople++;
        plan.deactivatedIds.push(person.id);
      }
    }
    for (const membership of state.memberships) {
      if (membership.sourcedId && membership.status === "active" && !membershipsInFile.has(membership.id)) {
        plan.memberships.push({ ...withoutSystemProperties(membership), status: "inactive", updatedAt: nowIso });
      }
    }
    for (const group of state.groups) {
      if (group.sourcedId && group.groupType === "class" && group.status === "active" && !groupsInFile.has(group.id)) {
        plan.groups.push({ ...withoutSystemProperties(group), status: "inactive" });
      }
    }
  }
  return plan;
}

/** A stored document without Cosmos DB's system properties (`_etag`, `_rid`, `_ts`…). */
const withoutSystemProperties = <T extends object>(doc: T): T =>
  Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith("_"))) as T;

function personFrom(row: RosterPerson, existing: Person | undefined, schoolId: string, nowIso: string): Person {
  const next: Person = {
    ...(existing ? withoutSystemProperties(existing) : {}),
    id: existing?.id ?? rosterId(schoolId, "person", row.sourcedId),
    schoolId,
    type: "person",
    roles: rolesFor(row.role, existing),
    givenName: row.givenName,
    familyName: row.familyName,
    sourcedId: row.sourcedId,
    status: row.status === "tobedeleted" ? "inactive" : "active",
    createdAt: existing?.createdAt ?? nowIso,
    updatedAt: nowIso,
  } as Person;
  if (row.email) next.email = row.email.toLowerCase();
  else delete next.email;
  if (row.leerId) next.leerId = row.leerId;
  else delete next.leerId;
  return next;
}
