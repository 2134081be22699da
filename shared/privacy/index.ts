export { PrivacyRequest, PrivacyRequestMessage, privacyRequestLocation, processPrivacyRequest, readPrivacyRequest, requestErasure, type ErasureDependencies } from "./erasure.js";
export { exportDownload, exportFileName, exportPerson, PrivacyExport, privacyExportSchema } from "./export.js";
export { distinctiveValues, erasedMarker, identifiersOf, lineMentions, linesMentioning, objectsAbout, redactMentions, textMentions, type PersonIdentifiers } from "./mentions.js";
export { ErasureReceipt, ErasureRequest, PrivacyRequestState, PrivacyRequestView, RemovalDetails, RemovedCounts } from "./request.js";
export { applyRetention, retentionRules, retentionSchedule, type RetentionRule } from "./retention.js";
export { companionsOf, isErrorReport, textsOf } from "./roster-traces.js";
