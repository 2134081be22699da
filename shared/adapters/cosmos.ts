import { CosmosClient, ErrorResponse, type Container, type Database, type SqlParameter } from "@azure/cosmos";
import { Agent } from "node:https";
import type { AppSettings } from "../config/index.js";
import { azureCredential } from "./credential.js";
import { cosmosContainers, type CosmosContainerName } from "./resources.js";

/** A document as stored: the caller's fields plus the id and the ETag for optimistic concurrency. */
export type Stored<T> = T & { id: string; _etag: string };

export class PreconditionFailed extends Error {
  constructor(id: string) {
    super(`Document ${id} was changed by someone else`);
    this.name = "PreconditionFailed";
  }
}

export class AlreadyExists extends Error {
  constructor(id: string) {
    super(`Document ${id} already exists`);
    this.name = "AlreadyExists";
  }
}

export interface QuerySpec {
  query: string;
  parameters?: { name: string; value: string | number | boolean | null }[];
}

/** The values of a document's sort fields (`SortOrder.fields`): where a page ends, and the next one starts after. */
export type SortKey = (string | number)[];

/** A list's order: the field it is sorted on, then fields that break ties, all ascending or all descending. */
export interface SortOrder {
  fields: readonly [string, ...string[]];
  descending?: boolean;
}

/** What `page` reads: `where` filters (a condition on `c`, with its parameters); `after` is the previous page's `nextKey`. */
export interface PageSpec {
  where: string;
  parameters?: QuerySpec["parameters"];
  order: SortOrder;
  limit: number;
  after?: SortKey;
}

/** One Cosmos container, with the SDK's types kept inside the adapter. */
export interface DocumentContainer {
  read<T extends object>(id: string, partitionKey: string): Promise<Stored<T> | undefined>;
  create<T extends { id: string }>(document: T): Promise<Stored<T>>;
  upsert<T extends { id: string }>(document: T): Promise<Stored<T>>;
  /** Replaces only when the stored ETag still equals `etag`; otherwise PreconditionFailed. */
  replace<T extends { id: string }>(document: T, etag: string): Promise<Stored<T>>;
  delete(id: string, partitionKey: string): Promise<boolean>;
  /**
   * Read-modify-write with optimistic concurrency: applies `change` to the stored document and
   * replaces it if nobody wrote in between, else reads again and retries. Undefined when the
   * document is missing or `change` returns undefined (not the document it expected).
   */
  modify<T extends { id: string }>(id: string, partitionKey: string, change: (current: Stored<T>) => T | undefined): Promise<Stored<T> | undefined>;
  /** Upserts many documents, several at a time; throws on the first failure. */
  upsertMany<T extends { id: string }>(documents: T[]): Promise<void>;
  query<T>(spec: QuerySpec, options?: { partitionKey?: string }): Promise<T[]>;
  /** One page of a list in key order (keyset paging); `nextKey` is absent on the last page. */
  page<T extends object>(spec: PageSpec, options?: { partitionKey?: string }): Promise<{ items: T[]; nextKey?: SortKey }>;
}

export interface DocumentStore {
  container(name: CosmosContainerName): DocumentContainer;
  ensureResources(): Promise<void>;
  ping(signal: AbortSignal): Promise<void>;
}

const statusOf = (error: unknown): number | undefined =>
  error instanceof ErrorResponse ? error.code as number | undefined : (error as { code?: number }).code;

const upsertConcurrency = 16;
const modifyAttempts = 5;

const queryShape = /^\s*(SELECT\s.+?\sFROM\s+c\b(?:\s+JOIN\s.+?)?)(?:\s+WHERE\s+(.+?))?(\s+(?:GROUP\s+BY|ORDER\s+BY|OFFSET)\s.+)?\s*$/is;

/**
 * Adds `c.<partition key> = @partitionKey` to a query's WHERE clause. Cosmos DB already
 * confines a query with a partition key option to that partition, but the local emulator
 * ignores the option, and a tenant's reads must be fenced in both places alike.
 */
