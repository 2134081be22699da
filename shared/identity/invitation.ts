import { z } from "zod";

/*
 * The shapes of invitations to a provider organisation, as stored and as the API answers.
 * Browser-safe (zod only): the portal parses the API's answers with these same schemas.
 */

/**
 * An operator's invitation to join a tool provider organisation. The invitee signs in with
 * `/api/auth/login?invitation=<token>`, with any IdP account, known to Leerspoor or not; the
 * callback then makes that account a provider user of the organisation. The token is shown
 * once, is stored as a hash, works once and for fourteen days.
 */
export const ProviderInvitation = z.object({
  id: z.string(),
  kind: z.literal("provider-invitation"),
  providerId: z.string(),
  secretHash: z.string(),
  /** Whom the operator sent it to; for the operator's overview only, not checked at sign-in. */
  email: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().optional(),
  acceptedBy: z.string().optional(),
  revokedAt: z.string().optional(),
});
export type ProviderInvitation = z.infer<typeof ProviderInvitation>;

export const InvitationToken = z.string().regex(/^lsi_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/, "not an invitation token");

export const NewProviderInvitation = z.object({ email: z.email().max(254).optional() }).strict();
export type NewProviderInvitation = z.infer<typeof NewProviderInvitation>;

export const InvitationStatus = z.enum(["open", "accepted", "revoked", "expired"]);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

export const ProviderInvitationSummary = z.object({
  invitationId: z.string(),
  providerId: z.string(),
  email: z.string().optional(),
  status: InvitationStatus,
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().optional(),
  acceptedBy: z.string().optional(),
});
export type ProviderInvitationSummary = z.infer<typeof ProviderInvitationSummary>;

/** The answer to inviting someone: the only place the token and its sign-in link appear. */
export const IssuedProviderInvitation = z.object({ invitation: ProviderInvitationSummary, token: z.string(), signInUrl: z.string() });
export type IssuedProviderInvitation = z.infer<typeof IssuedProviderInvitation>;
