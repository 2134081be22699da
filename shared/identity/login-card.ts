import { z } from "zod";

/*
 * The shapes of login cards, as stored and as the API answers. Browser-safe (zod only): the
 * portal parses the API's answers with these same schemas.
 */

/**
 * A printed login card of a young pupil. It belongs to the pupil, not to a class, so it keeps
 * working after a class change. Only hashes of its code and PIN are stored: a code is shown
 * once, when the card is issued, and printing again means issuing a new card.
 */
export const LoginCard = z.object({
  /** `login-card-` and the card key, the first symbols of the code: a point read finds it. */
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("login-card"),
  personId: z.string(),
  salt: z.string(),
  secretHash: z.string(),
  /** Set when the school required a PIN at the time the card was issued. */
  pinHash: z.string().optional(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  voidedAt: z.string().optional(),
  voidedBy: z.string().optional(),
});
export type LoginCard = z.infer<typeof LoginCard>;

/** POST /api/school/login-cards: the pupils named, the pupils of a class, or both. */
export const IssueLoginCards = z
  .object({
    personIds: z.array(z.string().min(1).max(100)).min(1).max(500).optional(),
    groupId: z.string().min(1).max(100).optional(),
  })
  .refine((request) => request.personIds !== undefined || request.groupId !== undefined, {
    message: "name the pupils (personIds) or their class (groupId)",
    path: ["personIds"],
  });
export type IssueLoginCards = z.infer<typeof IssueLoginCards>;

/** What the portal prints: shown once, never retrievable later. */
export const IssuedLoginCard = z.object({
  cardId: z.string(),
  personId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  displayName: z.string(),
  avatar: z.string().optional(),
  /** The pupil's picture as a data: URL (the portal's CSP allows data: images). */
  picture: z.string().optional(),
  /** Grouped for reading: `K7M2-Q9XH-3PRT`. */
  code: z.string(),
  /** The portal's card page with the code in the fragment, which never reaches a server log or Referer. */
  url: z.string(),
  /** The QR code of `url`, as SVG. */
  qrSvg: z.string(),
  /** Only when the school requires a PIN; for the teacher's list, not for the card. */
  pin: z.string().optional(),
  issuedAt: z.string(),
});
export type IssuedLoginCard = z.infer<typeof IssuedLoginCard>;

export const IssuedLoginCards = z.object({
  school: z.object({ name: z.string(), instellingsnummer: z.string() }),
  pinRequired: z.boolean(),
  cards: z.array(IssuedLoginCard),
});
export type IssuedLoginCards = z.infer<typeof IssuedLoginCards>;

/** A pupil's active card, without anything secret. */
export const LoginCardSummary = z.object({ personId: z.string(), cardId: z.string(), issuedAt: z.string(), hasPin: z.boolean() });
export type LoginCardSummary = z.infer<typeof LoginCardSummary>;

/** GET /api/school/login-cards. */
export const LoginCardList = z.object({ pinRequired: z.boolean(), cards: z.array(LoginCardSummary) });
export type LoginCardList = z.infer<typeof LoginCardList>;

/** POST /api/school/login-cards/void: one pupil's card, or (school admins) every card of the school. */
export const VoidLoginCards = z
  .object({ personId: z.string().min(1).max(100).optional(), all: z.literal(true).optional() })
  .refine((request) => (request.personId === undefined) !== (request.all === undefined), {
    message: "give either personId or all: true",
    path: ["personId"],
  });
export type VoidLoginCards = z.infer<typeof VoidLoginCards>;

export const VoidedLoginCards = z.object({ voided: z.number().int().min(0) });

/** PUT /api/school/login-card-settings. */
export const LoginCardSettings = z.object({ pinRequired: z.boolean() });
export type LoginCardSettings = z.infer<typeof LoginCardSettings>;

/** POST /api/auth/card's answer; the session is in the cookie. */
export const CardSignedIn = z.object({ displayName: z.string() });
