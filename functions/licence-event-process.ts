import { LicenceEventMessage, processLicenceEvent } from "../shared/licences/index.js";
import { defineQueue } from "../shared/runtime/index.js";

/** Applies a verified licence webhook: idempotent on its webhook id, correct in any order (shared/licences/processing.ts). */
export default defineQueue({
  name: "licence-event-process",
  queue: "licence-events",
  message: LicenceEventMessage,
  handler: (message, meta, log) => processLicenceEvent(message, meta, log),
});
