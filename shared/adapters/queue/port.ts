/** How many dead letters removeDeadLettered looks at, at most: a dead-letter queue is a to-do list, not an archive. */
export const deadLetterScanLimit = 1000;

/** How many dead letters of a queue peekDeadLettered shows, at most (a Storage queue peeks 32 at most). */
export const deadLetterPeekLimit = 100;

/** A dead letter as seen without taking it. */
export interface DeadLetter {
  id: string;
  body: unknown;
  /** Why it was dead-lettered: the processor's error, or the broker's reason. */
  reason: string;
  /** When it was dead-lettered, where the broker tells. */
  deadLetteredAt?: Date;
}

export interface DeadLetterPeek {
  /** The oldest dead letters first, up to the limit asked for. */
  messages: DeadLetter[];
  /** Whether the dead-letter queue holds more than `messages`. */
  more: boolean;
}

/** A message as sent: `id` is the sender's id, kept through delivery for de-duplication. */
export interface OutgoingMessage {
  id: string;
  body: unknown;
}

export interface ReceivedMessage {
  id: string;
  body: unknown;
  /** 1 on the first delivery. */
  deliveryCount: number;
  /** Done: the message is gone for good. */
  complete(): Promise<void>;
  /** Not done: deliver again after `retryAfterSeconds`. */
  abandon(retryAfterSeconds?: number): Promise<void>;
  /** Still working on it: keep the message hidden for `seconds` more. */
  renewLock(seconds: number): Promise<void>;
  /** Never going to work: move to the dead-letter queue with the reason. */
  deadLetter(reason: string): Promise<void>;
}

/** What a dead letter is picked by when it is removed: its id and body. */
export type DeadLetterMatch = (message: { id: string; body: unknown }) => boolean;

export interface ReceiveOptions {
  maxMessages: number;
  /** How long a received message stays hidden from other receivers before it returns. */
  lockSeconds?: number;
}

/**
 * The contract that both adapters (Service Bus, Azurite Storage Queue) honour:
 * at-least-once delivery, the sender's message id on every delivery, a delivery count,
 * dead-lettering after `maxDeliveries` (by the adapter's receive when the broker does not
 * do it itself), batch receive, looking at dead letters with their reason, and removing chosen dead letters once they were resubmitted.
 */
export interface MessageQueue {
  readonly maxDeliveries: number;
  send(queue: string, messages: OutgoingMessage[]): Promise<void>;
  receive(queue: string, options: ReceiveOptions): Promise<ReceivedMessage[]>;
  receiveDeadLettered(queue: string, options: ReceiveOptions): Promise<ReceivedMessage[]>;
  /** The first `limit` dead letters of `queue` (at most `deadLetterPeekLimit`), left where they are, unlocked. */
  peekDeadLettered(queue: string, limit: number): Promise<DeadLetterPeek>;
  /**
   * Deletes the dead letters of `queue` that `matches` picks and leaves the others as they
   * were; answers how many it deleted. For an operator's replay: the dead-letter queue then
   * holds only what still needs someone, and its alert (DeadletteredMessages > 0) resolves.
   * It looks at no more than `deadLetterScanLimit` dead letters.
   */
  removeDeadLettered(queue: string, matches: DeadLetterMatch): Promise<number>;
  ensureQueue(queue: string): Promise<void>;
  deleteQueue(queue: string): Promise<void>;
  ping(queue: string, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
