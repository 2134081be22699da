import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { AlreadyExists, documentStore } from "../adapters/index.js";
import { HttpProblem } from "../runtime/index.js";
import { createPerson, displayNameOf, ensureSchool, findPeopleByLogin, readPerson, type Person } from "../schools/index.js";
import { consumeInvitation, findOpenInvitation, invitationInvalid } from "./invitations.js";
import { platformRoles, Role } from "./roles.js";

/** What the IdP says about the person signing in (openid claims plus Leerspoor's namespaced ones). */
export interface SignInIdentity {
  subject: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  givenName?: string;
  familyName?: string;
  leerId?: string;
  instellingsnummer?: string;
  roles: string[];
}

/** Links an IdP account to a person of a school or to a platform account; keyed by a hash of the subject. */
export const IdentityLink = z.object({
  id: z.string(),
  kind: z.literal("identity-link"),
  subject: z.string(),
  personId: z.string(),
  schoolId: z.string().optional(),
  createdAt: z.string(),
});
export type IdentityLink = z.infer<typeof IdentityLink>;

/** A consortium account: operator, researcher or tool provider user; not part of a school. */
export const PlatformAccount = z.object({
  id: z.string(),
  kind: z.literal("account"),
  displayName: z.string(),
  roles: z.array(Role).min(1),
  providerId: z.string().optional(),
  createdAt: z.string(),
});
export type PlatformAccount = z.infer<typeof PlatformAccount>;

export interface ResolvedAccount {
  personId: string;
  displayName: string;
  roles: Role[];
  schoolId?: string;
  providerId?: string;
}

const platform = () => documentStore().container("platform");
export const identityLinkId = (subject: string): string => createHash("sha256").update(subject).digest("hex");

const ambiguousAccount = (): HttpProblem =>
  new HttpProblem(409, "ambiguous-account", "Account in several schools", "This e-mail or LeerID is in more than one school's roster; the school admin must correct it");

export const unknownAccount = (): HttpProblem =>
  new HttpProblem(403, "unknown-account", "Account not known", "No school has this account in its roster; ask the school's ICT coordinator");

async function link(subject: string, personId: string, schoolId: string | undefined, now: Date): Promise<void> {
  try {
    await platform().create<IdentityLink>({
      id: identityLinkId(subject),
      kind: "identity-link",
      subject,
      personId,
      ...(schoolId ? { schoolId } : {}),
      createdAt: now.toISOString(),
    });
  } catch (error) {
    if (!(error instanceof AlreadyExists)) throw error;
  }
}

const fromPerson = (person: Person): ResolvedAccount => ({
  personId: person.id,
  displayName: displayNameOf(person),
  roles: person.roles,
  schoolId: person.schoolId,
});

async function firstSignIn(identity: SignInIdentity, now: Date): Promise<ResolvedAccount> {
  const claimed = identity.roles.filter((role): role is Role => Role.safeParse(role).success);
  const platformClaimed = claimed.filter((role) => (platformRoles as readonly string[]).includes(role));
  const displayName = identity.name ?? ([identity.givenName, identity.familyName].filter(Boolean).join(" ") || "—");

  // Consortium roles are granted in the IdP (Auth0 app metadata), never by a school.
  if (platformClaimed.length > 0) {
    const account: PlatformAccount = { id: randomUUID(), kind: "account", displayName, roles: platformClaimed, createdAt: now.toISOString() };
    await platform().create(account);
    await link(identity.subject, account.id, undefined, now);
    return { personId: account.id, displayName, roles: account.roles };
  }

  // Someone in a school's roster, found by LeerID or verified e-mail.
  const candidates = await findPeopleByLogin({
    ...(identity.leerId ? { leerId: identity.leerId } : {}),
    ...(identity.email && identity.emailVerified ? { email: identity.email.toLowerCase() } : {}),
  });
  if (candidates.length === 1) {
    const person = candidates[0]!;
    await link(identity.subject, person.id, person.schoolId, now);
    return fromPerson(person);
  }
  if (candidates.length > 1) throw ambiguousAccount();

  // A school admin whose IdP account carries the instellingsnummer opens the school.
  if (identity.instellingsnummer && claimed.includes("schoolAdmin")) {
    const school = await ensureSchool(identity.instellingsnummer, `School ${identity.instellingsnummer}`, now);
    const person = await createPerson(
      { schoolId: school.id },
      {
        roles: ["schoolAdmin"],
        givenName: identity.givenName ?? displayName,
        familyName: identity.familyName ?? "",
        ...(identity.email && identity.emailVerified ? { email: identity.email } : {}),
      },
      now,
    );
    await link(identity.subject, person.id, school.id, now);
    return fromPerson(person);
  }

  throw unknownAccount();
}

