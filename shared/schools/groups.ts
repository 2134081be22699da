import { randomUUID } from "node:crypto";
import { z } from "zod";
import { documentStore, type Stored } from "../adapters/index.js";
import type { SchoolScope } from "./scope.js";

/** A class (klas) from the roster, or a group a teacher makes (e.g. a reading group across classes). */
export const Group = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("group"),
  groupType: z.enum(["class", "group"]),
  name: z.string().trim().min(1).max(100),
  sourcedId: z.string().optional(),
  schoolYear: z.string().optional(),
  status: z.enum(["active", "inactive"]),
  createdAt: z.string(),
});
export type Group = z.infer<typeof Group>;

export const NewGroup = Group.pick({ groupType: true, name: true, schoolYear: true }).extend({
  sourcedId: z.string().min(1).max(255).optional(),
});
export type NewGroup = z.infer<typeof NewGroup>;

export const MembershipRole = z.enum(["pupil", "teacher"]);

/** A person in a group. The id joins both, so adding the same member twice is one document. */
export const Membership = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("membership"),
  groupId: z.string(),
  personId: z.string(),
  role: MembershipRole,
  status: z.enum(["active", "inactive"]),
  sourcedId: z.string().optional(),
});
export type Membership = z.infer<typeof Membership>;

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

export async function listGroups(scope: SchoolScope, filter: { status?: Group["status"] } = {}): Promise<Stored<Group>[]> {
  return container().query<Stored<Group>>(
    {
      query: `SELECT * FROM c WHERE c.type = 'group'${filter.status ? " AND c.status = @status" : ""} ORDER BY c.name`,
      parameters: filter.status ? [{ name: "@status", value: filter.status }] : [],
    },
    { partitionKey: scope.schoolId },
  );
}

export const membershipId = (groupId: string, personId: string): string => `${groupId}.${personId}`;

export async function addMember(
  scope: SchoolScope,
  groupId: string,
  personId: string,
  role: Membership["role"],
  sourcedId?: string,
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
  });
}

export async function removeMember(scope: SchoolScope, groupId: string, personId: string): Promise<boolean> {
  return container().delete(membershipId(groupId, personId), scope.schoolId);
}

export async function listMemberships(
  scope: SchoolScope,
  filter: { groupId?: string; personId?: string },
): Promise<Stored<Membership>[]> {
  const conditions = ["c.type = 'membership'", "c.status = 'active'"];
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
