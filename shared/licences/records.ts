import { z } from "zod";
import { LicenceOrder, LicenceState } from "./licence.js";

/*
 * What Leerspoor keeps of licences (zod only; the portal reads the view shapes):
 * - `provider-data` (partition providerId): one "licence" per provider licence id, the
 *   newest fact about it, and one "webhook-delivery" per webhook id (the delivery log and the
 *   idempotency record);
 * - `school-data` (partition schoolId): one "entitlement" per tool, the projection that a
 *   launch reads with one cached point read, and "seat" documents for seat-limited licences.
 * The school id of an instellingsnummer is `school-<instellingsnummer>` (schools/tenants.ts),
 * so a licence lands in the right partition before the school's first sign-in.
 */

export const licenceDocumentId = (licenceId: string): string => `licence.${licenceId}`;
export const entitlementDocumentId = (toolId: string): string => `entitlement.${toolId}`;
export const deliveryDocumentId = (webhookId: string): string => `webhook-delivery.${webhookId}`;

/** The newest fact about one licence: its state, or that it was revoked (kept, so that an older grant arriving late stays revoked). */
export const StoredLicence = z.object({
  id: z.string(),
  providerId: z.string(),
  type: z.literal("licence"),
  licenceId: z.string(),
  status: z.enum(["active", "revoked"]),
  /** The last full state the provider sent (kept after a revocation, for the views). */
  state: LicenceState,
  order: LicenceOrder,
  /**
   * The order of the fact that gave `state`: `order` while active; after a revocation, the newest
   * state older than it, so the kept state does not depend on the order facts arrived in.
   */
  stateOrder: LicenceOrder.optional(),
  schoolId: z.string(),
  /** Where the state was last projected (school × tools), so that a bundle that loses a tool is removed there. */
  projectedTools: z.array(z.string()),
  source: z.enum(["event", "snapshot"]),
  updatedAt: z.string(),
});
export type StoredLicence = z.infer<typeof StoredLicence>;

/** A licence's scope with the class or person resolved to the school's own ids (unresolved: not in the roster yet). */
export const ResolvedScope = z.discriminatedUnion("level", [
  z.object({ level: z.literal("school") }),
  z.object({ level: z.literal("class"), groupId: z.string().optional() }),
  z.object({ level: z.enum(["teacher", "pupil"]), personId: z.string().optional() }),
]);
export type ResolvedScope = z.infer<typeof ResolvedScope>;

export const EntitlementGrant = z.object({
  providerId: z.string(),
  licenceId: z.string(),
  scope: ResolvedScope,
  seats: z.int().optional(),
  validFrom: z.string(),
  validUntil: z.string(),
});
export type EntitlementGrant = z.infer<typeof EntitlementGrant>;

/** Who at a school may use one tool: every active licence that names the tool. */
export const ToolEntitlement = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("entitlement"),
  toolId: z.string(),
  grants: z.array(EntitlementGrant),
  updatedAt: z.string(),
});
export type ToolEntitlement = z.infer<typeof ToolEntitlement>;

export const WebhookDelivery = z.object({
  id: z.string(),
  providerId: z.string(),
  type: z.literal("webhook-delivery"),
  webhookId: z.string(),
  eventType: z.string().optional(),
  licenceId: z.string().optional(),
  /** The archived raw request in the `webhooks-raw` blob container. */
  blobName: z.string(),
  status: z.enum(["received", "processed", "failed"]),
  /** Why it failed (dead-lettered), or that it was older than what Leerspoor holds ("superseded"). */
  reason: z.string().optional(),
  receivedAt: z.string(),
  processedAt: z.string().optional(),
  attempts: z.int().default(0),
  /** `<receivedAt>.<webhookId>`: the delivery log's order (newest first) and paging cursor, one field so no composite index is needed. */
  logKey: z.string().optional(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
