import { randomBytes } from "node:crypto";
import { z } from "zod";
import { documentStore } from "../adapters/index.js";
import { appSettings } from "../config/index.js";
import { Role } from "./roles.js";

/** A signed-in session, kept server-side; the cookie holds only its random id. */
export const Session = z.object({
  id: z.string(),
  kind: z.literal("session"),
  personId: z.string(),
  displayName: z.string(),
  roles: z.array(Role).min(1),
  schoolId: z.string().optional(),
  providerId: z.string().optional(),
  csrfToken: z.string(),
  /** For the IdP's logout (id_token_hint). */
  idToken: z.string().optional(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  rotatedAt: z.string(),
  absoluteExpiresAt: z.string(),
  /** Set when the id was rotated: the old id still works until `graceUntil`, for requests in flight. */
  replacedBy: z.string().optional(),
  graceUntil: z.string().optional(),
  /** Cosmos DB removes the document this many seconds after its last write. */
  ttl: z.number().int().positive(),
});
export type Session = z.infer<typeof Session>;

export type NewSession = Pick<Session, "personId" | "displayName" | "roles" | "schoolId" | "providerId" | "idToken">;

const touchAfterMs = 60_000;
const rotateAfterMs = 15 * 60_000;
const rotationGraceMs = 60_000;

export const newSecret = (): string => randomBytes(32).toString("base64url");

const sessions = () => documentStore().container("sessions");

function limits() {
  const settings = appSettings();
  return { idleMs: settings.SESSION_IDLE_MINUTES * 60_000, absoluteMs: settings.SESSION_ABSOLUTE_HOURS * 3_600_000 };
}

const ttlFor = (session: Pick<Session, "absoluteExpiresAt">, now: Date, idleMs: number): number =>
  Math.max(1, Math.ceil(Math.min(idleMs, Date.parse(session.absoluteExpiresAt) - now.getTime()) / 1000));

export async function createSession(input: NewSession, now = new Date()): Promise<Session> {
  const { idleMs, absoluteMs } = limits();
  const absoluteExpiresAt = new Date(now.getTime() + absoluteMs).toISOString();
  const session: Session = Session.parse({
    ...input,
    id: newSecret(),
    kind: "session",
    csrfToken: newSecret(),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    rotatedAt: now.toISOString(),
    absoluteExpiresAt,
    ttl: ttlFor({ absoluteExpiresAt }, now, idleMs),
  });
  await sessions().create(session);
  return session;
}

/**
 * The live session for a cookie's id, or undefined when it is unknown or expired (idle or
 * absolute). Refreshes the idle clock at most once a minute and rotates the id every 15
 * minutes; `rotatedTo` tells the caller to set the new id in the cookie.
 */
export async function resolveSession(id: string, now = new Date()): Promise<{ session: Session; rotatedTo?: string } | undefined> {
  const { idleMs } = limits();
  const found = await sessions().read<Session>(id, id);
  if (!found || found.kind !== "session") return undefined;
  if (found.replacedBy) {
    if (now.getTime() > Date.parse(found.graceUntil ?? "")) return undefined;
    const successor = await sessions().read<Session>(found.replacedBy, found.replacedBy);
    return successor ? { session: Session.parse(successor), rotatedTo: successor.id } : undefined;
  }
  const session = Session.parse(found);
  const idleSince = now.getTime() - Date.parse(session.lastSeenAt);
  if (idleSince > idleMs || now.getTime() > Date.parse(session.absoluteExpiresAt)) {
    await sessions().delete(session.id, session.id);
    return undefined;
  }
  if (now.getTime() - Date.parse(session.rotatedAt) > rotateAfterMs) {
    const rotated: Session = { ...session, id: newSecret(), lastSeenAt: now.toISOString(), rotatedAt: now.toISOString(), ttl: ttlFor(session, now, idleMs) };
    await sessions().create(rotated);
    await sessions().upsert({
      ...session,
      replacedBy: rotated.id,
      graceUntil: new Date(now.getTime() + rotationGraceMs).toISOString(),
      ttl: Math.ceil((2 * rotationGraceMs) / 1000),
    });
    return { session: rotated, rotatedTo: rotated.id };
  }
  if (idleSince > touchAfterMs) {
    const touched: Session = { ...session, lastSeenAt: now.toISOString(), ttl: ttlFor(session, now, idleMs) };
    await sessions().upsert(touched);
    return { session: touched };
  }
  return { session };
}

/** Ends a session, and the rotated id that may still point at it. */
export async function endSession(id: string): Promise<Session | undefined> {
  const found = await sessions().read<Session>(id, id);
  if (!found) return undefined;
  await sessions().delete(id, id);
  if (found.replacedBy) await sessions().delete(found.replacedBy, found.replacedBy);
  return found;
}

/** Ends every session of a person (erasure, deactivation). */
export async function endSessionsOf(personId: string): Promise<number> {
  const found = await sessions().query<{ id: string }>({
    query: "SELECT c.id FROM c WHERE c.kind = 'session' AND c.personId = @personId",
    parameters: [{ name: "@personId", value: personId }],
  });
  for (const { id } of found) await sessions().delete(id, id);
  return found.length;
}
