import { randomUUID } from "node:crypto";
import { z } from "zod";
import { documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import type { SchoolScope } from "./scope.js";

export const SchoolRole = z.enum(["pupil", "teacher", "schoolAdmin"]);
export type SchoolRole = z.infer<typeof SchoolRole>;

export const LeerId = z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9._-]+$/, "not a LeerID");

/** A pupil, teacher or school admin of one school. Deactivated, never silently deleted. */
export const Person = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("person"),
  roles: z.array(SchoolRole).min(1),
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().max(100),
  email: z.email().optional(),
  leerId: LeerId.optional(),
  /** The roster's id of this person, when a roster import made or matched them. */
  sourcedId: z.string().optional(),
  status: z.enum(["active", "inactive"]),
  /** An avatar for young pupils' login cards when there is no picture (key of a built-in set). */
  avatar: z.string().max(40).optional(),
  /** Blob name in `profile-pictures`. */
  picture: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof Person>;

export const NewPerson = Person.pick({ roles: true, givenName: true, familyName: true, email: true, leerId: true, avatar: true }).extend({
  sourcedId: z.string().min(1).max(255).optional(),
});
export type NewPerson = z.infer<typeof NewPerson>;

export const PersonChanges = NewPerson.partial().extend({ status: Person.shape.status.optional() });
export type PersonChanges = z.infer<typeof PersonChanges>;

const container = () => documentStore().container("school-data");

export const displayNameOf = (person: Pick<Person, "givenName" | "familyName">): string =>
  [person.givenName, person.familyName].filter(Boolean).join(" ");

export async function createPerson(scope: SchoolScope, input: NewPerson, now = new Date()): Promise<Stored<Person>> {
  const parsed = NewPerson.parse(input);
  const person: Person = {
    ...parsed,
    ...(parsed.email ? { email: parsed.email.toLowerCase() } : {}),
    id: randomUUID(),
    schoolId: scope.schoolId,
    type: "person",
    status: "active",
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  return container().create(person);
}

export async function readPerson(scope: SchoolScope, personId: string): Promise<Stored<Person> | undefined> {
  const person = await container().read<Person>(personId, scope.schoolId);
  return person?.type === "person" ? person : undefined;
}

export async function listPeople(
  scope: SchoolScope,
  filter: { role?: SchoolRole; status?: Person["status"] } = {},
): Promise<Stored<Person>[]> {
  const conditions = ["c.type = 'person'"];
  const parameters: { name: string; value: string }[] = [];
  if (filter.role) {
    conditions.push("ARRAY_CONTAINS(c.roles, @role)");
    parameters.push({ name: "@role", value: filter.role });
  }
  if (filter.status) {
    conditions.push("c.status = @status");
    parameters.push({ name: "@status", value: filter.status });
  }
  return container().query<Stored<Person>>(
    { query: `SELECT * FROM c WHERE ${conditions.join(" AND ")} ORDER BY c.familyName, c.givenName`, parameters },
    { partitionKey: scope.schoolId },
  );
}

/** Applies `changes` with optimistic concurrency, retrying when someone else wrote in between. */
export async function updatePerson(
  scope: SchoolScope,
  personId: string,
  changes: PersonChanges,
  now = new Date(),
): Promise<Stored<Person> | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await readPerson(scope, personId);
    if (!current) return undefined;
    const next = Person.parse({ ...current, ...PersonChanges.parse(changes), updatedAt: now.toISOString() });
    try {
      return await container().replace({ ...next, _etag: current._etag }, current._etag);
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
    }
  }
  throw new PreconditionFailed(personId);
}

/**
 * Finds the people of any school with this e-mail or LeerID, to link a first sign-in to a
 * roster entry. The only query across schools; used by sign-in alone.
 */
export async function findPeopleByLogin(login: { email?: string; leerId?: string }): Promise<Person[]> {
  if (!login.email && !login.leerId) return [];
  return container().query<Person>({
    query: "SELECT * FROM c WHERE c.type = 'person' AND c.status = 'active' AND ((IS_DEFINED(c.email) AND c.email = @email) OR (IS_DEFINED(c.leerId) AND c.leerId = @leerId))",
    parameters: [
      { name: "@email", value: login.email?.toLowerCase() ?? null },
      { name: "@leerId", value: login.leerId ?? null },
    ],
  });
}
