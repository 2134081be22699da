import { z } from "zod";

/*
 * The shapes of groups and memberships, shared by the API and the portal: this file imports
 * zod alone, so the browser can load it (groups.ts, the repository, needs the Cosmos adapter).
 */

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

/**
 * A person in a group. The id joins both, so adding the same member twice is one document.
 * Leaving a group marks it inactive rather than deleting it, and `updatedAt` records the
 * change, so LTI tools can ask what changed since they last read a class (NRPS differences).
 */
export const Membership = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("membership"),
  groupId: z.string(),
  personId: z.string(),
  role: MembershipRole,
  status: z.enum(["active", "inactive"]),
  sourcedId: z.string().optional(),
  /** Absent on memberships stored before changes were timed. */
  updatedAt: z.string().optional(),
});
export type Membership = z.infer<typeof Membership>;

export const membershipId = (groupId: string, personId: string): string => `${groupId}.${personId}`;
