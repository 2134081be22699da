import type { EntitlementGrant, ToolEntitlement } from "./records.js";

/*
 * Licence resolution at launch, as pure rules: which grants of a school's entitlement to a
 * tool let this person in today. Seats are settled afterwards (seats.ts), for the grants that
 * count them.
 */

/** Who launches, as the launch already knows them. */
export interface LicenceHolder {
  personId: string;
  roles: readonly string[];
  /** The active groups the person is in (classes and teachers' groups). */
  groupIds: readonly string[];
}

/** The calendar date in Belgium (providers' validFrom/validUntil are Europe/Brussels dates). */
const brusselsDates = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Brussels", year: "numeric", month: "2-digit", day: "2-digit" });
export const brusselsDateOf = (instant: Date): string => brusselsDates.format(instant);

export const isValidOn = (grant: Pick<EntitlementGrant, "validFrom" | "validUntil">, date: string): boolean => grant.validFrom <= date && date <= grant.validUntil;

/** Whether the grant's scope names this person: the whole school, one of their classes, or them in the named role. */
export function scopeMatches(grant: EntitlementGrant, holder: LicenceHolder): boolean {
  const scope = grant.scope;
  switch (scope.level) {
    case "school":
      return true;
    case "class":
      return scope.groupId !== undefined && holder.groupIds.includes(scope.groupId);
    case "teacher":
    case "pupil":
      return scope.personId === holder.personId && holder.roles.includes(scope.level);
  }
}

/** The grants that let the holder in on `date`: those without a seat limit first, as they need no seat. */
export function grantsFor(entitlement: ToolEntitlement | undefined, holder: LicenceHolder, date: string): EntitlementGrant[] {
  if (!entitlement) return [];
  return entitlement.grants
    .filter((grant) => isValidOn(grant, date) && scopeMatches(grant, holder))
    .sort((a, b) => Number(a.seats !== undefined) - Number(b.seats !== undefined));
}

/** A grant's identity across tools: the seats of a bundle are shared by its tools. */
export const grantKeyOf = (grant: Pick<EntitlementGrant, "providerId" | "licenceId">): string => `${grant.providerId}/${grant.licenceId}`;
