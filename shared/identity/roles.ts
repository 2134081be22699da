import { z } from "zod";

export const Role = z.enum(["pupil", "teacher", "schoolAdmin", "provider", "operator", "researcher"]);
export type Role = z.infer<typeof Role>;
export const allRoles: readonly Role[] = Role.options;

/** The roles a person holds within a school; the others belong to the consortium's accounts. */
export const schoolRoles = ["pupil", "teacher", "schoolAdmin"] as const satisfies readonly Role[];
export const platformRoles = ["provider", "operator", "researcher"] as const satisfies readonly Role[];
