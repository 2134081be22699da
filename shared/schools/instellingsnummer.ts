import { z } from "zod";

/*
 * The instellingsnummer and the school id it gives, zod only: the tenants registry uses them,
 * and so do the licence shapes that the portal and providers' validators load.
 */

/**
 * Instellingsnummer: the number under which the Flemish Department of Education knows a
 * school (up to six digits, written with leading zeros).
 */
export const Instellingsnummer = z
  .string()
  .trim()
  .regex(/^\d{1,6}$/, "an instellingsnummer has at most six digits")
  .transform((value) => value.padStart(6, "0"))
  .refine((value) => value !== "000000", "an instellingsnummer is not zero");

/** The id of a school's tenant: it follows from the (padded) instellingsnummer, so it is known before the school's first sign-in. */
export const schoolIdOfInstellingsnummer = (instellingsnummer: string): string => `school-${instellingsnummer}`;
