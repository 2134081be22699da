import "./zod.js";

// After zod.js: see there. The schemas are the API's own (the browser-safe file of shared/privacy).
import { PrivacyRequestView } from "../../../shared/privacy/request.js";
import { getJson, send, type CallOptions } from "./client.js";

export { comparableName } from "../../../shared/privacy/request.js";
export type { PrivacyRequestView };
export type ErasureReceipt = NonNullable<PrivacyRequestView["receipt"]>;

/*
 * The exports are plain links: the API answers with `Content-Disposition: attachment`, so the
 * browser downloads the file, keyboard and screen reader included, without any script.
 */
export const myExportHref = "/api/me/export";
export const personExportHref = (personId: string): string => `/api/school/people/${encodeURIComponent(personId)}/export`;

/** Asks for a person's erasure; the answer is the queued request, to follow with `readPrivacyRequest`. */
export const requestErasure = (personId: string, confirmName: string): Promise<PrivacyRequestView> =>
  send("POST", `/api/school/people/${encodeURIComponent(personId)}/erasure`, { confirmName }, PrivacyRequestView);

export const readPrivacyRequest = (requestId: string, options?: CallOptions): Promise<PrivacyRequestView> =>
  getJson(`/api/school/privacy-requests/${encodeURIComponent(requestId)}`, PrivacyRequestView, options);
