import { randomUUID } from "node:crypto";
import { documentStore, type Stored } from "../adapters/index.js";
import { NewPerson, Person, PersonChanges, type SchoolRole } from "./person.js";
import type { SchoolScope } from "./scope.js";

const container = () => documentStore().container("school-data");

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

/** The school's people with these ids (any status), in one query per couple of hundred ids. */
export async function readPeople(scope: SchoolScope, personIds: readonly string[]): Promise<Stored<Person>[]> {
  const ids = [...new Set(personIds)];
  const found: Stored<Person>[] = [];
  for (let start = 0; start < ids.length; start += 200) {
    const chunk = ids.slice(start, start + 200);
    found.push(
      ...(await container().query<Stored<Person>>(
        {
          query: `SELECT * FROM c WHERE c.type = 'person' AND c.id IN (${chunk.map((_, i) => `@id${i}`).join(", ")})`,
          parameters: chunk.map((id, i) => ({ name: `@id${i}`, value: id })),
        },
        { partitionKey: scope.schoolId },
      )),
    );
  }
  return found;
}

const byName = new Intl.Collator("nl", { sensitivity: "base", numeric: true });

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
  // Sorted here, not with ORDER BY on two fields (Cosmos DB refuses that without a composite
  // index); one school's list is small, and a collator orders names as people read them (é with e).
  const people = await container().query<Stored<Person>>(
    { query: `SELECT * FROM c WHERE ${conditions.join(" AND ")}`, parameters },
    { partitionKey: scope.schoolId },
  );
  return people.sort((a, b) => byName.compare(a.familyName, b.familyName) || byName.compare(a.givenName, b.givenName));
}

/** Applies `changes` with optimistic concurrency, retrying when someone else wrote in between. */
export async function updatePerson(
  scope: SchoolScope,
  personId: string,
  changes: PersonChanges,
  now = new Date(),
): Promise<Stored<Person> | undefined> {
  const parsed = PersonChanges.parse(changes);
  return container().modify<Person>(personId, scope.schoolId, (current) =>
    current.type === "person" ? Person.parse({ ...current, ...parsed, updatedAt: now.toISOString() }) : undefined,
  );
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