/**
 * A sign-in that carries an operator's invitation: the account (created now when the IdP
 * account is new to Leerspoor) becomes a user of the invitation's provider organisation. The
 * invitation is used up before anything is granted, so it grants once.
 */
async function acceptInvitation(identity: SignInIdentity, token: string, now: Date): Promise<ResolvedAccount> {
  const invitation = await findOpenInvitation(token, now);
  if (!invitation) throw invitationInvalid();
  const existing = await platform().read<IdentityLink>(identityLinkId(identity.subject), "identity-link");
  if (existing?.schoolId) {
    throw new HttpProblem(409, "invitation-for-school-account", "School account", "A school's account cannot join a provider organisation; sign in with another account");
  }
  const account = existing ? await platform().read<PlatformAccount>(existing.personId, "account") : undefined;
  if (existing && !account) throw unknownAccount();
  if (account?.providerId && account.providerId !== invitation.providerId) {
    throw new HttpProblem(409, "other-provider", "Other provider", "This account already belongs to another provider organisation");
  }
  const personId = account?.id ?? randomUUID();
  if (!(await consumeInvitation(invitation, personId, now))) throw invitationInvalid();
  const displayName = account?.displayName ?? (identity.name ?? ([identity.givenName, identity.familyName].filter(Boolean).join(" ") || "—"));
  const roles: Role[] = [...new Set<Role>([...(account?.roles ?? []), "provider"])];
  if (account) {
    await platform().replace({ ...account, roles, providerId: invitation.providerId }, account._etag);
  } else {
    await platform().create<PlatformAccount>({ id: personId, kind: "account", displayName, roles, providerId: invitation.providerId, createdAt: now.toISOString() });
    await link(identity.subject, personId, undefined, now);
  }
  return { personId, displayName, roles, providerId: invitation.providerId };
}

/**
 * The account an IdP sign-in stands for: linked before, or linked now on first sign-in; with
 * an invitation, the account joins the invitation's provider organisation.
 */
export async function resolveAccount(identity: SignInIdentity, now = new Date(), options: { invitation?: string } = {}): Promise<ResolvedAccount> {
  if (options.invitation) return acceptInvitation(identity, options.invitation, now);
  const existing = await platform().read<IdentityLink>(identityLinkId(identity.subject), "identity-link");
  if (!existing) return firstSignIn(identity, now);
  if (existing.schoolId) {
    const person = await readPerson({ schoolId: existing.schoolId }, existing.personId);
    if (!person || person.status !== "active") throw unknownAccount();
    return fromPerson(person);
  }
  const account = await platform().read<PlatformAccount>(existing.personId, "account");
  if (!account) throw unknownAccount();
  return {
    personId: account.id,
    displayName: account.displayName,
    roles: account.roles,
    ...(account.providerId ? { providerId: account.providerId } : {}),
  };
}

/** The IdP subjects linked to a person, e.g. to remove their IdP accounts on erasure. */
export async function subjectsOf(personId: string): Promise<string[]> {
  const links = await platform().query<{ subject: string }>(
    { query: "SELECT c.subject FROM c WHERE c.personId = @personId", parameters: [{ name: "@personId", value: personId }] },
    { partitionKey: "identity-link" },
  );
  return links.map((l) => l.subject);
}

export async function unlinkPerson(personId: string): Promise<void> {
  for (const subject of await subjectsOf(personId)) await platform().delete(identityLinkId(subject), "identity-link");
}
