import { randomUUID } from "node:crypto";
import { documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import { appSettings } from "../config/index.js";
import { createProviderInvitation, type IssuedProviderInvitation, type NewProviderInvitation, type ProviderCaller } from "../identity/index.js";
import { assertIfMatch, changedInBetween, etagHeader } from "./etags.js";
import { Provider, type NewProvider, type ProviderView, type SignedIntentieverklaring } from "./provider.js";

const providerData = () => documentStore().container("provider-data");

export function providerViewOf(provider: Stored<Provider>): ProviderView {
  return {
    providerId: provider.providerId,
    name: provider.name,
    contactEmail: provider.contactEmail,
    intentieverklaring: provider.intentieverklaring ?? null,
    createdAt: provider.createdAt,
    updatedAt: provider.updatedAt,
    etag: etagHeader(provider._etag),
  };
}

/** An operator registers a provider organisation; its users join by invitation. */
export async function createProvider(input: NewProvider, createdBy: string, now = new Date()): Promise<ProviderView> {
  const providerId = randomUUID();
  const provider: Provider = {
    id: providerId,
    providerId,
    type: "provider",
    name: input.name,
    contactEmail: input.contactEmail.toLowerCase(),
    createdAt: now.toISOString(),
    createdBy,
    updatedAt: now.toISOString(),
  };
  return providerViewOf(await providerData().create(provider));
}

export async function readProvider(providerId: string): Promise<Stored<Provider> | undefined> {
  const found = await providerData().read<Provider>(providerId, providerId);
  return found?.type === "provider" ? found : undefined;
}

const byName = new Intl.Collator("nl", { sensitivity: "base", numeric: true });

/** Every provider organisation, for operators: the one query across providers besides the review queue. */
export async function listProviders(): Promise<ProviderView[]> {
  const providers = await providerData().query<Stored<Provider>>({ query: "SELECT * FROM c WHERE c.type = 'provider'" });
  return providers.sort((a, b) => byName.compare(a.name, b.name)).map(providerViewOf);
}

/** Records that the provider signed the intentieverklaring; undefined when the organisation is unknown. */
export async function recordIntentieverklaring(
  caller: ProviderCaller,
  signed: SignedIntentieverklaring,
  ifMatch: string | undefined,
  now = new Date(),
): Promise<ProviderView | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await readProvider(caller.providerId);
    if (!current) return undefined;
    assertIfMatch(ifMatch, current._etag);
    const next: Provider = {
      ...Provider.parse(current),
      intentieverklaring: { ...signed, recordedAt: now.toISOString(), recordedBy: { id: caller.actorId, name: caller.actorName } },
      updatedAt: now.toISOString(),
    };
    try {
      return providerViewOf(await providerData().replace(next, current._etag));
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
      if (ifMatch !== undefined) throw changedInBetween();
    }
  }
  throw changedInBetween();
}

/**
 * Invites a user to a provider organisation: the link signs them in (any IdP account) and
 * makes them a provider user. The token is in this answer only.
 */
export async function inviteProviderUser(
  providerId: string,
  input: NewProviderInvitation,
  createdBy: string,
  now = new Date(),
): Promise<IssuedProviderInvitation | undefined> {
  if (!(await readProvider(providerId))) return undefined;
  const { invitation, token } = await createProviderInvitation(providerId, input, createdBy, now);
  return { invitation, token, signInUrl: `${appSettings().PUBLIC_BASE_URL}/api/auth/login?invitation=${token}` };
}
