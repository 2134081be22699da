export { RosterImport, RosterImportMessage, RosterImportState } from "./import-record.js";
export { planRosterImport, rosterId, type RosterPlan } from "./plan.js";
export { markRosterImportFailed, processRosterImport, type RosterImportEffects } from "./process.js";
export { confirmRosterImport, listRosterImports, maxRosterBytes, readRosterImport, rosterImportErrorsCsv, startRosterImport } from "./upload.js";
