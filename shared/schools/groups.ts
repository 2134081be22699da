import { randomUUID } from "node:crypto";
import { documentStore, type Stored } from "../adapters/index.js";
import { HttpProblem } from "../runtime/index.js";
import { Group, Membership, membershipId, NewGroup } from "./group.js";
import type { SchoolScope } from "./scope.js";

const container = () => documentStore().container("school-data");

export async function createGroup(scope: SchoolScope, input: NewGroup, now = new Date()): Promise<Stored<Group>> {
  return container().create<Group>({
    ...NewGroup.parse(input),
    id: randomUUID(),
    schoolId: scope.schoolId,
    type: "group",
    status: "active",
    createdAt: now.toISOString(),
  });
}

export async function readGroup(scope: SchoolScope, groupId: string): Promise<Stored<Group> | undefined> {
  const group = await container().read<Group>(groupId, scope.schoolId);
  return group?.type === "group" ? group : undefined;
}

/** The group, for what is done in it: 404 when the school has no such group. */
export async function requireGroup(scope: SchoolScope, groupId: string): Promise<Stored<Group>> {
  const group = await readGroup(scope, groupId);
  if (!group) throw HttpProblem.notFound(`No group ${groupId} in this school`);
  return group;
}

export async function listGroups(scope: SchoolScope, filter: { status?: Group["status"] } = {}): Promise<Stored<Group>[]> {
  return container().query<Stored<Group>>(
    {
      query: `SELECT * FROM c WHERE c.type = 'group'${filter.status ? " AND c.status = @status" : ""} ORDER BY c.name`,
      parameters: filter.status ? [{ name: "@status", value: filter.status }] : [],
    },
    { partitionKey: scope.schoolId },
  );
}

export async function addMember(
  scope: SchoolScope,
  groupId: string,
  personId: string,
  role: Membership["role"],
  sourcedId?: string,
  now = new Date(),
): Promise<Stored<Membership>> {
  return container().upsert<Membership>({
    id: membershipId(groupId, personId),
    schoolId: scope.schoolId,
    type: "membership",
    groupId,
    personId,
    role,
    status: "active",
    ...(sourcedId ? { sourcedId } : {}),
    updatedAt: now.toISOString(),
  });
}

/** Marks the membership inactive (kept, so tools learn that the person left); false when there was no active one. */
export async function removeMember(scope: SchoolScope, groupId: string, personId: string, now = new Date()): Promise<boolean> {
  const removed = await container().modify<Membership>(membershipId(groupId, personId), scope.schoolId, (current) =>
    current.type === "membership" && current.status === "active" ? { ...current, status: "inactive", updatedAt: now.toISOString() } : undefined,
  );
  return removed !== undefined;
}

/** Active memberships; with `includeInactive` also those of people who left the group. */
export async function listMemberships(
  scope: SchoolScope,
  filter: { groupId?: string; personId?: string; includeInactive?: boolean },
): Promise<Stored<Membership>[]> {
  const conditions = ["c.type = 'membership'", ...(filter.includeInactive ? [] : ["c.status = 'active'"])];
  const parameters: { name: string; value: string }[] = [];
  if (filter.groupId) {
    conditions.push("c.groupId = @groupId");
    parameters.push({ name: "@groupId", value: filter.groupId });
  }
  if (filter.personId) {
    conditions.push("c.personId = @personId");
    parameters.push({ name: "@personId", value: filter.personId });
  }
  return container().query<Stored<Membership>>(
    { query: `SELECT * FROM c WHERE ${conditions.join(" AND ")}`, parameters },
    { partitionKey: scope.schoolId },
  );
}

const byName = new Intl.Collator("nl", { sensitivity: "base", numeric: true });

/** The active groups a person is an active member of, with their role in each: classes first, then by name. */
export async function activeGroupsOf(scope: SchoolScope, personId: string): Promise<{ group: Stored<Group>; role: Membership["role"] }[]> {
  const memberships = await listMemberships(scope, { personId });
  const found = await Promise.all(
    memberships.map(async (membership) => {
      const group = await readGroup(scope, membership.groupId);
      return group?.status === "active" ? { group, role: membership.role } : undefined;
    }),
  );
  return found
    .filter((each) => each !== undefined)
    .sort((a, b) => Number(a.group.groupType !== "class") - Number(b.group.groupType !== "class") || byName.compare(a.group.name, b.group.name));
}
