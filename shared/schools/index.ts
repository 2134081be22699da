export { Group, Membership, MembershipRole, membershipId, NewGroup } from "./group.js";
export { activeGroupsOf, addMember, createGroup, listGroups, listMemberships, readGroup, removeMember, requireGroup } from "./groups.js";
export { createPerson, findPeopleByLogin, listPeople, readPeople, readPerson, updatePerson } from "./people.js";
export { displayNameOf, LeerId, NewPerson, Person, PersonChanges, SchoolRole } from "./person.js";
export type { SchoolScope } from "./scope.js";
export {
  createTenant,
  EnterpriseNumber,
  ensureSchool,
  Instellingsnummer,
  listTenants,
  schoolIdOfInstellingsnummer,
  NewTenant,
  readTenant,
  setLoginCardPinRequired,
  Tenant,
  TenantExists,
  tenantIdOf,
  TenantType,
} from "./tenants.js";
export * from "./roster-import/index.js";
