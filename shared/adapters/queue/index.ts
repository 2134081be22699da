import { ServiceBusClient } from "@azure/service-bus";
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import type { AppSettings } from "../../config/index.js";
import { azureCredential } from "../credential.js";
import type { MessageQueue } from "./port.js";
import { ServiceBusMessageQueue } from "./service-bus.js";
import { StorageMessageQueue } from "./storage-queue.js";

export { deadLetterPeekLimit } from "./port.js";
export type { DeadLetter, DeadLetterMatch, DeadLetterPeek, MessageQueue, OutgoingMessage, ReceivedMessage, ReceiveOptions } from "./port.js";
export { poisonQueueName } from "./storage-queue.js";

export type DeadLetterAlert = (queue: string, messageId: string, reason: string) => void;

export function createMessageQueue(settings: AppSettings, onDeadLetter: DeadLetterAlert): MessageQueue {
  if (settings.QUEUE_DRIVER === "service-bus") {
    const client = settings.SERVICE_BUS_CONNECTION_STRING
      ? new ServiceBusClient(settings.SERVICE_BUS_CONNECTION_STRING)
      : new ServiceBusClient(settings.SERVICE_BUS_NAMESPACE!, azureCredential());
    return new ServiceBusMessageQueue(client, settings.QUEUE_MAX_DELIVERIES);
  }
  const service =
    settings.STORAGE_ACCOUNT_KEY && settings.STORAGE_ACCOUNT_NAME
      ? new QueueServiceClient(
          settings.STORAGE_QUEUE_URL,
          new StorageSharedKeyCredential(settings.STORAGE_ACCOUNT_NAME, settings.STORAGE_ACCOUNT_KEY),
        )
      : new QueueServiceClient(settings.STORAGE_QUEUE_URL, azureCredential());
  return new StorageMessageQueue(service, settings.QUEUE_MAX_DELIVERIES, onDeadLetter);
}
