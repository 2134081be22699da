/**
 * Operations: what the consortium's operators run the platform with. Today the dead letters of
 * every queue, seen, replayed or discarded (`GET operator/dead-letters`,
 * `POST operator/dead-letters/{queue}/{messageId}/replay`, `DELETE operator/dead-letters/{queue}/{messageId}`).
 */
export { discardDeadLetter, listDeadLetters, replayDeadLetter } from "./dead-letters.js";
export { DeadLetterOverview, DeadLetterQueueName, DeadLetterRef, DeadLetterReplay, DeadLetterView, DiscardedDeadLetter, QueueDeadLetters } from "./views.js";