export function scopeToPartition(spec: QuerySpec, partitionKeyPath: string, partitionKey: string): QuerySpec {
  const match = queryShape.exec(spec.query);
  if (!match) throw new Error(`Cannot scope this query to a partition; write it as SELECT … FROM c [WHERE …] [ORDER BY …]: ${spec.query}`);
  const [, head, where, tail] = match;
  const condition = `c${partitionKeyPath.replaceAll("/", ".")} = @partitionKey`;
  return {
    query: `${head} WHERE ${condition}${where ? ` AND (${where})` : ""}${tail ?? ""}`,
    parameters: [...(spec.parameters ?? []), { name: "@partitionKey", value: partitionKey }],
  };
}

function wrapContainer(container: Container, partitionKeyPath: string): DocumentContainer {
  return {
    async read<T extends object>(id: string, partitionKey: string) {
      const { resource, statusCode } = await container.item(id, partitionKey).read<Stored<T>>();
      return statusCode === 404 ? undefined : resource;
    },
    async create<T extends { id: string }>(document: T) {
      try {
        const { resource } = await container.items.create(document);
        return resource as unknown as Stored<T>;
      } catch (error) {
        if (statusOf(error) === 409) throw new AlreadyExists(document.id);
        throw error;
      }
    },
    async upsert<T extends { id: string }>(document: T) {
      const { resource } = await container.items.upsert(document);
      return resource as unknown as Stored<T>;
    },
    async replace<T extends { id: string }>(document: T, etag: string) {
      const partitionKey = (document as Record<string, unknown>)[partitionKeyPath.slice(1)] as string;
      try {
        const { resource } = await container
          .item(document.id, partitionKey)
          .replace(document, { accessCondition: { type: "IfMatch", condition: etag } });
        return resource as unknown as Stored<T>;
      } catch (error) {
        if (statusOf(error) === 412) throw new PreconditionFailed(document.id);
        throw error;
      }
    },
    async delete(id: string, partitionKey: string) {
      try {
        await container.item(id, partitionKey).delete();
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    },
    async modify<T extends { id: string }>(id: string, partitionKey: string, change: (current: Stored<T>) => T | undefined) {
      for (let attempt = 0; attempt < modifyAttempts; attempt++) {
        const { resource: current } = await container.item(id, partitionKey).read<Stored<T>>();
        if (!current) return undefined;
        const next = change(current);
        if (!next) return undefined;
        try {
          return await this.replace(next, current._etag);
        } catch (error) {
          if (!(error instanceof PreconditionFailed)) throw error;
        }
      }
      throw new PreconditionFailed(id);
    },
    async upsertMany<T extends { id: string }>(documents: T[]) {
      // Bounded parallel point writes: portable, and on the emulator five times faster than
      // the SDK's bulk API, whose batching timers dominate at this size.
      let next = 0;
      const worker = async () => {
        while (next < documents.length) await container.items.upsert(documents[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(upsertConcurrency, documents.length) }, worker));
    },
    async query<T>(spec: QuerySpec, options: { partitionKey?: string } = {}) {
      const scoped = options.partitionKey === undefined ? spec : scopeToPartition(spec, partitionKeyPath, options.partitionKey);
      const { resources } = await container.items
        .query<T>(
          { query: scoped.query, parameters: (scoped.parameters ?? []) as SqlParameter[] },
          options.partitionKey === undefined ? {} : { partitionKey: options.partitionKey },
        )
        .fetchAll();
      return resources;
    },
    async page<T extends object>(spec: PageSpec, options: { partitionKey?: string } = {}) {
      return readPage((query) => this.query<T>(query, options), spec);
    },
  };
}

const keyOf = (document: object, fields: readonly string[]): SortKey => fields.map((field) => (document as Record<string, string | number>)[field]!);

const compareKeys = (a: SortKey, b: SortKey): number => {
  for (const [index, value] of a.entries()) {
    const other = b[index]!;
    if (value !== other) return value < other ? -1 : 1;
  }
  return 0;
};

/** `c.f0 > @k0 OR (c.f0 = @k0 AND (c.f1 > @k1 OR …))`: the documents after `key` in the order (`<` descending). */
function afterCondition(order: SortOrder, key: SortKey): QuerySpec {
  const beyond = order.descending ? "<" : ">";
  const condition = order.fields.reduceRight<string>(
    (rest, field, index) => `c.${field} ${beyond} @sortKey${index}${rest ? ` OR (c.${field} = @sortKey${index} AND (${rest}))` : ""}`,
    "",
  );
  return { query: condition, parameters: key.map((value, index) => ({ name: `@sortKey${index}`, value })) };
}

/**
 * Keyset paging without a composite index (Cosmos DB refuses ORDER BY on several fields
 * without one): the query orders on the first field only, so documents tied on it come back in
 * no set order, and TOP may cut a tie in two. So the rest of the page is taken from the tie at
 * the cut, paged the same way on the remaining fields: no query reads more than a page and one,
 * however large a tie (a licence snapshot writes thousands of licences at one time).
 */
async function readPage<T extends object>(query: (spec: QuerySpec) => Promise<T[]>, spec: PageSpec, depth = 0): Promise<{ items: T[]; nextKey?: SortKey }> {
  const { order, limit } = spec;
  const [first, ...rest] = order.fields;
  const conditions = [`(${spec.where})`];
  const parameters = [...(spec.parameters ?? [])];
  if (spec.after) {
    if (spec.after.length !== order.fields.length) throw new Error(`A sort key of this list has ${order.fields.length} values`);
    const after = afterCondition(order, spec.after);
    conditions.push(`(${after.query})`);
    parameters.push(...after.parameters!);
  }
  const where = conditions.join(" AND ");
  const found = await query({ query: `SELECT TOP ${limit + 1} * FROM c WHERE ${where} ORDER BY c.${first}${order.descending ? " DESC" : ""}`, parameters });
  const inOrder = (documents: T[]) => documents.sort((a, b) => compareKeys(keyOf(a, order.fields), keyOf(b, order.fields)) * (order.descending ? -1 : 1));
  if (found.length <= limit) return { items: inOrder(found) };
  const cut = keyOf(found.at(-1)!, [first])[0]!;
  const before = inOrder(found.filter((document) => keyOf(document, [first])[0] !== cut));
  const wanted = limit - before.length;
  let tie: T[] = [];
  if (wanted > 0) {
    // Within the tie, `after` is a key on the remaining fields, or (when it is in an earlier tie) no bound at all.
    const inTie = { where: `(${spec.where}) AND c.${first} = @sortCut${depth}`, parameters: [...(spec.parameters ?? []), { name: `@sortCut${depth}`, value: cut }] };
    const afterInTie = spec.after?.[0] === cut ? { after: spec.after.slice(1) } : {};
    tie = rest.length > 0
      ? (await readPage(query, { ...inTie, ...afterInTie, order: { fields: rest as [string, ...string[]], ...(order.descending ? { descending: true } : {}) }, limit: wanted }, depth + 1)).items
      : await query({ query: `SELECT TOP ${wanted} * FROM c WHERE ${where} AND c.${first} = @sortCut${depth}`, parameters: [...parameters, { name: `@sortCut${depth}`, value: cut }] });
  }
  const items = [...before, ...tie];
  return { items, nextKey: keyOf(items.at(-1)!, order.fields) };
}

const isLoopback = (endpoint: string): boolean => ["127.0.0.1", "localhost", "[::1]"].includes(new URL(endpoint).hostname);

export function createDocumentStore(settings: AppSettings): DocumentStore {
  const client = new CosmosClient({
    endpoint: settings.COSMOS_ENDPOINT,
    ...(settings.COSMOS_KEY ? { key: settings.COSMOS_KEY } : { aadCredentials: azureCredential() }),
    // The local emulator serves https with a self-signed certificate; only on loopback.
    ...(isLoopback(settings.COSMOS_ENDPOINT) ? { agent: new Agent({ rejectUnauthorized: false }) } : {}),
    connectionPolicy: { enableEndpointDiscovery: !isLoopback(settings.COSMOS_ENDPOINT) },
  });
  const database: Database = client.database(settings.COSMOS_DATABASE);
  const containers = new Map<string, DocumentContainer>();
  return {
    container(name) {
      let container = containers.get(name);
      if (!container) {
        const { partitionKey } = cosmosContainers.find((c) => c.name === name)!;
        container = wrapContainer(database.container(name), partitionKey);
        containers.set(name, container);
      }
      return container;
    },
    async ensureResources() {
      const { database: db } = await client.databases.createIfNotExists({ id: settings.COSMOS_DATABASE });
      for (const { name, partitionKey } of cosmosContainers) {
        await db.containers.createIfNotExists({ id: name, partitionKey: { paths: [partitionKey] } });
      }
    },
    async ping(signal) {
      await database.read({ abortSignal: signal });
    },
  };
}
