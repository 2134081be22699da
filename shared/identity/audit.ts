import { randomUUID } from "node:crypto";
import { z } from "zod";
import { documentStore } from "../adapters/index.js";
import type { Principal } from "./principal.js";

/**
 * Who did what to whom: the actor's id and roles, the action (the function's name) and the
 * ids it acted on. Never names, e-mail addresses or other data, so the log itself needs no
 * erasure; after a person is erased, their id points at nothing.
 */
export const AuditEntry = z.object({
  id: z.string(),
  type: z.literal("audit"),
  /** Partition: the school, or "audit" in the platform container for consortium accounts. */
  schoolId: z.string().optional(),
  kind: z.literal("audit").optional(),
  at: z.string(),
  actorId: z.string(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  method: z.string(),
  target: z.record(z.string(), z.string()),
  /** The person acted upon, when the action names one (route parameter `personId`). */
  subjectId: z.string().optional(),
  status: z.number().int(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export async function recordAudit(
  principal: Pick<Principal, "personId" | "roles" | "schoolId">,
  action: { action: string; method: string; target: Record<string, string>; status: number; subjectId?: string },
  now = new Date(),
): Promise<void> {
  const entry: AuditEntry = {
    id: randomUUID(),
    type: "audit",
    at: now.toISOString(),
    actorId: principal.personId,
    actorRoles: principal.roles,
    ...action,
    ...(action.subjectId ?? action.target.personId ? { subjectId: action.subjectId ?? action.target.personId } : {}),
    ...(principal.schoolId ? { schoolId: principal.schoolId } : { kind: "audit" as const }),
  };
  await documentStore().container(principal.schoolId ? "school-data" : "platform").create(entry);
}

/** The audit entries of a school that involve a person, as actor or as target. */
export async function auditEntriesAbout(schoolId: string, personId: string): Promise<AuditEntry[]> {
  return documentStore()
    .container("school-data")
    .query<AuditEntry>(
      {
        query: "SELECT * FROM c WHERE c.type = 'audit' AND (c.actorId = @personId OR c.subjectId = @personId) ORDER BY c.at",
        parameters: [{ name: "@personId", value: personId }],
      },
      { partitionKey: schoolId },
    );
}
