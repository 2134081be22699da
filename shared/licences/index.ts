/**
 * Licences: providers tell Leerspoor by webhook (or snapshot) which school, class, teacher or
 * pupil may use their tools; Leerspoor projects that into one entitlement per school × tool,
 * which a launch of a licensed tool checks with one cached point read.
 *
 * Enforcement (enforcement.ts, seats.ts, refusals.ts): a grant applies when it is valid on
 * today's Europe/Brussels date and its scope names the person (school; one of their classes;
 * them as teacher or pupil). Seat-limited grants give seats first come, first served, and take
 * back the seats of people who left; refusals are counted per school × tool × day.
 */
export {
  compareLicenceOrder,
  LicenceEvent,
  licenceEventTypes,
  LicenceInstellingsnummer,
  LicenceOrder,
  LicenceScope,
  LicenceSnapshot,
  LicenceState,
  LicenseeRef,
} from "./licence.js";
export {
  deliveryDocumentId,
  EntitlementGrant,
  entitlementDocumentId,
  licenceDocumentId,
  ResolvedScope,
  StoredLicence,
  ToolEntitlement,
  WebhookDelivery,
} from "./records.js";
export { brusselsDateOf, grantKeyOf, grantsFor, isValidOn, scopeMatches, type LicenceHolder } from "./enforcement.js";
export { listSchoolEntitlements, readEntitlement } from "./entitlements.js";
export { countRefusal, LicenceRefusalReason, listRefusalCounts, RefusalCount } from "./refusals.js";
export { claimSeat, Seat, seatDocumentId, seatsInUse, seatsOf, type SeatOutcome } from "./seats.js";
export { schoolLicences } from "./school-overview.js";
export {
  expiryWarningDays,
  GrantValidity,
  RefusalTally,
  refusalWindowDays,
  SchoolGrantView,
  SchoolLicences,
  SchoolToolLicences,
} from "./views.js";
