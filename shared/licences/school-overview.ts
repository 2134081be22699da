import { liveToolFor, readProvider } from "../catalogue/index.js";
import { displayNameOf, readGroup, readPerson, type SchoolScope } from "../schools/index.js";
import { brusselsDateOf } from "./enforcement.js";
import { listSchoolEntitlements } from "./entitlements.js";
import type { EntitlementGrant } from "./records.js";
import { listRefusalCounts, type RefusalCount } from "./refusals.js";
import { seatsInUse } from "./seats.js";
import { expiryWarningDays, refusalWindowDays, type GrantValidity, type RefusalTally, type SchoolGrantView, type SchoolLicences, type SchoolToolLicences } from "./views.js";

/* The school admin's view of the school's licences: per tool, who is covered, seats, validity, refusals. */

const dayNumber = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

export function validityOn(grant: Pick<EntitlementGrant, "validFrom" | "validUntil">, today: string): { validity: GrantValidity; expiresInDays?: number } {
  if (today < grant.validFrom) return { validity: "upcoming" };
  if (today > grant.validUntil) return { validity: "expired" };
  const left = daysBetween(today, grant.validUntil);
  return left <= expiryWarningDays ? { validity: "active", expiresInDays: left } : { validity: "active" };
}

export function tallyOf(counts: RefusalCount[]): RefusalTally {
  return counts.reduce((tally, count) => ({ noLicence: tally.noLicence + (count.counts["no-licence"] ?? 0), seatsExhausted: tally.seatsExhausted + (count.counts["seats-exhausted"] ?? 0) }), {
    noLicence: 0,
    seatsExhausted: 0,
  });
}

/** The first day of the refusal window that ends today. */
export const refusalWindowStart = (today: string): string => new Date((dayNumber(today) - (refusalWindowDays - 1)) * 86_400_000).toISOString().slice(0, 10);

/** Names looked up once per view: providers, classes and people named by the grants. */
function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, load(key));
    return seen.get(key)!;
  };
}

export async function schoolLicences(scope: SchoolScope, now = new Date()): Promise<SchoolLicences> {
  const today = brusselsDateOf(now);
  const [entitlements, refusals] = await Promise.all([listSchoolEntitlements(scope.schoolId), listRefusalCounts(scope.schoolId, refusalWindowStart(today))]);
  const providerName = memo(async (providerId) => (await readProvider(providerId))?.name ?? providerId);
  const groupName = memo(async (groupId) => (await readGroup(scope, groupId))?.name);
  const personName = memo(async (personId) => {
    const person = await readPerson(scope, personId);
    return person ? displayNameOf(person) : undefined;
  });

  const grantView = async (grant: EntitlementGrant): Promise<SchoolGrantView> => {
    const name =
      grant.scope.level === "class"
        ? grant.scope.groupId && (await groupName(grant.scope.groupId))
        : grant.scope.level === "school"
          ? undefined
          : grant.scope.personId && (await personName(grant.scope.personId));
    return {
      providerId: grant.providerId,
      providerName: await providerName(grant.providerId),
      licenceId: grant.licenceId,
      scope: { level: grant.scope.level, ...(name ? { name } : {}) },
      ...(grant.seats !== undefined ? { seats: { total: grant.seats, used: await seatsInUse(scope.schoolId, { ...grant, seats: grant.seats }) } } : {}),
      validFrom: grant.validFrom,
      validUntil: grant.validUntil,
      ...validityOn(grant, today),
    };
  };

  const toolIds = [...new Set([...entitlements.map((entitlement) => entitlement.toolId), ...refusals.map((count) => count.toolId)])];
  const tools = await Promise.all(
    toolIds.map(async (toolId): Promise<SchoolToolLicences> => {
      const grants = entitlements.find((entitlement) => entitlement.toolId === toolId)?.grants ?? [];
      const live = await liveToolFor(toolId);
      return {
        toolId,
        title: live?.live.metadata.title ?? { nl: toolId },
        grants: (await Promise.all(grants.map(grantView))).sort((a, b) => a.validUntil.localeCompare(b.validUntil)),
        refusals: tallyOf(refusals.filter((count) => count.toolId === toolId)),
      };
    }),
  );
  const byTitle = new Intl.Collator("nl", { sensitivity: "base", numeric: true });
  return { today, tools: tools.sort((a, b) => byTitle.compare(a.title.nl, b.title.nl)) };
}
