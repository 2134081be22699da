/**
 * Operations: what the consortium's operators run the platform with. Today the dead letters of
 * every queue, seen and replayed (`GET operator/dead-letters`,
 * `POST operator/dead-letters/{queue}/{messageId}/replay`).
 */
export { listDeadLetters, replayDeadLetter } from "./dead-letters.js";
export { DeadLetterOverview, DeadLetterQueueName, DeadLetterReplay, DeadLetterView, QueueDeadLetters } from "./views.js";
