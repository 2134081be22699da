import { appSettings } from "../shared/config/index.js";
import { endSessionsOf } from "../shared/identity/index.js";
import { defineQueue } from "../shared/runtime/index.js";
import { markRosterImportFailed, processRosterImport, RosterImportMessage } from "../shared/schools/index.js";

export default defineQueue({
  name: "roster-import-process",
  queue: "roster-imports",
  message: RosterImportMessage,
  handler: async (message, meta, log) => {
    try {
      const state = await processRosterImport(message, {
        deactivated: async (personIds) => {
          for (const personId of personIds) await endSessionsOf(personId);
        },
      });
      log.info({ importId: message.importId, state }, "roster import processed");
    } catch (error) {
      if (meta.deliveryCount >= appSettings().QUEUE_MAX_DELIVERIES) {
        await markRosterImportFailed(message, "The import failed repeatedly; upload the file again to retry");
      }
      throw error;
    }
  },
});
