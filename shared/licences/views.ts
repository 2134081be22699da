import { z } from "zod";

/*
 * What the portal shows of licences (zod only, so the browser parses the API's answers with
 * these schemas): the school admin's licences per tool with seats, validity and refusals.
 */

/** Days before the end of a licence from which the school admin sees a warning. */
export const expiryWarningDays = 30;

export const GrantValidity = z.enum(["upcoming", "active", "expired"]);
export type GrantValidity = z.infer<typeof GrantValidity>;

export const SchoolGrantView = z.object({
  providerId: z.string(),
  providerName: z.string(),
  licenceId: z.string(),
  /** The class or person by the school's own name; absent while the roster does not know them yet. */
  scope: z.object({ level: z.enum(["school", "class", "teacher", "pupil"]), name: z.string().optional() }),
  seats: z.object({ total: z.int(), used: z.int() }).optional(),
  validFrom: z.string(),
  validUntil: z.string(),
  validity: GrantValidity,
  /** Days left when the licence ends within `expiryWarningDays` (0 = its last day is today). */
  expiresInDays: z.int().optional(),
});
export type SchoolGrantView = z.infer<typeof SchoolGrantView>;

export const RefusalTally = z.object({ noLicence: z.int(), seatsExhausted: z.int() });
export type RefusalTally = z.infer<typeof RefusalTally>;

export const SchoolToolLicences = z.object({
  toolId: z.string(),
  title: z.object({ nl: z.string(), en: z.string().optional(), fr: z.string().optional() }),
  grants: z.array(SchoolGrantView),
  /** Launches refused in the last `refusalWindowDays` days. */
  refusals: RefusalTally,
});
export type SchoolToolLicences = z.infer<typeof SchoolToolLicences>;

export const refusalWindowDays = 30;

export const SchoolLicences = z.object({ today: z.string(), tools: z.array(SchoolToolLicences) });
export type SchoolLicences = z.infer<typeof SchoolLicences>;
