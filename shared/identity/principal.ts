import { z } from "zod";
import { HttpProblem } from "../runtime/index.js";
import type { SchoolScope } from "../schools/index.js";
import { Role } from "./roles.js";

/** Who is calling: resolved from the session on every request. */
export const Principal = z.object({
  sessionId: z.string(),
  /** A person of a school, or a platform account of the consortium. */
  personId: z.string(),
  displayName: z.string(),
  roles: z.array(Role).min(1),
  schoolId: z.string().optional(),
  providerId: z.string().optional(),
  csrfToken: z.string(),
});
export type Principal = z.infer<typeof Principal>;

/** The school that every read and write of this caller is fenced into. */
export function schoolScopeOf(principal: Principal): SchoolScope {
  if (!principal.schoolId) throw new HttpProblem(403, "no-school", "No school", "This account does not belong to a school");
  return { schoolId: principal.schoolId };
}
