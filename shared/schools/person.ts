import { z } from "zod";

/*
 * The shape of a person, shared by the API and the portal: this file imports zod alone, so the
 * browser can load it (people.ts, the repository, needs the Cosmos adapter).
 */

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

export const displayNameOf = (person: Pick<Person, "givenName" | "familyName">): string =>
  [person.givenName, person.familyName].filter(Boolean).join(" ");
