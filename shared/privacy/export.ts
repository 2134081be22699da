import { z } from "zod";
import { documentStore } from "../adapters/index.js";
import { auditEntriesAbout, IdentityLink, recordAudit, type Principal } from "../identity/index.js";
import { HttpProblem } from "../runtime/index.js";
import { readGroup, readPerson, readTenant, type Membership, type SchoolScope } from "../schools/index.js";
import { identifiersOf } from "./mentions.js";
import { rosterFilesMentioning, rosterImportsMentioning } from "./roster-traces.js";

/**
 * Everything Leerspoor holds about one person, as one machine-readable document: the right of
 * access and the right to data portability (GDPR Art. 15 and 20). Secrets are left out (card
 * codes and PIN hashes, session ids and tokens); what the person provided or what was recorded
 * about them is in.
 */
export const privacyExportSchema = "https://leerspoor.be/schemas/privacy-export/v1";

const AuditLine = z.object({
  at: z.string(),
  action: z.string(),
  method: z.string(),
  /** Whether the person did this (actor) or it was done to them (subject). */
  as: z.enum(["actor", "subject"]),
  actorId: z.string(),
  actorRoles: z.array(z.string()),
  target: z.record(z.string(), z.string()),
  status: z.number(),
});

export const PrivacyExport = z.object({
  $schema: z.literal(privacyExportSchema),
  schemaVersion: z.literal(1),
  exportedAt: z.string(),
  /** The person id of whoever asked for the export: the person, or the school's admin. */
  exportedBy: z.string(),
  school: z.object({ id: z.string(), name: z.string(), instellingsnummer: z.string().optional() }),
  person: z.object({
    id: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    email: z.string().optional(),
    leerId: z.string().optional(),
    sourcedId: z.string().optional(),
    roles: z.array(z.string()),
    status: z.string(),
    avatar: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
  memberships: z.array(
    z.object({
      groupId: z.string(),
      /** Absent when the group no longer exists. */
      groupName: z.string().optional(),
      groupType: z.string().optional(),
      schoolYear: z.string().optional(),
      role: z.string(),
      status: z.string(),
    }),
  ),
  loginCards: z.array(z.object({ issuedAt: z.string(), voidedAt: z.string().optional() })),
  /** The accounts at the identity provider (LeerID, Smartschool, Google, Microsoft, own account) linked to the person. */
  identityLinks: z.array(z.object({ connection: z.string(), subject: z.string(), linkedAt: z.string() })),
  sessions: z.array(z.object({ createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string() })),
  auditEntries: z.array(AuditLine),
  rosterImports: z.array(z.object({ importId: z.string(), rows: z.array(z.record(z.string(), z.unknown())) })),
  rosterFiles: z.array(z.object({ name: z.string(), lines: z.array(z.string()) })),
  profilePicture: z.object({ blob: z.string(), container: z.literal("profile-pictures") }).nullable(),
});
export type PrivacyExport = z.infer<typeof PrivacyExport>;

const schoolData = () => documentStore().container("school-data");

/** Auth0 subjects are `<connection>|<id>` (`leerid|…`, `google-oauth2|…`). */
const connectionOf = (subject: string): string => (subject.includes("|") ? subject.slice(0, subject.indexOf("|")) : "unknown");

export async function exportPerson(scope: SchoolScope, personId: string, exportedBy: string, now = new Date()): Promise<PrivacyExport> {
  const person = await readPerson(scope, personId);
  if (!person) throw HttpProblem.notFound(`No person ${personId} in this school`);
  const school = await readTenant(scope.schoolId);
  const ids = identifiersOf(person);

  const memberships = await schoolData().query<Membership>(
    { query: "SELECT * FROM c WHERE c.type = 'membership' AND c.personId = @personId", parameters: [{ name: "@personId", value: personId }] },
    { partitionKey: scope.schoolId },
  );
  const cards = await schoolData().query<{ issuedAt: string; voidedAt?: string }>(
    {
      query: "SELECT c.issuedAt, c.voidedAt FROM c WHERE c.type = 'login-card' AND c.personId = @personId ORDER BY c.issuedAt",
      parameters: [{ name: "@personId", value: personId }],
    },
    { partitionKey: scope.schoolId },
  );
  const links = await documentStore()
    .container("platform")
    .query<IdentityLink>(
      { query: "SELECT * FROM c WHERE c.personId = @personId", parameters: [{ name: "@personId", value: personId }] },
      { partitionKey: "identity-link" },
    );
  // Sessions are partitioned by their (secret) id: one cross-partition query by person.
  const sessions = await documentStore()
    .container("sessions")
    .query<{ createdAt: string; lastSeenAt: string; absoluteExpiresAt: string }>({
      query: "SELECT c.createdAt, c.lastSeenAt, c.absoluteExpiresAt FROM c WHERE c.kind = 'session' AND c.personId = @personId AND NOT IS_DEFINED(c.replacedBy)",
      parameters: [{ name: "@personId", value: personId }],
    });
  const audit = await auditEntriesAbout(scope.schoolId, personId);

  return PrivacyExport.parse({
    $schema: privacyExportSchema,
    schemaVersion: 1,
    exportedAt: now.toISOString(),
    exportedBy,
    school: { id: scope.schoolId, name: school?.name ?? scope.schoolId, ...(school?.instellingsnummer ? { instellingsnummer: school.instellingsnummer } : {}) },
    person: {
      id: person.id,
      givenName: person.givenName,
      familyName: person.familyName,
      ...(person.email ? { email: person.email } : {}),
      ...(person.leerId ? { leerId: person.leerId } : {}),
      ...(person.sourcedId ? { sourcedId: person.sourcedId } : {}),
      roles: person.roles,
      status: person.status,
      ...(person.avatar ? { avatar: person.avatar } : {}),
      createdAt: person.createdAt,
      updatedAt: person.updatedAt,
    },
    memberships: await Promise.all(
      memberships.map(async (membership) => {
        const group = await readGroup(scope, membership.groupId);
        return {
          groupId: membership.groupId,
          ...(group ? { groupName: group.name, groupType: group.groupType } : {}),
          ...(group?.schoolYear ? { schoolYear: group.schoolYear } : {}),
          role: membership.role,
          status: membership.status,
        };
      }),
    ),
    loginCards: cards.map((card) => ({ issuedAt: card.issuedAt, ...(card.voidedAt ? { voidedAt: card.voidedAt } : {}) })),
    identityLinks: links.map((link) => ({ connection: connectionOf(link.subject), subject: link.subject, linkedAt: link.createdAt })),
    sessions: sessions.map((session) => ({ createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, expiresAt: session.absoluteExpiresAt })),
    auditEntries: audit.map((entry) => ({
      at: entry.at,
      action: entry.action,
      method: entry.method,
      as: entry.actorId === personId ? "actor" : "subject",
      actorId: entry.actorId,
      actorRoles: entry.actorRoles,
      target: entry.target,
      status: entry.status,
    })),
    rosterImports: await rosterImportsMentioning(scope, ids),
    rosterFiles: await rosterFilesMentioning(scope, ids),
    profilePicture: person.picture ? { blob: person.picture, container: "profile-pictures" } : null,
  });
}

/** The attachment name, with the day of the export (UTC): `leerspoor-export-2026-11-25.json`. */
export const exportFileName = (now: Date): string => `leerspoor-export-${now.toISOString().slice(0, 10)}.json`;

/**
 * The export as an HTTP download, recorded in the audit log: reads are not recorded by the
 * access check, but handing out everything about a person is worth a line (ids only).
 */
export async function exportDownload(
  principal: Principal,
  scope: SchoolScope,
  personId: string,
  action: string,
  now = new Date(),
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const document = await exportPerson(scope, personId, principal.personId, now);
  await recordAudit({ ...principal, schoolId: scope.schoolId }, { action, method: "GET", target: { personId }, subjectId: personId, status: 200 }, now);
  return {
    status: 200,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(now)}"`,
      "cache-control": "no-store",
    },
    body: JSON.stringify(document, null, 2),
  };
}
