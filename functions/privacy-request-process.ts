import { PrivacyRequestMessage, processPrivacyRequest } from "../shared/privacy/index.js";
import { defineQueue } from "../shared/runtime/index.js";

/** Carries out a queued erasure request; idempotent, so a redelivered message is harmless. */
export default defineQueue({
  name: "privacy-request-process",
  queue: "privacy-requests",
  message: PrivacyRequestMessage,
  handler: (message, meta, log) => processPrivacyRequest(message, meta, log),
});
