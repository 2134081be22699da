import { appSettings, type AppSettings } from "../config/index.js";
import { createLogger } from "../runtime/logger.js";
import { createBlobStore, type BlobStore } from "./blob.js";
import { createDocumentStore, type DocumentStore } from "./cosmos.js";
import { createIdentityProvider, type IdentityProvider } from "./idp/index.js";
import { createMessageQueue, type MessageQueue } from "./queue/index.js";
import { queues } from "./resources.js";

export { createBlobStore, type BlobEntry, type BlobStore } from "./blob.js";
export {
  AlreadyExists,
  createDocumentStore,
  PreconditionFailed,
  scopeToPartition,
  type DocumentContainer,
  type DocumentStore,
  type PageSpec,
  type QuerySpec,
  type SortKey,
  type SortOrder,
  type Stored,
} from "./cosmos.js";
export {
  createMessageQueue,
  poisonQueueName,
  type DeadLetterAlert,
  type DeadLetterMatch,
  type MessageQueue,
  type OutgoingMessage,
  type ReceivedMessage,
  type ReceiveOptions,
} from "./queue/index.js";
export { blobContainers, cosmosContainers, queues } from "./resources.js";
export type { BlobContainerName, CosmosContainerName, QueueName } from "./resources.js";

/** Logged at error level with `alert: true`; the Azure alert rule watches dead-letter counts too. */
export function logDeadLetterAlert(settings: AppSettings): (queue: string, messageId: string, reason: string) => void {
  const log = createLogger(settings.LOG_LEVEL);
  return (queue, messageId, reason) => log.error({ alert: true, queue, messageId, reason }, "message dead-lettered");
}

// One client of each kind per process: the SDK clients pool connections and are safe to share.
let documents: DocumentStore | undefined;
let blobs: BlobStore | undefined;
let queue: MessageQueue | undefined;
let idp: IdentityProvider | undefined;

export function documentStore(): DocumentStore {
  documents ??= createDocumentStore(appSettings());
  return documents;
}

export function blobStore(): BlobStore {
  blobs ??= createBlobStore(appSettings());
  return blobs;
}

export function messageQueue(): MessageQueue {
  queue ??= createMessageQueue(appSettings(), logDeadLetterAlert(appSettings()));
  return queue;
}

/** One per process, so sign-in and the health probe share the discovery document and the ping's cache. */
export function identityProvider(): IdentityProvider {
  idp ??= createIdentityProvider(appSettings());
  return idp;
}

/** Creates every database, container and queue that the code uses; safe to run again. */
export async function provisionLocalResources(settings: AppSettings): Promise<void> {
  const messages = createMessageQueue(settings, logDeadLetterAlert(settings));
  await createDocumentStore(settings).ensureResources();
  await createBlobStore(settings).ensureResources();
  for (const name of queues) await messages.ensureQueue(name);
  await messages.close();
}
export {
  createAccountAdministration,
  createIdentityProvider,
  IdTokenClaims,
  isLocalHttpIssuer,
  SignInFailed,
  type AccountAdministration,
  type IdentityProvider,
  type SignedIn,
  type SignInChecks,
  type SignInFailureReason,
} from "./idp/index.js";
