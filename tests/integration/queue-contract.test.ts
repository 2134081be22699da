import { ServiceBusAdministrationClient } from "@azure/service-bus";
import { randomUUID } from "node:crypto";
import { createMessageQueue, type MessageQueue, type ReceivedMessage } from "../../shared/adapters/index.js";
import { testSettings } from "../support/settings.js";

/**
 * The MessageQueue contract, against Azurite always and against a real Service Bus
 * namespace when SERVICE_BUS_CONNECTION_STRING is set (there is no local Service Bus).
 */
interface Driver {
  name: string;
  queue: MessageQueue;
  deadLetters: { queue: string; id: string; reason: string }[];
  createQueue(name: string): Promise<void>;
  removeQueue(name: string): Promise<void>;
}

const maxDeliveries = 3;

function azuriteDriver(): Driver {
  const deadLetters: Driver["deadLetters"] = [];
  const queue = createMessageQueue(testSettings({ QUEUE_MAX_DELIVERIES: String(maxDeliveries) }), (q, id, reason) =>
    deadLetters.push({ queue: q, id, reason }),
  );
  return { name: "Azurite Storage Queue", queue, deadLetters, createQueue: (n) => queue.ensureQueue(n), removeQueue: (n) => queue.deleteQueue(n) };
}

function serviceBusDriver(connectionString: string): Driver {
  const admin = new ServiceBusAdministrationClient(connectionString);
  const queue = createMessageQueue(
    testSettings({ QUEUE_DRIVER: "service-bus", SERVICE_BUS_CONNECTION_STRING: connectionString, QUEUE_MAX_DELIVERIES: String(maxDeliveries) }),
    () => {},
  );
  return {
    name: "Service Bus",
    queue,
    deadLetters: [],
    createQueue: async (n) => {
      await admin.createQueue(n, { maxDeliveryCount: maxDeliveries, requiresDuplicateDetection: true });
    },
    removeQueue: async (n) => {
      await admin.deleteQueue(n);
    },
  };
}

const drivers = [azuriteDriver, ...(process.env.SERVICE_BUS_CONNECTION_STRING ? [() => serviceBusDriver(process.env.SERVICE_BUS_CONNECTION_STRING!)] : [])];

async function receiveUntil(queue: MessageQueue, name: string, count: number, lockSeconds = 30): Promise<ReceivedMessage[]> {
  const received: ReceivedMessage[] = [];
  const deadline = Date.now() + 20_000;
  while (received.length < count && Date.now() < deadline) {
    received.push(...(await queue.receive(name, { maxMessages: count - received.length, lockSeconds })));
    if (received.length < count) await new Promise((r) => setTimeout(r, 200));
  }
  return received;
}

