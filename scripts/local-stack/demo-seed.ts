/**
 * Demo data for `npm start`: two schools (the second for isolation checks), a teacher, a
 * school admin, two classes of pupils, a tool provider user and an operator, each with an
 * account at the local OpenID provider. Idempotent: ids are derived from fixed keys and
 * passwords are kept in `<data>/demo.json`, which lists every demo account.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { documentStore } from "../../shared/adapters/index.js";
import { identityLinkId, type IdentityLink, type PlatformAccount, type Role } from "../../shared/identity/index.js";
import { ensureSchool, membershipId, type Group, type Membership, type Person } from "../../shared/schools/index.js";
import { applyLicenceFact, factOfEvent, installWebhookSecret, type LicenceChangeEvent } from "../../shared/licences/index.js";
import { demoFramedToolId, demoLtiToolId, demoProviderId, seedDemoCatalogue } from "./demo-catalogue.js";
import { hashPassword, readAccounts, updateAccounts, type LocalAccount } from "./local-accounts.js";

interface DemoPerson {
  key: string;
  givenName: string;
  familyName: string;
  role: Role;
  /** School key; absent for consortium accounts. */
  school?: "demo" | "second";
  classKey?: string;
  avatar?: string;
  /** Young pupils sign in with a login card and have no IdP account. */
  cardOnly?: boolean;
}

const schools = {
  demo: { instellingsnummer: "999101", name: "Basisschool De Leerboom (demo)" },
  second: { instellingsnummer: "999202", name: "Campus Tweede Kans (demo)" },
} as const;

const classes = [
  { key: "1A", school: "demo", name: "1A" },
  { key: "5B", school: "demo", name: "5B" },
  { key: "3TSO", school: "second", name: "3 Houttechnieken" },
] as const;

const youngPupils = [
  ["Noor", "Claes", "🦊"],
  ["Finn", "Wouters", "🐢"],
  ["Lina", "Jacobs", "🦉"],
  ["Mats", "Mertens", "🐙"],
  ["Ella", "Willems", "🦋"],
  ["Arthur", "Goossens", "🐳"],
] as const;
const olderPupils = [
  ["Emma", "Janssens"],
  ["Louis", "Hermans"],
  ["Olivia", "Dubois"],
  ["Jules", "Vermeulen"],
  ["Mila", "Lambert"],
  ["Victor", "De Smet"],
] as const;

const people: DemoPerson[] = [
  { key: "teacher", givenName: "Lotte", familyName: "Peeters", role: "teacher", school: "demo" },
  { key: "schooladmin", givenName: "Jan", familyName: "Maes", role: "schoolAdmin", school: "demo" },
  ...youngPupils.map(([givenName, familyName, avatar], i): DemoPerson => ({
    key: `pupil-1a-${i + 1}`, givenName, familyName, avatar, role: "pupil", school: "demo", classKey: "1A", cardOnly: true,
  })),
  ...olderPupils.map(([givenName, familyName], i): DemoPerson => ({
    key: `pupil-5b-${i + 1}`, givenName, familyName, role: "pupil", school: "demo", classKey: "5B",
  })),
  { key: "second-teacher", givenName: "Sofie", familyName: "Verhoeven", role: "teacher", school: "second" },
  { key: "second-pupil", givenName: "Amir", familyName: "El Amrani", role: "pupil", school: "second", classKey: "3TSO" },
  { key: "provider", givenName: "Pieter", familyName: "Tools", role: "provider" },
  { key: "operator", givenName: "Greet", familyName: "Consortium", role: "operator" },
];

