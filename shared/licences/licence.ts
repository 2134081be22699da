import { z } from "zod";
import { Instellingsnummer } from "../schools/instellingsnummer.js";

/*
 * The shapes of licences: what a provider sends (webhook events and reconciliation
 * snapshots) and what Leerspoor keeps. Zod only, so the portal and providers' validators can
 * load it; the JSON Schema that providers get is generated from these.
 *
 * A provider names a class, teacher or pupil by what it knows of them: the LTI id its tool
 * received at launch (context id or `sub`), or the roster's sourcedId (OneRoster, Smartschool).
 *
 * Every granted/updated/renewed event carries the licence's whole state, so the newest event
 * decides (licenceOrder) and events can be applied in any order, twice, or replaced by a
 * snapshot: all converge on the same state.
 */

const Identifier = z.string().trim().min(1).max(200);

/** How a provider names a class or a person: exactly one of the two. */
export const LicenseeRef = z
  .object({
    /** The LTI context id (class) or `sub` (person) that the provider's tool received at launch. */
    ltiId: Identifier.optional(),
    /** The roster's sourcedId (OneRoster 1.2, Smartschool). */
    sourcedId: Identifier.optional(),
  })
  .strict()
  .refine((ref) => (ref.ltiId === undefined) !== (ref.sourcedId === undefined), "names exactly one of ltiId and sourcedId");
export type LicenseeRef = z.infer<typeof LicenseeRef>;

export const LicenceScope = z.discriminatedUnion("level", [
  z.object({ level: z.literal("school") }).strict(),
  z.object({ level: z.literal("class"), class: LicenseeRef }).strict(),
  z.object({ level: z.literal("teacher"), person: LicenseeRef }).strict(),
  z.object({ level: z.literal("pupil"), person: LicenseeRef }).strict(),
]);
export type LicenceScope = z.infer<typeof LicenceScope>;

const IsoDate = z.iso.date();

/** A licence's whole state, as the provider holds it. */
export const LicenceState = z
  .object({
    /** The provider's own id of the licence (order line, contract): unique per provider. */
    licenceId: Identifier,
    /** The provider's counter for this licence; higher wins. Without it the event time decides. */
    version: z.int().min(0).optional(),
    instellingsnummer: Instellingsnummer,
    scope: LicenceScope,
    /** One tool, or the tools of a bundle: Leerspoor tool ids of this provider. */
    toolIds: z.array(Identifier).min(1).max(100),
    /** How many pupils and teachers may use it; absent = no limit. */
    seats: z.int().min(1).max(1_000_000).optional(),
    /** First and last day of validity (inclusive, Europe/Brussels dates). */
    validFrom: IsoDate,
    validUntil: IsoDate,
  })
  .strict()
  .refine((state) => state.validFrom <= state.validUntil, { path: ["validUntil"], message: "is on or after validFrom" });
export type LicenceState = z.infer<typeof LicenceState>;

export const licenceEventTypes = ["licence.granted", "licence.updated", "licence.renewed", "licence.revoked", "licence.test"] as const;

const EventTime = z.iso.datetime({ offset: true });
const Granted = z.object({ type: z.literal("licence.granted"), timestamp: EventTime, data: LicenceState }).strict();
const Updated = z.object({ type: z.literal("licence.updated"), timestamp: EventTime, data: LicenceState }).strict();
const Renewed = z.object({ type: z.literal("licence.renewed"), timestamp: EventTime, data: LicenceState }).strict();
const Revoked = z
  .object({
    type: z.literal("licence.revoked"),
    timestamp: EventTime,
    data: z.object({ licenceId: Identifier, version: z.int().min(0).optional() }).strict(),
  })
  .strict();
/**
 * A ping, like Svix's and Stripe's test events: signed, archived, validated, queued and logged
 * like every other event, so it proves the whole chain, but it names no licence and licenses nothing.
 */
const Test = z
  .object({ type: z.literal("licence.test"), timestamp: EventTime, data: z.object({ message: z.string().trim().min(1).max(500) }).strict() })
  .strict();

/** The events that change a licence: each is one licence fact. */
export const LicenceChangeEvent = z.discriminatedUnion("type", [Granted, Updated, Renewed, Revoked]);
export type LicenceChangeEvent = z.infer<typeof LicenceChangeEvent>;

/** The payload of a licence webhook (Standard Webhooks: `type`, `timestamp`, `data`). */
export const LicenceEvent = z.discriminatedUnion("type", [Granted, Updated, Renewed, Revoked, Test]);
export type LicenceEvent = z.infer<typeof LicenceEvent>;

/**
 * Which of two facts about one licence is newer, as a total order (so that any arrival order
 * folds to the same state): a fact with the provider's version beats one without (a provider
 * that numbers its licences means the number), then the higher version, then the event time,
 * then the webhook id (two deliveries at the same instant still order the same way everywhere).
 * Comparing versions only when both carry one would not be transitive.
 */
export const LicenceOrder = z.object({ version: z.int().optional(), timestamp: z.string(), webhookId: z.string() });
export type LicenceOrder = z.infer<typeof LicenceOrder>;

export function compareLicenceOrder(a: LicenceOrder, b: LicenceOrder): number {
  const byVersion = (a.version ?? -1) - (b.version ?? -1);
  if (byVersion !== 0) return byVersion;
  const byTime = Date.parse(a.timestamp) - Date.parse(b.timestamp);
  if (byTime !== 0) return byTime;
  return a.webhookId < b.webhookId ? -1 : a.webhookId > b.webhookId ? 1 : 0;
}

/** A reconciliation snapshot: every licence the provider holds for one school; what it omits is revoked. */
export const LicenceSnapshot = z
  .object({
    instellingsnummer: Instellingsnummer,
    licences: z.array(LicenceState).max(10_000),
  })
  .strict()
  .superRefine((snapshot, context) => {
    const seen = new Set<string>();
    snapshot.licences.forEach((licence, index) => {
      if (seen.has(licence.licenceId)) context.addIssue({ code: "custom", path: ["licences", index, "licenceId"], message: "appears once per snapshot" });
      seen.add(licence.licenceId);
      if (licence.instellingsnummer !== snapshot.instellingsnummer) {
        context.addIssue({ code: "custom", path: ["licences", index, "instellingsnummer"], message: "is the snapshot's school" });
      }
    });
  });
export type LicenceSnapshot = z.infer<typeof LicenceSnapshot>;
