import { ServiceBusClient, type ServiceBusReceivedMessage, type ServiceBusReceiver } from "@azure/service-bus";
import { deadLetterPeekLimit, deadLetterScanLimit, type DeadLetterMatch, type DeadLetterPeek, type MessageQueue, type OutgoingMessage, type ReceivedMessage, type ReceiveOptions } from "./port.js";

/**
 * Service Bus adapter. The broker dead-letters by itself after the queue's
 * maxDeliveryCount (set to QUEUE_MAX_DELIVERIES in the Bicep) and drops duplicates of a
 * message id within the duplicate-detection window.
 */
export class ServiceBusMessageQueue implements MessageQueue {
  private readonly receivers = new Map<string, ServiceBusReceiver>();

  constructor(
    private readonly client: ServiceBusClient,
    readonly maxDeliveries: number,
  ) {}

  async send(queue: string, messages: OutgoingMessage[]): Promise<void> {
    const sender = this.client.createSender(queue);
    try {
      let batch = await sender.createMessageBatch();
      for (const message of messages) {
        const outgoing = { messageId: message.id, body: message.body, contentType: "application/json" };
        if (!batch.tryAddMessage(outgoing)) {
          await sender.sendMessages(batch);
          batch = await sender.createMessageBatch();
          if (!batch.tryAddMessage(outgoing)) throw new Error(`Message ${message.id} is too large for ${queue}`);
        }
      }
      if (batch.count > 0) await sender.sendMessages(batch);
    } finally {
      await sender.close();
    }
  }

  private receiver(queue: string, deadLetter: boolean): ServiceBusReceiver {
    const key = `${queue}${deadLetter ? "/$deadletterqueue" : ""}`;
    let receiver = this.receivers.get(key);
    if (!receiver) {
      receiver = this.client.createReceiver(queue, {
        receiveMode: "peekLock",
        ...(deadLetter ? { subQueueType: "deadLetter" as const } : {}),
      });
      this.receivers.set(key, receiver);
    }
    return receiver;
  }

  private wrap(receiver: ServiceBusReceiver, message: ServiceBusReceivedMessage): ReceivedMessage {
    return {
      id: String(message.messageId),
      body: message.body,
      deliveryCount: message.deliveryCount ?? 1,
      complete: () => receiver.completeMessage(message),
      renewLock: async () => {
        await receiver.renewMessageLock(message);
      },
      abandon: () => receiver.abandonMessage(message),
      deadLetter: (reason) =>
        receiver.deadLetterMessage(message, { deadLetterReason: "ProcessingFailed", deadLetterErrorDescription: reason }),
    };
  }

  async receive(queue: string, options: ReceiveOptions): Promise<ReceivedMessage[]> {
    const receiver = this.receiver(queue, false);
    const messages = await receiver.receiveMessages(options.maxMessages, { maxWaitTimeInMs: 1000 });
    return messages.map((m) => this.wrap(receiver, m));
  }

  async receiveDeadLettered(queue: string, options: ReceiveOptions): Promise<ReceivedMessage[]> {
    const receiver = this.receiver(queue, true);
    const messages = await receiver.receiveMessages(options.maxMessages, { maxWaitTimeInMs: 1000 });
    return messages.map((m) => this.wrap(receiver, m));
  }

  /**
   * Peeks with a receiver of its own, as a receiver's peek goes on from where its last one
   * stopped. Service Bus keeps no dead-lettering time, so none is given.
   */
  async peekDeadLettered(queue: string, limit: number): Promise<DeadLetterPeek> {
    const wanted = Math.min(limit, deadLetterPeekLimit);
    const receiver = this.client.createReceiver(queue, { subQueueType: "deadLetter" });
    const peeked: ServiceBusReceivedMessage[] = [];
    try {
      while (peeked.length <= wanted) {
        const batch = await receiver.peekMessages(wanted + 1 - peeked.length);
        if (batch.length === 0) break;
        peeked.push(...batch);
      }
    } finally {
      await receiver.close();
    }
    return {
      messages: peeked.slice(0, wanted).map((message) => ({
        id: String(message.messageId),
        body: message.body,
        reason: message.deadLetterErrorDescription ?? message.deadLetterReason ?? "unknown",
      })),
      more: peeked.length > wanted,
    };
  }

  /**
   * Service Bus deletes a message only by settling it under a lock, so this receives the
   * dead-letter subqueue, completes what matches and abandons the rest (back as they were, the
   * dead-letter subqueue has no delivery limit). Its own receiver, closed at the end.
   */
  async removeDeadLettered(queue: string, matches: DeadLetterMatch): Promise<number> {
    const receiver = this.client.createReceiver(queue, { receiveMode: "peekLock", subQueueType: "deadLetter" });
    const kept: ServiceBusReceivedMessage[] = [];
    let removed = 0;
    try {
      while (kept.length + removed < deadLetterScanLimit) {
        const batch = await receiver.receiveMessages(Math.min(100, deadLetterScanLimit - kept.length - removed), { maxWaitTimeInMs: 1000 });
        if (batch.length === 0) break;
        for (const message of batch) {
          if (matches({ id: String(message.messageId), body: message.body })) {
            await receiver.completeMessage(message);
            removed++;
          } else {
            kept.push(message);
          }
        }
      }
    } finally {
      await Promise.allSettled(kept.map((message) => receiver.abandonMessage(message)));
      await receiver.close();
    }
    return removed;
  }

  /** Queues are declared in the Bicep; the app's identity may not create them. */
  async ensureQueue(): Promise<void> {}

  async deleteQueue(): Promise<void> {}

  async ping(queue: string, signal: AbortSignal): Promise<void> {
    await this.receiver(queue, false).peekMessages(1, { abortSignal: signal });
  }

  async close(): Promise<void> {
    await Promise.all([...this.receivers.values()].map((r) => r.close()));
    this.receivers.clear();
    await this.client.close();
  }
}