/** A stable UUID-shaped id for a demo key, so a second seeding overwrites instead of duplicating. */
const demoId = (key: string): string => {
  const hex = createHash("sha256").update(`leerspoor-demo:${key}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export interface DemoAccount {
  login: string;
  password: string | null;
  role: Role;
  name: string;
  school: string | null;
  signIn: string;
}

export async function seedDemo(dataDir: string, portalUrl: string, demoToolUrl: string, now = new Date()): Promise<string> {
  const demoFile = join(dataDir, "demo.json");
  const previous = await readFile(demoFile, "utf8").then(
    (text) => JSON.parse(text) as { accounts: DemoAccount[]; providerApiKey?: string; provider?: { webhookSecret?: string } },
    () => ({ accounts: [] as DemoAccount[], providerApiKey: undefined, provider: undefined }),
  );
  const passwordOf = (login: string) =>
    previous.accounts.find((a) => a.login === login)?.password ?? randomBytes(9).toString("base64url");

  const schoolData = documentStore().container("school-data");
  const platform = documentStore().container("platform");
  const tenantIds = {
    demo: (await ensureSchool(schools.demo.instellingsnummer, schools.demo.name, now)).id,
    second: (await ensureSchool(schools.second.instellingsnummer, schools.second.name, now)).id,
  };
  for (const group of classes) {
    await schoolData.upsert<Group>({
      id: demoId(`class:${group.key}`), schoolId: tenantIds[group.school], type: "group", groupType: "class",
      name: group.name, status: "active", createdAt: now.toISOString(),
    });
  }

  const accountsFile = join(dataDir, "idp-accounts.json");
  const existingAccounts = await readAccounts(accountsFile);
  const idpAccounts: LocalAccount[] = [];
  const demoAccounts: DemoAccount[] = [];
  for (const person of people) {
    const id = demoId(person.key);
    const name = `${person.givenName} ${person.familyName}`;
    const schoolId = person.school ? tenantIds[person.school] : undefined;
    const email = `${person.key}@demo.leerspoor.local`;
    if (schoolId) {
      await schoolData.upsert<Person>({
        id, schoolId, type: "person", roles: [person.role as Person["roles"][number]], givenName: person.givenName,
        familyName: person.familyName, ...(person.cardOnly ? {} : { email }), ...(person.avatar ? { avatar: person.avatar } : {}),
        status: "active", createdAt: now.toISOString(), updatedAt: now.toISOString(),
      });
      if (person.classKey) {
        const groupId = demoId(`class:${person.classKey}`);
        await schoolData.upsert<Membership>({
          id: membershipId(groupId, id), schoolId, type: "membership", groupId, personId: id, role: "pupil", status: "active",
        });
      }
    } else {
      await platform.upsert<PlatformAccount>({
        id, kind: "account", displayName: name, roles: [person.role], ...(person.role === "provider" ? { providerId: demoProviderId } : {}), createdAt: now.toISOString(),
      });
    }
    const school = person.school ? `${schools[person.school].name} (${schools[person.school].instellingsnummer})` : null;
    if (person.cardOnly) {
      demoAccounts.push({ login: name, password: null, role: person.role, name, school, signIn: `${portalUrl}/school/kaarten (print a card as the teacher)` });
      continue;
    }
    const subject = `demo|${person.key}`;
    const password = passwordOf(person.key);
    const kept = previous.accounts.some((a) => a.login === person.key) ? existingAccounts.find((a) => a.sub === subject) : undefined;
    idpAccounts.push({
      sub: subject, login: person.key, passwordHash: kept?.passwordHash ?? (await hashPassword(password)), email, emailVerified: true, name,
      givenName: person.givenName, familyName: person.familyName, roles: [person.role],
      ...(person.school ? { instellingsnummer: schools[person.school].instellingsnummer } : {}),
    });
    await platform.upsert<IdentityLink>({
      id: identityLinkId(subject), kind: "identity-link", subject, personId: id, ...(schoolId ? { schoolId } : {}), createdAt: now.toISOString(),
    });
    demoAccounts.push({ login: person.key, password, role: person.role, name, school, signIn: `${portalUrl}/login` });
  }

  const catalogue = await seedDemoCatalogue({
    demoSchoolId: tenantIds.demo, providerAccountId: demoId("provider"), operatorAccountId: demoId("operator"), previousApiKey: previous.providerApiKey, demoToolUrl, now,
  });

  const webhookSecret = previous.provider?.webhookSecret ?? `whsec_${randomBytes(32).toString("base64")}`;
  await installWebhookSecret(catalogue.providerId, webhookSecret, now);
  // Through the same store-and-project path as a webhook; a fixed order makes it idempotent, and a newer event from the provider wins.
  await applyLicenceFact(catalogue.providerId, factOfEvent(demoLicence("demo-rekentool-school", demoLtiToolId()), "demo-seed-licence"), now);
  await applyLicenceFact(catalogue.providerId, factOfEvent(demoLicence("demo-rekentool-portaal-school", demoFramedToolId()), "demo-seed-licence-portaal"), now);

  await updateAccounts(accountsFile, (accounts) => ({ accounts: [...accounts.filter((account) => !account.sub.startsWith("demo|")), ...idpAccounts], result: undefined }));
  await writeFile(
    demoFile,
    JSON.stringify({
      portal: portalUrl, schools: Object.values(schools), accounts: demoAccounts,
      /** `webhookSecret` signs licence webhooks to ${portal}/api/webhooks/licences/<providerId> (Standard Webhooks). */
      provider: { providerId: catalogue.providerId, name: catalogue.providerName, webhookSecret },
      /** The demo provider's API key: `Authorization: Bearer <key>` on /api/provider/… (see /api/openapi.json). */
      providerApiKey: catalogue.providerApiKey,
    }, null, 2),
    { mode: 0o600 },
  );
  return demoFile;
}

/** The demo school's licence for one of the demo LTI tool's registrations: the whole school, no seat limit. */
const demoLicence = (licenceId: string, toolId: string): LicenceChangeEvent => ({
  type: "licence.granted",
  timestamp: "2025-09-01T00:00:00.000Z",
  data: {
    licenceId,
    version: 1,
    instellingsnummer: schools.demo.instellingsnummer,
    scope: { level: "school" },
    toolIds: [toolId],
    validFrom: "2025-09-01",
    validUntil: "2031-08-31",
  },
});
