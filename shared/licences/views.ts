import { z } from "zod";
import { LicenceState } from "./licence.js";
import { WebhookDelivery } from "./records.js";

/*
 * What the portal shows of licences (zod only, so the browser parses the API's answers with
 * these schemas): the school admin's licences per tool with seats, validity and refusals.
 */

/** Days before the end of a licence from which the school admin sees a warning. */
export const expiryWarningDays = 30;

export const GrantValidity = z.enum(["upcoming", "active", "expired"]);
export type GrantValidity = z.infer<typeof GrantValidity>;

export const SchoolGrantView = z.object({
  providerId: z.string(),
  providerName: z.string(),
  licenceId: z.string(),
  /** The class or person by the school's own name; absent while the roster does not know them yet. */
  scope: z.object({ level: z.enum(["school", "class", "teacher", "pupil"]), name: z.string().optional() }),
  seats: z.object({ total: z.int(), used: z.int() }).optional(),
  validFrom: z.string(),
  validUntil: z.string(),
  validity: GrantValidity,
  /** Days left when the licence ends within `expiryWarningDays` (0 = its last day is today). */
  expiresInDays: z.int().optional(),
});
export type SchoolGrantView = z.infer<typeof SchoolGrantView>;

export const RefusalTally = z.object({ noLicence: z.int(), seatsExhausted: z.int() });
export type RefusalTally = z.infer<typeof RefusalTally>;

export const SchoolToolLicences = z.object({
  toolId: z.string(),
  title: z.object({ nl: z.string(), en: z.string().optional(), fr: z.string().optional() }),
  grants: z.array(SchoolGrantView),
  /** Launches refused in the last `refusalWindowDays` days. */
  refusals: RefusalTally,
});
export type SchoolToolLicences = z.infer<typeof SchoolToolLicences>;

export const refusalWindowDays = 30;

export const SchoolLicences = z.object({ today: z.string(), tools: z.array(SchoolToolLicences) });
export type SchoolLicences = z.infer<typeof SchoolLicences>;

/** What the "send test event" button reports: the webhook it signed and how the webhook route answered. */
export const TestEventResult = z
  .object({
    webhookId: z.string(),
    eventType: z.literal("licence.test"),
    /** The HTTP status of the webhook route (204: accepted and queued). */
    status: z.int(),
    accepted: z.boolean(),
    /** The route's problem detail when it refused the event. */
    detail: z.string().optional(),
  })
  .meta({ id: "TestEventResult" });
export type TestEventResult = z.infer<typeof TestEventResult>;

/** A licence's status as the operator's list shows and filters it: revoked, else its validity today. */
export const OperatorLicenceStatus = z.enum(["upcoming", "active", "expired", "revoked"]);
export type OperatorLicenceStatus = z.infer<typeof OperatorLicenceStatus>;

/** One provider licence as the operator sees it, across providers and schools. */
export const OperatorLicenceView = z.object({
  providerId: z.string(),
  providerName: z.string(),
  licenceId: z.string(),
  instellingsnummer: z.string(),
  scopeLevel: z.enum(["school", "class", "teacher", "pupil"]),
  toolIds: z.array(z.string()),
  seats: z.int().optional(),
  validFrom: z.string(),
  validUntil: z.string(),
  status: z.enum(["active", "revoked"]),
  validity: GrantValidity,
  updatedAt: z.string(),
});
export type OperatorLicenceView = z.infer<typeof OperatorLicenceView>;

export const OperatorLicencePage = z.object({
  /** The most recently changed licences first. */
  licences: z.array(OperatorLicenceView),
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor: z.string().optional(),
});
export type OperatorLicencePage = z.infer<typeof OperatorLicencePage>;

export const OperatorRefusalView = RefusalTally.extend({ schoolId: z.string(), toolId: z.string() });
export type OperatorRefusalView = z.infer<typeof OperatorRefusalView>;

export const OperatorRefusals = z.object({
  /** Refused launches per school × tool in the last `refusalWindowDays` days, most first. */
  refusals: z.array(OperatorRefusalView),
});
export type OperatorRefusals = z.infer<typeof OperatorRefusals>;

/* The provider's views (routes of the licence intake): its delivery log and the licences Leerspoor holds for it. */

/** What a provider or operator sees of a delivery. */
export const DeliveryView = z
  .object({
    providerId: z.string(),
    webhookId: z.string(),
    eventType: z.string().optional(),
    licenceId: z.string().optional(),
    status: WebhookDelivery.shape.status,
    reason: z.string().optional(),
    receivedAt: z.string(),
    processedAt: z.string().optional(),
    attempts: z.int(),
  })
  .meta({ id: "WebhookDeliveryView" });
export type DeliveryView = z.infer<typeof DeliveryView>;

export const DeliveryPage = z
  .object({
    deliveries: z.array(DeliveryView),
    /** Pass as `cursor` for the next (older) page; absent on the last page. */
    nextCursor: z.string().optional(),
  })
  .meta({ id: "WebhookDeliveryPage" });
export type DeliveryPage = z.infer<typeof DeliveryPage>;

export const HeldLicence = z
  .object({ licence: LicenceState, source: z.enum(["event", "snapshot"]), updatedAt: z.string() })
  .meta({ id: "HeldLicence" });

export const HeldLicencePage = z
  .object({
    schools: z.array(z.object({ instellingsnummer: z.string(), licences: z.array(HeldLicence) })),
    /** Pass as `cursor` for the next page; absent on the last page. */
    nextCursor: z.string().optional(),
  })
  .meta({ id: "HeldLicencePage" });
export type HeldLicencePage = z.infer<typeof HeldLicencePage>;
