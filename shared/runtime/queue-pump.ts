import functions from "@azure/functions";
import { randomUUID } from "node:crypto";
import type { MessageQueue } from "../adapters/index.js";
import { PoisonMessage, type QueueFunction } from "./define.js";
import type { Logger } from "./logger.js";

export interface QueuePumpOptions {
  batchSize: number;
  lockSeconds: number;
  /** Pause after an empty receive. */
  idleMs: number;
}

/** Seconds before a failed message is delivered again: 1, 2, 4 … capped at a minute. */
export const retryDelaySeconds = (deliveryCount: number): number => Math.min(60, 2 ** (deliveryCount - 1));

/**
 * Feeds one queue to its function as the Functions host does with a Service Bus trigger:
 * batch receive, complete on success, deliver again with back-off on failure, dead-letter
 * poison at once and other failures after the queue's maximum deliveries.
 */
export function startQueuePump(
  fn: QueueFunction,
  queue: MessageQueue,
  log: Logger,
  options: QueuePumpOptions,
): { stop(): Promise<void> } {
  let running = true;
  let wake: (() => void) | undefined;

  const handleOne = async (message: Awaited<ReturnType<MessageQueue["receive"]>>[number]) => {
    const invocation = new functions.InvocationContext({
      invocationId: randomUUID(),
      functionName: fn.name,
      triggerMetadata: { messageId: message.id, deliveryCount: message.deliveryCount },
    });
    // A long job keeps its message hidden, as the Functions host renews Service Bus locks.
    const renewal = setInterval(() => {
      message.renewLock(options.lockSeconds).catch((error: unknown) => log.warn({ err: error, messageId: message.id }, "lock renewal failed"));
    }, (options.lockSeconds * 1000) / 2);
    try {
      await fn.handler(message.body, invocation);
      await message.complete();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof PoisonMessage || message.deliveryCount >= queue.maxDeliveries) {
        await message.deadLetter(reason);
      } else {
        log.warn({ function: fn.name, messageId: message.id, deliveryCount: message.deliveryCount, reason }, "message failed; will retry");
        await message.abandon(retryDelaySeconds(message.deliveryCount));
      }
    } finally {
      clearInterval(renewal);
    }
  };

  // Up to `batchSize` messages in flight; a slow one does not hold back those behind it.
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    while (running) {
      try {
        const room = options.batchSize - inFlight.size;
        if (room === 0) {
          await Promise.race(inFlight);
          continue;
        }
        const messages = await queue.receive(fn.queue, { maxMessages: room, lockSeconds: options.lockSeconds });
        for (const message of messages) {
          const handling = handleOne(message).finally(() => inFlight.delete(handling));
          inFlight.add(handling);
        }
        if (messages.length > 0) continue;
      } catch (error) {
        log.error({ err: error, queue: fn.queue }, "queue receive failed");
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.idleMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();

  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
      await Promise.allSettled(inFlight);
    },
  };
}
