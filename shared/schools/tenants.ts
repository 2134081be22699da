import { z } from "zod";
import { AlreadyExists, documentStore, type Stored } from "../adapters/index.js";
import { Instellingsnummer, schoolIdOfInstellingsnummer } from "./instellingsnummer.js";

export { Instellingsnummer, schoolIdOfInstellingsnummer };

const kboChecksumHolds = (digits: string): boolean => 97 - (Number(digits.slice(0, 8)) % 97) === Number(digits.slice(8));

/** KBO/BCE enterprise number of a training centre or company: ten digits, mod-97 check. */
export const EnterpriseNumber = z
  .string()
  .trim()
  .transform((value) => value.replace(/[.\s]/g, "").replace(/^BE/i, ""))
  .pipe(z.string().regex(/^[01]\d{9}$/, "an enterprise number has ten digits and starts with 0 or 1"))
  .refine(kboChecksumHolds, "the enterprise number's check digits do not match");

export const TenantType = z.enum(["school", "training-centre", "company"]);
export type TenantType = z.infer<typeof TenantType>;

/** A school, training centre or company: the unit that owns its people, classes and data. */
export const Tenant = z.object({
  id: z.string(),
  kind: z.literal("tenant"),
  tenantType: TenantType,
  name: z.string().trim().min(1).max(200),
  instellingsnummer: z.string().optional(),
  enterpriseNumber: z.string().optional(),
  /** Login cards of young pupils work only together with the pupil's four-digit PIN. */
  loginCardPinRequired: z.boolean().optional(),
  createdAt: z.string(),
});
export type Tenant = z.infer<typeof Tenant>;

export const NewTenant = z.discriminatedUnion("tenantType", [
  z.object({ tenantType: z.literal("school"), name: Tenant.shape.name, instellingsnummer: Instellingsnummer }),
  z.object({ tenantType: z.enum(["training-centre", "company"]), name: Tenant.shape.name, enterpriseNumber: EnterpriseNumber }),
]);
export type NewTenant = z.infer<typeof NewTenant>;

/** The tenant id follows from its official number, so the same school can never be created twice. */
export function tenantIdOf(tenant: NewTenant): string {
  return tenant.tenantType === "school" ? schoolIdOfInstellingsnummer(tenant.instellingsnummer) : `kbo-${tenant.enterpriseNumber}`;
}

const tenants = () => documentStore().container("platform");

export class TenantExists extends Error {
  constructor(readonly tenantId: string) {
    super(`Tenant ${tenantId} already exists`);
  }
}

export async function createTenant(input: NewTenant, now = new Date()): Promise<Stored<Tenant>> {
  const tenant: Tenant = {
    id: tenantIdOf(input),
    kind: "tenant",
    tenantType: input.tenantType,
    name: input.name,
    ...(input.tenantType === "school" ? { instellingsnummer: input.instellingsnummer } : { enterpriseNumber: input.enterpriseNumber }),
    createdAt: now.toISOString(),
  };
  try {
    return await tenants().create(tenant);
  } catch (error) {
    if (error instanceof AlreadyExists) throw new TenantExists(tenant.id);
    throw error;
  }
}

/** The school of this instellingsnummer, created on first use (first sign-in of its admin). */
export async function ensureSchool(instellingsnummer: string, name: string, now = new Date()): Promise<Tenant> {
  const input = NewTenant.parse({ tenantType: "school", name, instellingsnummer });
  const existing = await readTenant(tenantIdOf(input));
  if (existing) return existing;
  try {
    return await createTenant(input, now);
  } catch (error) {
    if (error instanceof TenantExists) return (await readTenant(error.tenantId))!;
    throw error;
  }
}

export async function readTenant(tenantId: string): Promise<Tenant | undefined> {
  return tenants().read<Tenant>(tenantId, "tenant");
}

export async function listTenants(): Promise<Tenant[]> {
  return tenants().query<Tenant>({ query: "SELECT * FROM c WHERE c.kind = 'tenant' ORDER BY c.name" }, { partitionKey: "tenant" });
}

/** Turns the PIN requirement of login cards on or off, with optimistic concurrency. */
export async function setLoginCardPinRequired(tenantId: string, required: boolean): Promise<Tenant | undefined> {
  return tenants().modify<Tenant>(tenantId, "tenant", (current) => ({ ...current, loginCardPinRequired: required }));
}
