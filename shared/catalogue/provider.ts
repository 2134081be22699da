import { z } from "zod";

/**
 * The intentieverklaring: the Flemish privacy statement of intent in which a supplier of
 * digital learning resources commits to handle pupils' data lawfully. The provider records
 * that it signed (who signed, on which day, which version); the reviewer sees it.
 */
export const Intentieverklaring = z
  .object({
    version: z.string().trim().min(1).max(40).describe("The version of the statement that was signed, as printed on it"),
    signedOn: z.iso.date().describe("The day it was signed"),
    signatory: z
      .object({ name: z.string().trim().min(1).max(200), role: z.string().trim().min(1).max(200).describe("The signatory's function, e.g. CEO") })
      .strict(),
    recordedAt: z.string(),
    recordedBy: z.object({ id: z.string(), name: z.string() }),
  })
  .meta({ id: "Intentieverklaring" });
export type Intentieverklaring = z.infer<typeof Intentieverklaring>;

export const SignedIntentieverklaring = Intentieverklaring.pick({ version: true, signedOn: true, signatory: true }).strict().meta({ id: "SignedIntentieverklaring" });
export type SignedIntentieverklaring = z.infer<typeof SignedIntentieverklaring>;

/** A tool provider organisation, the tenant of the `provider-data` container. */
export const Provider = z.object({
  id: z.string(),
  providerId: z.string(),
  type: z.literal("provider"),
  name: z.string().trim().min(1).max(200),
  contactEmail: z.email().max(254),
  intentieverklaring: Intentieverklaring.optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type Provider = z.infer<typeof Provider>;

export const NewProvider = Provider.pick({ name: true, contactEmail: true }).strict().meta({ id: "NewProvider" });
export type NewProvider = z.infer<typeof NewProvider>;

/** A provider organisation as the API shows it. */
export const ProviderView = z
  .object({
    providerId: z.string(),
    name: z.string(),
    contactEmail: z.string(),
    intentieverklaring: Intentieverklaring.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    etag: z.string().describe("Send it back in If-Match to change the organisation"),
  })
  .meta({ id: "Provider" });
export type ProviderView = z.infer<typeof ProviderView>;
