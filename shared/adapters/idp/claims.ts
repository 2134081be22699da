import { z } from "zod";

/**
 * The id_token claims the portal uses, as Auth0 (and the local provider) issue them, mapped
 * to the portal's names. Roles and instellingsnummer (the school's official number) are added
 * by the tenant's Actions, namespaced as Auth0 requires for custom claims; `connection` says
 * how the user signed in (leerid, smartschool, google-oauth2, windowslive,
 * Username-Password-Authentication).
 */
export const IdTokenClaims = z
  .object({
    email: z.string().min(1).optional(),
    email_verified: z.boolean().optional(),
    name: z.string().min(1).optional(),
    given_name: z.string().min(1).optional(),
    family_name: z.string().min(1).optional(),
    "https://leerspoor.be/instellingsnummer": z.string().min(1).optional(),
    "https://leerspoor.be/roles": z.array(z.string().min(1)).default([]),
    "https://leerspoor.be/connection": z.string().min(1).optional(),
    /** The pupil's or teacher's LeerID, when they signed in through LeerID. */
    "https://leerspoor.be/leerid": z.string().min(1).optional(),
  })
  .transform((claims) => ({
    email: claims.email,
    emailVerified: claims.email_verified ?? false,
    name: claims.name,
    givenName: claims.given_name,
    familyName: claims.family_name,
    instellingsnummer: claims["https://leerspoor.be/instellingsnummer"],
    roles: claims["https://leerspoor.be/roles"],
    connection: claims["https://leerspoor.be/connection"],
    leerId: claims["https://leerspoor.be/leerid"],
  }));
export type IdTokenClaims = z.output<typeof IdTokenClaims>;
