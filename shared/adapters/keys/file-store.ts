import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { assertStoredKeyId, type KeyStore, type StoredKey } from "./port.js";

/** One file per key, `<dir>/<kid>.json`, readable by the owner only; writes are atomic (rename). */
export class FileKeyStore implements KeyStore {
  constructor(private readonly dir: string) {}

  async list(): Promise<StoredKey[]> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [] as string[];
      throw error;
    });
    const keys: StoredKey[] = [];
    for (const name of names.filter((n) => n.endsWith(".json"))) {
      const document = await readFile(join(this.dir, name), "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined; // deleted between readdir and read
        throw error;
      });
      if (document !== undefined) keys.push({ kid: name.slice(0, -".json".length), document });
    }
    return keys;
  }

  async put(key: StoredKey): Promise<void> {
    assertStoredKeyId(key.kid);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temporary = join(this.dir, `.${key.kid}.${randomUUID()}.tmp`);
    await writeFile(temporary, key.document, { mode: 0o600 });
    await rename(temporary, join(this.dir, `${key.kid}.json`));
  }

  async delete(kid: string): Promise<void> {
    assertStoredKeyId(kid);
    await rm(join(this.dir, `${kid}.json`), { force: true });
  }
}
