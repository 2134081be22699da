/**
 * Licences: providers tell Leerspoor by webhook (or snapshot) which school, class, teacher or
 * pupil may use their tools; Leerspoor projects that into one entitlement per school × tool,
 * which a launch of a licensed tool checks with one cached point read.
 *
 * Routes (functions/…), with who may call them:
 * - public: POST webhooks/licences/{providerId} (Standard Webhooks signature, intake.ts),
 *   GET webhooks/licences/schema.json (the event's JSON Schema).
 * - provider (session or API key; in the provider API's OpenAPI document, with the webhook
 *   under `webhooks`): GET/POST provider/webhook-secrets (metadata; rotate, the new secret shown
 *   once), GET provider/webhook-deliveries (its delivery log), GET provider/licences and
 *   PUT provider/licences/schools/{instellingsnummer} (reconciliation.ts), POST
 *   provider/webhooks/test-event (signs a licence.test, a ping that licenses nothing, and posts
 *   it to the webhook route over HTTP, test-event.ts).
 * - schoolAdmin: GET school/licences (per tool: scope, seats used/total, validity with the
 *   30-day warning, refusals; school-overview.ts).
 * - operator: GET operator/webhook-deliveries (all providers, failed by default),
 *   POST operator/webhook-deliveries/{providerId}/{webhookId}/replay (from the archived request;
 *   the delivery's dead letters leave the dead-letter queue), GET operator/licences
 *   (every licence, newest change first, paged and filtered) and GET operator/licences/refusals
 *   (the refused launches per school × tool; operator-overview.ts).
 * - queue `licence-events`: licence-event-process (processing.ts).
 *
 * Intake → processing: the raw request is archived in `webhooks-raw`, verified against the
 * provider's current and previous secret (webhook-secrets.ts: encrypted at rest under
 * LICENCE_WEBHOOK_SECRET_KEY), validated, recorded as a WebhookDelivery and queued; only then
 * is it answered 204. The processor is idempotent on the webhook id; events and snapshots
 * share one path (projection.ts): store the fact if newer (licence-facts.ts, pure), then
 * always project the stored licence onto the entitlements, comparing before writing, so a
 * redelivery after a crash completes the work and an equal snapshot writes nothing.
 *
 * Documents in `provider-data`: "licence" (StoredLicence), "licence-revocation" (a revocation
 * of a licence never seen), "webhook-delivery", "webhook-secrets"; in `school-data`:
 * "entitlement", "seat", "licence-refusals" (a count per tool × day).
 *
 * Enforcement (enforcement.ts, seats.ts, refusals.ts): a grant applies when it is valid on
 * today's Europe/Brussels date and its scope names the person (school; one of their classes;
 * them as teacher or pupil). Seat-limited grants give seats first come, first served, and take
 * back the seats of people who left; refusals are counted per school × tool × day.
 */
export {
  compareLicenceOrder,
  LicenceChangeEvent,
  LicenceEvent,
  licenceEventTypes,
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
export {
  DeliveryPage,
  DeliveryQuery,
  DeliveryView,
  LicenceEventMessage,
  listDeliveries,
  OperatorDeliveryQuery,
  replayDelivery,
} from "./deliveries.js";
export { maxWebhookBytes, receiveLicenceWebhook, type LicenceWebhookRequest } from "./intake.js";
export { applyFact, factOfEvent, LicenceRevocation, normalisedState, type LicenceFact, type LicenceRecord } from "./licence-facts.js";
export { processLicenceEvent } from "./processing.js";
export { applyLicenceFact, projectLicence, type ProjectionHooks } from "./projection.js";
export { applySnapshot, HeldLicencePage, HeldLicenceQuery, listHeldLicences, SnapshotReport } from "./reconciliation.js";
export { licenceEventJsonSchema, licenceWebhookDescription } from "./webhook-description.js";
export {
  installWebhookSecret,
  IssuedWebhookSecret,
  listWebhookSecrets,
  previousSecretValidHours,
  rotateWebhookSecret,
  signingSecretOf,
  WebhookSecretList,
  webhookSecretsOf,
} from "./webhook-secrets.js";
export { brusselsDateOf, grantKeyOf, grantsFor, isValidOn, scopeMatches, type LicenceHolder } from "./enforcement.js";
export { listSchoolEntitlements, readEntitlement } from "./entitlements.js";
export { countRefusal, LicenceRefusalReason, listRefusalCounts, RefusalCount } from "./refusals.js";
export { claimSeat, Seat, seatDocumentId, seatsInUse, seatsOf, type SeatOutcome } from "./seats.js";
export { listOperatorLicences, operatorRefusals, OperatorLicenceQuery } from "./operator-overview.js";
export { schoolLicences, validityOn } from "./school-overview.js";
export { sendTestEvent } from "./test-event.js";
export {
  expiryWarningDays,
  GrantValidity,
  OperatorLicencePage,
  OperatorLicenceStatus,
  OperatorLicenceView,
  OperatorRefusals,
  OperatorRefusalView,
  RefusalTally,
  refusalWindowDays,
  SchoolGrantView,
  SchoolLicences,
  SchoolToolLicences,
  TestEventResult,
} from "./views.js";
