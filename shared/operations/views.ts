import { z } from "zod";
import { queues } from "../adapters/resources.js";

/*
 * What the operator's dead-letter page shows (browser-safe: the portal parses answers with
 * these). Ids only: a dead letter's body may hold more, but the summary names the request,
 * import, school or delivery it is about, never a person.
 */

export const DeadLetterQueueName = z.enum(queues);

/** The route parameters that name one dead letter; an unknown queue or message is a 404, not a 400. */
export const DeadLetterRef = z.object({ queue: z.string().min(1).max(63), messageId: z.string().min(1).max(300) });

export const DeadLetterView = z.object({
  messageId: z.string(),
  /** Why it was dead-lettered: the processor's error or the broker's reason, cut short. */
  reason: z.string(),
  /** Not known on Service Bus. */
  deadLetteredAt: z.iso.datetime().optional(),
  /** The ids in the message (importId, requestId, schoolId, providerId, webhookId …). */
  summary: z.record(z.string(), z.string()),
  /** False when the body no longer matches the queue's message schema: a replay would fail the same way. */
  replayable: z.boolean(),
});
export type DeadLetterView = z.infer<typeof DeadLetterView>;

export const QueueDeadLetters = z.object({
  queue: DeadLetterQueueName,
  deadLetters: z.array(DeadLetterView),
  /** The queue holds more dead letters than are shown; replaying some brings the next into view. */
  more: z.boolean(),
});
export type QueueDeadLetters = z.infer<typeof QueueDeadLetters>;

export const DeadLetterOverview = z.object({ queues: z.array(QueueDeadLetters) });
export type DeadLetterOverview = z.infer<typeof DeadLetterOverview>;

export const DeadLetterReplay = z.object({
  queue: DeadLetterQueueName,
  messageId: z.string(),
  /** The id the message was sent again under; a licence event is replayed from its archived request instead. */
  replayedAs: z.string().optional(),
  via: z.enum(["queue", "licence-delivery"]),
});
export type DeadLetterReplay = z.infer<typeof DeadLetterReplay>;

export const DiscardedDeadLetter = z.object({ queue: DeadLetterQueueName, messageId: z.string() });
export type DiscardedDeadLetter = z.infer<typeof DiscardedDeadLetter>;
