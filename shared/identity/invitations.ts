import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import { HttpProblem } from "../runtime/index.js";
import { InvitationToken, type InvitationStatus, type NewProviderInvitation, type ProviderInvitation, type ProviderInvitationSummary } from "./invitation.js";

export { InvitationStatus, InvitationToken, IssuedProviderInvitation, NewProviderInvitation, ProviderInvitation, ProviderInvitationSummary } from "./invitation.js";

export const invitationValidDays = 14;

const platform = () => documentStore().container("platform");
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

const statusOf = (invitation: ProviderInvitation, now: Date): InvitationStatus =>
  invitation.acceptedAt ? "accepted" : invitation.revokedAt ? "revoked" : Date.parse(invitation.expiresAt) <= now.getTime() ? "expired" : "open";

const summaryOf = (invitation: ProviderInvitation, now: Date): ProviderInvitationSummary => ({
  invitationId: invitation.id,
  providerId: invitation.providerId,
  ...(invitation.email ? { email: invitation.email } : {}),
  status: statusOf(invitation, now),
  createdAt: invitation.createdAt,
  expiresAt: invitation.expiresAt,
  ...(invitation.acceptedAt ? { acceptedAt: invitation.acceptedAt, acceptedBy: invitation.acceptedBy! } : {}),
});

export const invitationInvalid = (): HttpProblem =>
  new HttpProblem(400, "invitation-invalid", "Invitation not valid", "This invitation is unknown, was used already, was withdrawn or has expired; ask for a new one");

/** Creates an invitation; the caller checks that the organisation exists. The token is in this answer only. */
export async function createProviderInvitation(
  providerId: string,
  input: NewProviderInvitation,
  createdBy: string,
  now = new Date(),
): Promise<{ invitation: ProviderInvitationSummary; token: string }> {
  const id = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  const invitation: ProviderInvitation = {
    id,
    kind: "provider-invitation",
    providerId,
    secretHash: sha256(secret),
    ...(input.email ? { email: input.email.toLowerCase() } : {}),
    createdAt: now.toISOString(),
    createdBy,
    expiresAt: new Date(now.getTime() + invitationValidDays * 86_400_000).toISOString(),
  };
  await platform().create(invitation);
  return { invitation: summaryOf(invitation, now), token: `lsi_${id}_${secret}` };
}

export async function listProviderInvitations(providerId: string, now = new Date()): Promise<ProviderInvitationSummary[]> {
  const invitations = await platform().query<ProviderInvitation>(
    { query: "SELECT * FROM c WHERE c.providerId = @providerId ORDER BY c.createdAt", parameters: [{ name: "@providerId", value: providerId }] },
    { partitionKey: "provider-invitation" },
  );
  return invitations.map((invitation) => summaryOf(invitation, now));
}

/** Withdraws an open invitation; undefined when the organisation has no such invitation. */
export async function revokeProviderInvitation(providerId: string, invitationId: string, now = new Date()): Promise<ProviderInvitationSummary | undefined> {
  const current = await platform().read<ProviderInvitation>(invitationId, "provider-invitation");
  if (!current || current.providerId !== providerId) return undefined;
  if (statusOf(current, now) !== "open") return summaryOf(current, now);
  const revoked = await platform().replace<Stored<ProviderInvitation>>({ ...current, revokedAt: now.toISOString() }, current._etag);
  return summaryOf(revoked, now);
}

/** The open invitation a token stands for, or undefined. Does not use it up. */
export async function findOpenInvitation(token: string, now = new Date()): Promise<Stored<ProviderInvitation> | undefined> {
  if (!InvitationToken.safeParse(token).success) return undefined;
  const [, id, secret] = token.split(/^lsi_([0-9a-f]{16})_/) as [string, string, string];
  const invitation = await platform().read<ProviderInvitation>(id, "provider-invitation");
  if (!invitation) return undefined;
  const same = timingSafeEqual(Buffer.from(invitation.secretHash, "hex"), Buffer.from(sha256(secret), "hex"));
  return same && statusOf(invitation, now) === "open" ? invitation : undefined;
}

/** Uses the invitation up for `personId`; false when someone else used or withdrew it in between. */
export async function consumeInvitation(invitation: Stored<ProviderInvitation>, personId: string, now = new Date()): Promise<boolean> {
  try {
    await platform().replace({ ...invitation, acceptedAt: now.toISOString(), acceptedBy: personId }, invitation._etag);
    return true;
  } catch (error) {
    if (error instanceof PreconditionFailed) return false;
    throw error;
  }
}
