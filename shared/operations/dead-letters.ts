import type { z } from "zod";
import { messageQueue, queues, type MessageQueue, type QueueName } from "../adapters/index.js";
import { LicenceEventMessage, replayDelivery } from "../licences/index.js";
import { PrivacyRequestMessage } from "../privacy/index.js";
import { HttpProblem } from "../runtime/index.js";
import { listRosterImports, RosterImportMessage } from "../schools/index.js";
import type { DeadLetterOverview, DeadLetterReplay, DeadLetterView, DiscardedDeadLetter } from "./views.js";

/*
 * The operator's view of every queue's dead letters, their replay and discard. "Nothing accepted
 * is ever lost": what exhausted its deliveries waits in the dead-letter queue (and its alert stays
 * open) until an operator has fixed the cause and sends it through again, or decides it is not to
 * be processed. The processors are idempotent on their ids, so a replay of something that did get
 * done changes nothing.
 */

/** Dead letters shown per queue (a Storage queue shows 32 at most). */
const shownPerQueue = 100;
const reasonLength = 300;

/** How a queue's message is recognised, and which of its ids the operator sees. */
interface Handling {
  summarise(body: unknown): Record<string, string> | undefined;
}

function handling<T>(message: z.ZodType<T>, idsOf: (message: T) => Record<string, string | undefined>): Handling {
  return {
    summarise(body) {
      const parsed = message.safeParse(body);
      if (!parsed.success) return undefined;
      return Object.fromEntries(Object.entries(idsOf(parsed.data)).filter((entry): entry is [string, string] => entry[1] !== undefined));
    },
  };
}

const handlings: Record<QueueName, Handling | undefined> = {
  // No processor reads this queue yet, so no message schema exists to recognise (or summarise) its events by.
  "analytics-events": undefined,
  "roster-imports": handling(RosterImportMessage, ({ importId, schoolId }) => ({ importId, schoolId })),
  "privacy-requests": handling(PrivacyRequestMessage, ({ requestId, schoolId }) => ({ requestId, schoolId })),
  "licence-events": handling(LicenceEventMessage, ({ providerId, webhookId, event }) => ({
    providerId,
    webhookId,
    eventType: event.type,
    licenceId: "licenceId" in event.data ? event.data.licenceId : undefined,
  })),
};

const queueOf = (name: string): QueueName => {
  const queue = queues.find((known) => known === name);
  if (!queue) throw new HttpProblem(404, "not-found", "Not found", "No such queue", [{ field: "params.queue", message: `is not one of ${queues.join(", ")}` }]);
  return queue;
};

type DeadLetter = Awaited<ReturnType<MessageQueue["peekDeadLettered"]>>["messages"][number];

const viewOf = (queue: QueueName, dead: DeadLetter): DeadLetterView => {
  const summary = handlings[queue]?.summarise(dead.body);
  return {
    messageId: dead.id,
    reason: dead.reason.slice(0, reasonLength),
    ...(dead.deadLetteredAt ? { deadLetteredAt: dead.deadLetteredAt.toISOString() } : {}),
    summary: summary ?? {},
    replayable: summary !== undefined || handlings[queue] === undefined,
  };
};

export async function listDeadLetters(): Promise<DeadLetterOverview> {
  const peeks = await Promise.all(queues.map((queue) => messageQueue().peekDeadLettered(queue, shownPerQueue)));
  return {
    queues: queues.map((queue, i) => ({ queue, deadLetters: peeks[i]!.messages.map((dead) => viewOf(queue, dead)), more: peeks[i]!.more })),
  };
}

/** A dead letter that the operator's list shows; only those are replayed or discarded. */
async function shownDeadLetter(queue: QueueName, messageId: string): Promise<DeadLetter> {
  const { messages } = await messageQueue().peekDeadLettered(queue, shownPerQueue);
  const dead = messages.find((message) => message.id === messageId);
  if (!dead) {
    throw new HttpProblem(404, "not-found", "Not found", `No dead letter with this id is shown for ${queue}`, [
      { field: "params.messageId", message: "is not a dead letter of this queue" },
    ]);
  }
  return dead;
}

/**
 * A roster import replays the school's roster as that file had it: after a newer import of the
 * school completed, that would put the older roster back (people deactivated again, classes
 * changed back), so it is refused.
 */
async function assertNotSuperseded(message: RosterImportMessage): Promise<void> {
  const imports = await listRosterImports({ schoolId: message.schoolId });
  const replayed = imports.find((record) => record.id === message.importId);
  const newer = replayed && imports.find((record) => record.state === "completed" && record.createdAt > replayed.createdAt);
  if (newer) {
    throw new HttpProblem(
      409,
      "superseded",
      "A newer roster was imported",
      "A newer roster of this school was imported since; replaying this older one would put the older roster back. The school uploads this file again if it is still the right one",
    );
  }
}

/**
 * A message sent again gets an id of its own: Service Bus drops a message whose id it saw in
 * its duplicate-detection window (10 minutes), which a quick replay of a quick failure is in.
 */
const replayIdOf = (messageId: string, now: Date): string => `${messageId.replace(/\.replay-\d+$/, "")}.replay-${now.getTime()}`;

/**
 * Sends a dead letter through processing again and takes it off the dead-letter queue: sent
 * first, removed after, so a failure in between leaves it to be replayed again (harmless, as
 * processing is idempotent) rather than lost. A licence event goes through the licence
 * delivery replay, which resends it from the archived webhook and keeps the delivery log right.
 */
export async function replayDeadLetter(queueName: string, messageId: string, now = new Date()): Promise<DeadLetterReplay> {
  const queue = queueOf(queueName);
  const dead = await shownDeadLetter(queue, messageId);
  if (!viewOf(queue, dead).replayable) {
    throw new HttpProblem(409, "not-replayable", "Cannot be replayed", "The message does not match the queue's message schema, so it would fail the same way again");
  }
  if (queue === "roster-imports") await assertNotSuperseded(RosterImportMessage.parse(dead.body));
  if (queue === "licence-events") {
    const { providerId, webhookId } = LicenceEventMessage.parse(dead.body);
    await replayDelivery(providerId, webhookId, now);
    return { queue, messageId, via: "licence-delivery" };
  }
  const replayedAs = replayIdOf(messageId, now);
  await messageQueue().send(queue, [{ id: replayedAs, body: dead.body }]);
  await messageQueue().removeDeadLettered(queue, ({ id }) => id === messageId);
  return { queue, messageId, replayedAs, via: "queue" };
}

/**
 * Takes a dead letter away without processing it: one that is not to be replayed (superseded by
 * a newer roster, no longer matching its schema, a delivery processed since). What it was about
 * stays where it is (the import record and its file, the privacy request, the archived webhook),
 * and the audit log records who discarded which message; the queue's alert resolves once nothing
 * is left.
 */
export async function discardDeadLetter(queueName: string, messageId: string): Promise<DiscardedDeadLetter> {
  const queue = queueOf(queueName);
  await shownDeadLetter(queue, messageId);
  await messageQueue().removeDeadLettered(queue, ({ id }) => id === messageId);
  return { queue, messageId };
}