describe.each(drivers.map((make) => [make().name, make] as const))("message queue contract on %s", (_name, make) => {
  let driver: Driver;
  let queueName: string;

  beforeEach(async () => {
    driver = make();
    queueName = `contract-${randomUUID().slice(0, 8)}`;
    await driver.createQueue(queueName);
  });

  afterEach(async () => {
    await driver.removeQueue(queueName);
    await driver.queue.close();
  });

  it("delivers the body with the sender's message id", async () => {
    await driver.queue.send(queueName, [{ id: "msg-1", body: { verb: "launched", n: 1 } }]);
    const [message] = await receiveUntil(driver.queue, queueName, 1);
    expect(message).toMatchObject({ id: "msg-1", body: { verb: "launched", n: 1 }, deliveryCount: 1 });
    await message!.complete();
    expect(await driver.queue.receive(queueName, { maxMessages: 1 })).toEqual([]);
  });

  it("receives a batch of several messages at once", async () => {
    await driver.queue.send(queueName, Array.from({ length: 5 }, (_, i) => ({ id: `b-${i}`, body: i })));
    const messages = await receiveUntil(driver.queue, queueName, 5);
    expect(messages.map((m) => m.id).sort()).toEqual(["b-0", "b-1", "b-2", "b-3", "b-4"]);
    await Promise.all(messages.map((m) => m.complete()));
  });

  it("delivers a message again when it was not completed (at least once)", async () => {
    await driver.queue.send(queueName, [{ id: "again", body: "x" }]);
    const [first] = await receiveUntil(driver.queue, queueName, 1);
    await first!.abandon(0);
    const [second] = await receiveUntil(driver.queue, queueName, 1);
    expect(second).toMatchObject({ id: "again", deliveryCount: 2 });
    await second!.complete();
  });

  it("dead-letters a message after the maximum number of deliveries, with an alert", async () => {
    await driver.queue.send(queueName, [{ id: "doomed", body: { step: 1 } }]);
    for (let delivery = 1; delivery <= maxDeliveries; delivery++) {
      const [message] = await receiveUntil(driver.queue, queueName, 1);
      expect(message?.deliveryCount).toBe(delivery);
      await message!.abandon(0);
    }
    expect(await driver.queue.receive(queueName, { maxMessages: 1 })).toEqual([]);
    const [dead] = await driver.queue.receiveDeadLettered(queueName, { maxMessages: 1 });
    expect(dead).toMatchObject({ id: "doomed", body: { step: 1 } });
    await dead!.complete();
    if (driver.name !== "Service Bus") expect(driver.deadLetters).toEqual([expect.objectContaining({ queue: queueName, id: "doomed" })]);
  });

  it("dead-letters at once on request, keeping the message", async () => {
    await driver.queue.send(queueName, [{ id: "poison", body: { broken: true } }]);
    const [message] = await receiveUntil(driver.queue, queueName, 1);
    await message!.deadLetter("does not match the schema");
    const [dead] = await driver.queue.receiveDeadLettered(queueName, { maxMessages: 1 });
    expect(dead).toMatchObject({ id: "poison", body: { broken: true } });
  });

  it("shows the dead letters with id, body and reason, oldest first, without taking them", async () => {
    expect(await driver.queue.peekDeadLettered(queueName, 10)).toEqual({ messages: [], more: false });
    await driver.queue.send(queueName, [
      { id: "first", body: { n: 1 } },
      { id: "second", body: { n: 2 } },
      { id: "third", body: { n: 3 } },
    ]);
    const received = await receiveUntil(driver.queue, queueName, 3);
    for (const id of ["first", "second", "third"]) await received.find((m) => m.id === id)!.deadLetter(`step ${id} failed`);

    const all = await driver.queue.peekDeadLettered(queueName, 10);
    expect(all.more).toBe(false);
    expect(all.messages.map(({ id, body, reason }) => ({ id, body, reason }))).toEqual([
      { id: "first", body: { n: 1 }, reason: "step first failed" },
      { id: "second", body: { n: 2 }, reason: "step second failed" },
      { id: "third", body: { n: 3 }, reason: "step third failed" },
    ]);
    if (driver.name !== "Service Bus") for (const message of all.messages) expect(message.deadLetteredAt).toBeInstanceOf(Date);

    const bounded = await driver.queue.peekDeadLettered(queueName, 2);
    expect([bounded.messages.map((m) => m.id), bounded.more]).toEqual([["first", "second"], true]);
    // Peeking took nothing and locked nothing: all three are there to receive at once.
    const dead: ReceivedMessage[] = [];
    for (let batch = await driver.queue.receiveDeadLettered(queueName, { maxMessages: 10 }); batch.length > 0; batch = await driver.queue.receiveDeadLettered(queueName, { maxMessages: 10 })) {
      dead.push(...batch);
    }
    expect(dead.map((m) => m.id).sort()).toEqual(["first", "second", "third"]);
    await Promise.all(dead.map((m) => m.complete()));
  });

  it("removes the dead letters an operator resubmitted and leaves the others deliverable from the dead-letter queue", async () => {
    expect(await driver.queue.removeDeadLettered(queueName, () => true)).toBe(0);
    await driver.queue.send(queueName, [
      { id: "replayed", body: { delivery: "a" } },
      { id: "replayed.again", body: { delivery: "a" } },
      { id: "still-broken", body: { delivery: "b" } },
    ]);
    const received = await receiveUntil(driver.queue, queueName, 3);
    for (const message of received) await message.deadLetter("failed");

    const removed = await driver.queue.removeDeadLettered(queueName, (message) => (message.body as { delivery?: string }).delivery === "a");
    expect(removed).toBe(2);
    // What stayed is there at once (not hidden by the scan), and only it.
    const [left, ...more] = await driver.queue.receiveDeadLettered(queueName, { maxMessages: 10 });
    expect(left).toMatchObject({ id: "still-broken", body: { delivery: "b" } });
    expect(more).toEqual([]);
    await left!.complete();
    expect(await driver.queue.removeDeadLettered(queueName, () => true)).toBe(0);
  });

  it("keeps a message hidden while its receiver renews the lock", async () => {
    await driver.queue.send(queueName, [{ id: "long-job", body: 1 }]);
    const [message] = await receiveUntil(driver.queue, queueName, 1, 2);
    await new Promise((r) => setTimeout(r, 1000));
    await message!.renewLock(4);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await driver.queue.receive(queueName, { maxMessages: 1 })).toEqual([]);
    await message!.complete();
  });

  it("hides a received message from other receivers until its lock runs out", async () => {
    await driver.queue.send(queueName, [{ id: "locked", body: 1 }]);
    const [message] = await receiveUntil(driver.queue, queueName, 1, 30);
    expect(await driver.queue.receive(queueName, { maxMessages: 1 })).toEqual([]);
    await message!.complete();
  });
});
