import "./zod.js";

// After zod.js: see there. The schemas are the API's own (browser-safe files of shared/licences).
import { DeliveryPage, DeliveryView, HeldLicencePage, OperatorLicencePage, OperatorRefusals, SchoolLicences, TestEventResult, type OperatorLicenceStatus } from "../../../shared/licences/views.js";
import { getJson, send, type CallOptions } from "./client.js";

export type {
  DeliveryPage,
  DeliveryView,
  HeldLicencePage,
  OperatorLicencePage,
  OperatorLicenceView,
  OperatorRefusals,
  OperatorRefusalView,
  SchoolGrantView,
  SchoolLicences,
  SchoolToolLicences,
  TestEventResult,
} from "../../../shared/licences/views.js";
export { expiryWarningDays, OperatorLicenceStatus, refusalWindowDays } from "../../../shared/licences/views.js";
export { Instellingsnummer } from "../../../shared/schools/instellingsnummer.js";

const withQuery = (path: string, query: Record<string, string | undefined>): string => {
  const defined = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return defined.length ? `${path}?${new URLSearchParams(defined).toString()}` : path;
};

/** The school admin's licences per tool: scope, seats, validity, refused launches. */
export const readSchoolLicences = (options?: CallOptions): Promise<SchoolLicences> => getJson("/api/school/licences", SchoolLicences, options);

/** The licences Leerspoor holds for the provider, per school, a page at a time. */
export const listHeldLicences = (cursor?: string, options?: CallOptions): Promise<HeldLicencePage> =>
  getJson(withQuery("/api/provider/licences", { cursor }), HeldLicencePage, options);

/** The provider's webhook delivery log, newest first. */
export const listOwnDeliveries = (cursor?: string, options?: CallOptions): Promise<DeliveryPage> =>
  getJson(withQuery("/api/provider/webhook-deliveries", { cursor }), DeliveryPage, options);

/** Signs a sample licence.granted with the provider's current secret and delivers it to its webhook URL. */
export const sendTestEvent = (): Promise<TestEventResult> => send("POST", "/api/provider/webhooks/test-event", {}, TestEventResult);

/** What the operator narrows the licence list to; empty fields do not filter. */
export interface OperatorLicenceFilter {
  providerId?: string | undefined;
  instellingsnummer?: string | undefined;
  status?: OperatorLicenceStatus | undefined;
}

/** Every provider's licences, newest change first, a page at a time. */
export const listOperatorLicences = (filter: OperatorLicenceFilter, cursor?: string, options?: CallOptions): Promise<OperatorLicencePage> =>
  getJson(withQuery("/api/operator/licences", { ...filter, cursor }), OperatorLicencePage, options);

/** The refused launches per school × tool. */
export const readOperatorRefusals = (options?: CallOptions): Promise<OperatorRefusals> => getJson("/api/operator/licences/refusals", OperatorRefusals, options);

/** Every provider's deliveries that failed (dead-lettered), newest first. */
export const listFailedDeliveries = (cursor?: string, options?: CallOptions): Promise<DeliveryPage> =>
  getJson(withQuery("/api/operator/webhook-deliveries", { status: "failed", cursor }), DeliveryPage, options);

export const replayDelivery = (delivery: Pick<DeliveryView, "providerId" | "webhookId">): Promise<DeliveryView> =>
  send("POST", `/api/operator/webhook-deliveries/${encodeURIComponent(delivery.providerId)}/${encodeURIComponent(delivery.webhookId)}/replay`, {}, DeliveryView);
