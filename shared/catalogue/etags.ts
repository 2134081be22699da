import { HttpProblem } from "../runtime/index.js";

/*
 * Optimistic concurrency over HTTP: a read answers the document's ETag (header and `etag`
 * field); a change may send it back in If-Match and is refused with 412 when the document
 * changed in between. Without If-Match the change applies to the current state (and the
 * store's own ETag check still keeps two writers from losing each other's work).
 */

const bare = (etag: string): string => etag.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");

/** The ETag header value of a stored document's `_etag`. */
export const etagHeader = (etag: string): string => `"${bare(etag)}"`;

export const changedInBetween = (): HttpProblem =>
  new HttpProblem(412, "precondition-failed", "Changed in between", "Someone changed this since you read it; read it again and retry");

export function assertIfMatch(ifMatch: string | undefined, etag: string): void {
  if (ifMatch === undefined || ifMatch.trim() === "*") return;
  if (!ifMatch.split(",").map(bare).includes(bare(etag))) throw changedInBetween();
}
