import { z } from "./zod.js";

// After zod.js: see there. The schemas are the API's own (browser-safe files of shared/schools).
import { Group, Membership, MembershipRole, type NewGroup } from "../../../shared/schools/group.js";
import { Person, SchoolRole, type NewPerson } from "../../../shared/schools/person.js";
import { getJson, send, type CallOptions } from "./client.js";

export { displayNameOf } from "../../../shared/schools/person.js";
export type { Group, Membership, NewGroup, NewPerson, Person, SchoolRole };
export type MembershipRole = z.infer<typeof MembershipRole>;
export const schoolRoles = SchoolRole.options;
export const membershipRoles = MembershipRole.options;

const PeopleList = z.object({ people: z.array(Person) });
const GroupList = z.object({ groups: z.array(Group) });
const GroupWithMembers = Group.extend({ members: z.array(Membership) });
export type GroupWithMembers = z.infer<typeof GroupWithMembers>;

const path = (...parts: string[]): string => `/api/school/${parts.map(encodeURIComponent).join("/")}`;

export async function listPeople(filter: { role?: SchoolRole } = {}, options?: CallOptions): Promise<Person[]> {
  const query = filter.role ? `?${new URLSearchParams({ role: filter.role }).toString()}` : "";
  return (await getJson(`${path("people")}${query}`, PeopleList, options)).people;
}

export const createPerson = (person: NewPerson): Promise<Person> => send("POST", path("people"), person, Person);

export const setPersonStatus = (personId: string, status: Person["status"]): Promise<Person> =>
  send("PATCH", path("people", personId), { status }, Person);

export async function listGroups(options?: CallOptions): Promise<Group[]> {
  return (await getJson(path("groups"), GroupList, options)).groups;
}

export const createGroup = (group: NewGroup): Promise<Group> => send("POST", path("groups"), group, Group);

export const readGroup = (groupId: string, options?: CallOptions): Promise<GroupWithMembers> =>
  getJson(path("groups", groupId), GroupWithMembers, options);

export const addMember = (groupId: string, personId: string, role: MembershipRole): Promise<Membership> =>
  send("PUT", path("groups", groupId, "members", personId), { role }, Membership);

export const removeMember = (groupId: string, personId: string): Promise<void> =>
  send("DELETE", path("groups", groupId, "members", personId), undefined, null);
