/**
 * Storage of the local OpenID provider: sessions, grants, codes and tokens in memory, with
 * a snapshot in the data folder, so that a restart of `npm start` keeps users signed in.
 * Unlike oidc-provider's own MemoryAdapter it can find everything of one account, which the
 * GDPR erasure of an account needs (`forgetAccount`).
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import type { Adapter, AdapterPayload } from "oidc-provider";

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; absent means until deleted. */
  expiresAt?: number;
}

const snapshotIntervalMs = 1_000;

export class OidcStore {
  readonly #entries = new Map<string, Entry>();
  readonly #file: string;
  readonly #now: () => number;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #writing = Promise.resolve();

  private constructor(file: string, now: () => number) {
    this.#file = file;
    this.#now = now;
  }

  /** Loads the snapshot in `file` (if any) and writes a new one at most every second after a change. */
  static async open(file: string, now: () => number = Date.now): Promise<OidcStore> {
    const store = new OidcStore(file, now);
    const saved = await readFile(file, "utf8").then((text) => JSON.parse(text) as Record<string, Entry>, () => ({}));
    for (const [key, entry] of Object.entries(saved)) {
      if (entry.expiresAt === undefined || entry.expiresAt > now()) store.#entries.set(key, entry);
    }
    store.#timer = setInterval(() => {
      if (!store.#dirty) return;
      store.#writing = store.#writing.then(() => store.#write()).catch((error) => console.error("oidc store snapshot failed", error));
    }, snapshotIntervalMs);
    store.#timer.unref();
    return store;
  }

  /** The adapter that oidc-provider uses for one model (Session, Grant, AccessToken…). */
  adapterFor(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    const ofModel = () => [...this.#live()].filter(([k]) => k.startsWith(`${model}:`));
    return {
      upsert: async (id, payload, expiresIn) => {
        this.#entries.set(key(id), {
          payload,
          ...(typeof expiresIn === "number" ? { expiresAt: this.#now() + expiresIn * 1000 } : {}),
        });
        this.#dirty = true;
      },
      find: async (id) => this.#get(key(id))?.payload,
      findByUid: async (uid) => ofModel().find(([, entry]) => entry.payload.uid === uid)?.[1].payload,
      findByUserCode: async (userCode) => ofModel().find(([, entry]) => entry.payload.userCode === userCode)?.[1].payload,
      consume: async (id) => {
        const entry = this.#get(key(id));
        if (entry) entry.payload.consumed = Math.floor(this.#now() / 1000);
        this.#dirty = true;
      },
      destroy: async (id) => {
        this.#dirty = this.#entries.delete(key(id)) || this.#dirty;
      },
      revokeByGrantId: async (grantId) => {
        for (const [k, entry] of ofModel()) if (entry.payload.grantId === grantId) this.#entries.delete(k);
        this.#dirty = true;
      },
    };
  }

  /**
   * Removes every session, grant, code and token of an account, and everything issued under
   * its grants. Returns how many entries went.
   */
  forgetAccount(accountId: string): number {
    const grants = new Set<string>();
    for (const [k, entry] of this.#live()) {
      if (k.startsWith("Grant:") && entry.payload.accountId === accountId && entry.payload.jti) grants.add(entry.payload.jti);
    }
    let removed = 0;
    for (const [k, entry] of [...this.#live()]) {
      const { payload } = entry;
      if (payload.accountId === accountId || (payload.grantId !== undefined && grants.has(payload.grantId))) {
        this.#entries.delete(k);
        removed++;
      }
    }
    this.#dirty ||= removed > 0;
    return removed;
  }

  /** Writes the last snapshot and stops the timer. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#writing;
    await this.#write();
  }

  #get(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  *#live(): Generator<[string, Entry]> {
    for (const key of [...this.#entries.keys()]) {
      const entry = this.#get(key);
      if (entry) yield [key, entry];
    }
  }

  async #write(): Promise<void> {
    this.#dirty = false;
    const temporary = `${this.#file}.tmp`;
    await writeFile(temporary, JSON.stringify(Object.fromEntries(this.#live())), { mode: 0o600 });
    await rename(temporary, this.#file);
  }
}
