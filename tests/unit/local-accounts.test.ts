import { mkdtemp, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addAccounts, hashPassword, readAccounts, updateAccounts, writeAccounts, type LocalAccount } from "../../scripts/local-stack/local-accounts.js";

let dir: string;
let file: string;
let passwordHash: string;
const account = (n: number): LocalAccount => ({ sub: `test|${n}`, login: `user-${n}`, passwordHash, name: `Gebruiker ${n}` });

beforeAll(async () => {
  passwordHash = await hashPassword("een-lang-wachtwoord");
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "leerspoor-accounts-"));
  file = join(dir, "idp-accounts.json");
  await writeAccounts(file, []);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("the local IdP's accounts file", () => {
  it("keeps every account when many writers add and remove at the same time", async () => {
    await addAccounts(file, account(0));
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => addAccounts(file, account(i + 1))),
      updateAccounts(file, (accounts) => ({ accounts: accounts.filter((a) => a.sub !== "test|0"), result: undefined })),
    ]);
    const subs = (await readAccounts(file)).map((a) => a.sub).sort();
    expect(subs).toEqual(Array.from({ length: 30 }, (_, i) => `test|${i + 1}`).sort());
    await expect(stat(`${file}.lock`)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("releases the lock when a change fails, and writes nothing", async () => {
    await addAccounts(file, account(1));
    await expect(updateAccounts(file, () => Promise.reject(new Error("kapot")))).rejects.toThrow("kapot");
    await expect(addAccounts(file, account(1))).rejects.toThrow(/duplicate/);
    await addAccounts(file, account(2));
    expect((await readAccounts(file)).map((a) => a.sub)).toEqual(["test|1", "test|2"]);
  });

  it("takes over a lock left by a writer that died, but waits for a live one", async () => {
    await writeFile(`${file}.lock`, "");
    const old = new Date(Date.now() - 60_000);
    await utimes(`${file}.lock`, old, old);
    await addAccounts(file, account(1));
    expect((await readAccounts(file)).map((a) => a.sub)).toEqual(["test|1"]);

    await writeFile(`${file}.lock`, "");
    let added = false;
    const waiting = addAccounts(file, account(2)).then(() => (added = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(added).toBe(false);
    await rm(`${file}.lock`);
    await waiting;
    expect((await readAccounts(file)).map((a) => a.sub)).toEqual(["test|1", "test|2"]);
  });
});
