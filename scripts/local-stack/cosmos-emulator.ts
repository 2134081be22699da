/**
 * The local Cosmos DB: `@vercel/cosmosdb-server` keeps everything in memory, so this
 * process loads a snapshot from disk at start, writes one a moment after every change, and
 * a last one when it is told to stop. Run as a child process of `npm start`:
 *   node cosmos-emulator.js <port> <snapshot-file>
 */
import { CosmosClient } from "@azure/cosmos";
import cosmosServer from "@vercel/cosmosdb-server";
import type { IncomingMessage, Server } from "node:http";
import { readFile, rename, writeFile } from "node:fs/promises";
import { Agent } from "node:https";
import type { AddressInfo } from "node:net";
import { makeEmulatorQueriesLinear } from "./cosmos-query-speed.js";

makeEmulatorQueriesLinear();

interface Snapshot {
  version: 1;
  databases: { id: string; containers: { id: string; partitionKeyPaths: string[]; items: Record<string, unknown>[] }[] }[];
}

const systemProperties = ["_rid", "_self", "_etag", "_attachments", "_ts"];
const snapshotDelayMs = 500;

const [portArg, snapshotPath] = process.argv.slice(2);
if (!portArg || !snapshotPath) {
  console.error("usage: cosmos-emulator <port> <snapshot-file>");
  process.exit(2);
}

// A CommonJS module: its default export arrives as `default` under Node's ESM loader.
const module = cosmosServer as unknown as { default: (options: object) => Server; createHttpsServer: (options: object) => Server };
const server = (module.createHttpsServer ?? module.default)({ keepAlive: true });
let dirty = false;
server.on("request", (req: IncomingMessage) => {
  const isQuery = String(req.headers["x-ms-documentdb-isquery"] ?? "").toLowerCase() === "true";
  if (req.method !== "GET" && !isQuery) dirty = true;
});

await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(Number(portArg), "127.0.0.1", () => resolve());
});
const { port } = server.address() as AddressInfo;

// The emulator checks no key; the client needs one to sign requests.
const client = new CosmosClient({
  endpoint: `https://127.0.0.1:${port}`,
  key: Buffer.from("local-emulator").toString("base64"),
  agent: new Agent({ rejectUnauthorized: false, keepAlive: true }),
  connectionPolicy: { enableEndpointDiscovery: false },
});

async function takeSnapshot(): Promise<Snapshot> {
  const snapshot: Snapshot = { version: 1, databases: [] };
  const { resources: databases } = await client.databases.readAll().fetchAll();
  for (const { id } of databases) {
    const database = client.database(id);
    const entry: Snapshot["databases"][number] = { id, containers: [] };
    const { resources: containers } = await database.containers.readAll().fetchAll();
    for (const container of containers) {
      // One page: the SDK's default of 10 items a page re-runs the query per page.
      const { resources } = await database.container(container.id).items.readAll({ maxItemCount: -1 }).fetchAll();
      const items = resources.map((item) =>
        Object.fromEntries(Object.entries(item).filter(([key]) => !systemProperties.includes(key))),
      );
      entry.containers.push({ id: container.id, partitionKeyPaths: container.partitionKey?.paths ?? ["/id"], items });
    }
    snapshot.databases.push(entry);
  }
  return snapshot;
}

async function restore(snapshot: Snapshot): Promise<number> {
  let count = 0;
  for (const db of snapshot.databases) {
    const { database } = await client.databases.createIfNotExists({ id: db.id });
    for (const c of db.containers) {
      const { container } = await database.containers.createIfNotExists({ id: c.id, partitionKey: { paths: c.partitionKeyPaths } });
      for (const item of c.items) {
        await container.items.upsert(item);
        count++;
      }
    }
  }
  return count;
}

// A snapshot reads every document; while writes keep coming, space snapshots out to four
// times their own duration, so that a large import is not slowed down by them.
let nextSnapshotAt = 0;
let snapshotting = false;

async function writeSnapshot(): Promise<void> {
  dirty = false;
  const started = performance.now();
  const snapshot = await takeSnapshot();
  const temporary = `${snapshotPath}.tmp`;
  await writeFile(temporary, JSON.stringify(snapshot));
  await rename(temporary, snapshotPath!);
  nextSnapshotAt = performance.now() + 4 * (performance.now() - started);
}

const existing = await readFile(snapshotPath, "utf8").then((text) => JSON.parse(text) as Snapshot, () => undefined);
const restored = existing ? await restore(existing) : 0;
dirty = false;

let writing = Promise.resolve();
const timer = setInterval(() => {
  if (!dirty || snapshotting || performance.now() < nextSnapshotAt) return;
  snapshotting = true;
  writing = writing
    .then(writeSnapshot)
    .catch((error) => console.error("cosmos snapshot failed", error))
    .finally(() => (snapshotting = false));
}, snapshotDelayMs);

async function stop(): Promise<void> {
  clearInterval(timer);
  await writing;
  await writeSnapshot().catch((error) => console.error("cosmos snapshot failed", error));
  server.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

console.log(JSON.stringify({ ready: true, port, restoredDocuments: restored }));
