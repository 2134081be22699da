import { z } from "zod";

/*
 * The shapes of a GDPR request (AVG in Flanders), shared by the API and the portal: this file
 * imports zod alone, so the browser can load it (erasure.ts, which runs the request, needs the
 * adapters).
 */

/** The body of an erasure request: the admin types the person's name, as the portal's dialog asks. */
export const ErasureRequest = z.object({
  /** Compared with the person's name, ignoring case, accents' composition and extra spaces. */
  confirmName: z.string().trim().min(1, "type the person's name to confirm").max(202),
});
export type ErasureRequest = z.infer<typeof ErasureRequest>;

export const PrivacyRequestState = z.enum(["queued", "running", "completed", "failed"]);
export type PrivacyRequestState = z.infer<typeof PrivacyRequestState>;

/** What an erasure removed, in numbers only: a receipt must not tell who it was about. */
export const RemovedCounts = z.object({
  /** Cosmos documents deleted (the person, memberships, login cards, identity links, …). */
  documents: z.number().int().nonnegative(),
  /** Blobs deleted (profile picture, roster uploads and error reports that named the person). */
  blobs: z.number().int().nonnegative(),
  /** Accounts removed at the identity provider (Auth0, or the local provider). */
  idpAccounts: z.number().int().nonnegative(),
  /** Sign-in sessions ended. */
  sessions: z.number().int().nonnegative(),
});
export type RemovedCounts = z.infer<typeof RemovedCounts>;

/** The same numbers by kind, so that the school can tell what happened to its records. */
export const RemovalDetails = z.object({
  person: z.number().int().nonnegative(),
  memberships: z.number().int().nonnegative(),
  loginCards: z.number().int().nonnegative(),
  identityLinks: z.number().int().nonnegative(),
  /** Other documents of the school that carried the person's id. */
  otherDocuments: z.number().int().nonnegative(),
  profilePictures: z.number().int().nonnegative(),
  /** Raw roster uploads (processing artefacts) that contained the person's row. */
  rosterFiles: z.number().int().nonnegative(),
  /** Error reports (CSV) of those uploads, or ones that quoted the person. */
  rosterErrorReports: z.number().int().nonnegative(),
  /** Roster import records kept for the school, with the person's values replaced. */
  pseudonymisedRosterImports: z.number().int().nonnegative(),
});
export type RemovalDetails = z.infer<typeof RemovalDetails>;

export const noRemovals = (): { removed: RemovedCounts; details: RemovalDetails } => ({
  removed: { documents: 0, blobs: 0, idpAccounts: 0, sessions: 0 },
  details: {
    person: 0,
    memberships: 0,
    loginCards: 0,
    identityLinks: 0,
    otherDocuments: 0,
    profilePictures: 0,
    rosterFiles: 0,
    rosterErrorReports: 0,
    pseudonymisedRosterImports: 0,
  },
});

/** Proof that an erasure was carried out: ids, times and numbers, never a name or an e-mail address. */
export const ErasureReceipt = z.object({
  requestId: z.string(),
  completedAt: z.string(),
  requestedBy: z.string(),
  removed: RemovedCounts,
  details: RemovalDetails,
});
export type ErasureReceipt = z.infer<typeof ErasureReceipt>;

/**
 * A privacy request as the API shows it. The person is named by their id only: a random UUID
 * that, once the person is erased, points at nothing, so the admin can still tell requests
 * apart while the record says nothing about who it was.
 */
export const PrivacyRequestView = z.object({
  requestId: z.string(),
  action: z.literal("erase"),
  state: PrivacyRequestState,
  personId: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  startedAt: z.string().optional(),
  completedAt: z.string().optional(),
  failedAt: z.string().optional(),
  receipt: ErasureReceipt.optional(),
});
export type PrivacyRequestView = z.infer<typeof PrivacyRequestView>;

/** Normalised for comparing a typed name with the stored one. */
export const comparableName = (name: string): string => name.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("nl");
