import { QueueServiceClient, type QueueClient } from "@azure/storage-queue";
import { deadLetterPeekLimit, deadLetterScanLimit, type DeadLetter, type DeadLetterMatch, type DeadLetterPeek, type MessageQueue, type OutgoingMessage, type ReceivedMessage, type ReceiveOptions } from "./port.js";

interface Envelope {
  id: string;
  body: unknown;
  /** Why the message was dead-lettered; only on the poison queue. */
  deadLetterReason?: string;
}

/** Azure Functions' convention for Storage Queue dead letters. */
export const poisonQueueName = (queue: string): string => `${queue}-poison`;

const encode = (envelope: Envelope): string => Buffer.from(JSON.stringify(envelope)).toString("base64");
const decode = (text: string): Envelope => JSON.parse(Buffer.from(text, "base64").toString("utf8")) as Envelope;

/** A message that some other writer put on the queue matches nothing. */
function envelopeOf(text: string): Envelope {
  try {
    return decode(text);
  } catch {
    return { id: "", body: undefined };
  }
}

/** The most messages one Storage Queue peek returns; a peek cannot page past them. */
const storagePeekLimit = 32;

/** How long the dead letters that a removal scan looked at stay hidden if it dies before it puts them back. */
const scanLockSeconds = 60;

/**
 * Storage Queue adapter (Azurite locally). Storage queues count dequeues but never
 * dead-letter, so receive moves a message that has been delivered `maxDeliveries` times
 * to `<queue>-poison` instead of returning it.
 */
export class StorageMessageQueue implements MessageQueue {
  constructor(
    private readonly service: QueueServiceClient,
    readonly maxDeliveries: number,
    private readonly onDeadLetter: (queue: string, id: string, reason: string) => void,
  ) {}

  private client(queue: string): QueueClient {
    return this.service.getQueueClient(queue);
  }

  async send(queue: string, messages: OutgoingMessage[]): Promise<void> {
    const client = this.client(queue);
    for (const message of messages) {
      await client.sendMessage(encode({ id: message.id, body: message.body }));
    }
  }

  async receive(queue: string, options: ReceiveOptions): Promise<ReceivedMessage[]> {
    const received = await this.receiveFrom(queue, options);
    const deliverable: ReceivedMessage[] = [];
    for (const message of received) {
      if (message.deliveryCount > this.maxDeliveries) {
        await message.deadLetter(`delivered ${message.deliveryCount - 1} times without success`);
      } else {
        deliverable.push(message);
      }
    }
    return deliverable;
  }

  receiveDeadLettered(queue: string, options: ReceiveOptions): Promise<ReceivedMessage[]> {
    return this.receiveFrom(poisonQueueName(queue), options);
  }

  /**
   * A Storage queue peeks at most 32 messages from the front, so no more are shown; the poison
   * message's insertion is the moment it was dead-lettered.
   */
  async peekDeadLettered(queue: string, limit: number): Promise<DeadLetterPeek> {
    const poison = this.client(poisonQueueName(queue));
    if (!(await poison.exists())) return { messages: [], more: false };
    const wanted = Math.min(limit, deadLetterPeekLimit, storagePeekLimit);
    const [{ peekedMessageItems }, { approximateMessagesCount = 0 }] = await Promise.all([
      poison.peekMessages({ numberOfMessages: Math.min(wanted + 1, storagePeekLimit) }),
      poison.getProperties(),
    ]);
    const messages: DeadLetter[] = peekedMessageItems.slice(0, wanted).flatMap((item) => {
      const { id, body, deadLetterReason } = envelopeOf(item.messageText);
      return id ? [{ id, body, reason: deadLetterReason ?? "unknown", deadLetteredAt: item.insertedOn }] : [];
    });
    return { messages, more: peekedMessageItems.length > wanted || approximateMessagesCount > wanted };
  }

  async removeDeadLettered(queue: string, matches: DeadLetterMatch): Promise<number> {
    const poison = this.client(poisonQueueName(queue));
    if (!(await poison.exists())) return 0;
    const kept: { messageId: string; popReceipt: string }[] = [];
    let removed = 0;
    try {
      // Each receive hides what it returned, so the next one returns the dead letters after them.
      while (kept.length + removed < deadLetterScanLimit) {
        const { receivedMessageItems } = await poison.receiveMessages({
          numberOfMessages: Math.min(32, deadLetterScanLimit - kept.length - removed),
          visibilityTimeout: scanLockSeconds,
        });
        if (receivedMessageItems.length === 0) break;
        for (const item of receivedMessageItems) {
          const { id, body } = envelopeOf(item.messageText);
          if (matches({ id, body })) {
            await poison.deleteMessage(item.messageId, item.popReceipt);
            removed++;
          } else {
            kept.push({ messageId: item.messageId, popReceipt: item.popReceipt });
          }
        }
      }
    } finally {
      await Promise.allSettled(kept.map((item) => poison.updateMessage(item.messageId, item.popReceipt, undefined, 0)));
    }
    return removed;
  }

  private async receiveFrom(queue: string, options: ReceiveOptions): Promise<ReceivedMessage[]> {
    const client = this.client(queue);
    const response = await client.receiveMessages({
      numberOfMessages: Math.min(Math.max(options.maxMessages, 1), 32),
      visibilityTimeout: options.lockSeconds ?? 30,
    });
    return response.receivedMessageItems.map((item) => {
      const envelope = decode(item.messageText);
      let popReceipt = item.popReceipt;
      return {
        id: envelope.id,
        body: envelope.body,
        deliveryCount: item.dequeueCount,
        complete: async () => {
          await client.deleteMessage(item.messageId, popReceipt);
        },
        renewLock: async (seconds: number) => {
          const updated = await client.updateMessage(item.messageId, popReceipt, undefined, seconds);
          popReceipt = updated.popReceipt ?? popReceipt;
        },
        abandon: async (retryAfterSeconds = 0) => {
          const updated = await client.updateMessage(item.messageId, popReceipt, undefined, retryAfterSeconds);
          popReceipt = updated.popReceipt ?? popReceipt;
        },
        deadLetter: async (reason: string) => {
          const poison = this.client(poisonQueueName(queue));
          await poison.createIfNotExists();
          await poison.sendMessage(encode({ id: envelope.id, body: envelope.body, deadLetterReason: reason }));
          await client.deleteMessage(item.messageId, popReceipt);
          this.onDeadLetter(queue, envelope.id, reason);
        },
      };
    });
  }

  async ensureQueue(queue: string): Promise<void> {
    await this.client(queue).createIfNotExists();
    await this.client(poisonQueueName(queue)).createIfNotExists();
  }

  async deleteQueue(queue: string): Promise<void> {
    await this.client(queue).deleteIfExists();
    await this.client(poisonQueueName(queue)).deleteIfExists();
  }

  async ping(queue: string, signal: AbortSignal): Promise<void> {
    await this.client(queue).getProperties({ abortSignal: signal });
  }

  async close(): Promise<void> {}
}
