import { applyRetention, retentionSchedule } from "../shared/privacy/index.js";
import { defineTimer } from "../shared/runtime/index.js";

/** Deletes roster uploads and privacy exports that have outlived their purpose. */
export default defineTimer({
  name: "privacy-retention",
  schedule: retentionSchedule,
  handler: async (log) => {
    const deleted = await applyRetention();
    log.info({ deleted }, "retention applied");
  },
});
