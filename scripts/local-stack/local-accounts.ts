/**
 * Accounts of the local OpenID provider (the stand-in for Auth0 in `npm start`), kept as a
 * JSON array in `<data>/idp-accounts.json`. The demo seeding writes them; the provider
 * reads them at every sign-in and removes one on GDPR erasure.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { open, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

/** `scrypt$<N>$<r>$<p>$<salt, base64url>$<key, base64url>`: the parameters travel with the hash. */
const hashFormat = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

export const LocalAccount = z.object({
  /** The subject identifier in the id_token; stable for the life of the account. */
  sub: z.string().min(1),
  /** What the user types in the login field (user name or e-mail address). */
  login: z.string().trim().min(1),
  passwordHash: z.string().regex(hashFormat, "expected a hash made by hashPassword()"),
  email: z.email().optional(),
  emailVerified: z.boolean().optional(),
  name: z.string().min(1),
  givenName: z.string().min(1).optional(),
  familyName: z.string().min(1).optional(),
  /** The school's official number from the Flemish education department. */
  instellingsnummer: z.string().min(1).optional(),
  roles: z.array(z.string().min(1)).optional(),
});
export type LocalAccount = z.infer<typeof LocalAccount>;

export const LocalAccounts = z.array(LocalAccount).superRefine((accounts, context) => {
  const subs = new Set<string>();
  const logins = new Set<string>();
  accounts.forEach((account, index) => {
    if (subs.has(account.sub)) context.addIssue({ code: "custom", path: [index, "sub"], message: `duplicate sub ${account.sub}` });
    if (logins.has(loginKey(account.login))) {
      context.addIssue({ code: "custom", path: [index, "login"], message: `duplicate login ${account.login}` });
    }
    subs.add(account.sub);
    logins.add(loginKey(account.login));
  });
});

/** Logins are matched without regard to case or surrounding spaces, as Auth0 does for user names. */
export const loginKey = (login: string): string => login.trim().toLowerCase();

// OWASP's scrypt minimum (N=2^17, r=8, p=1) needs 128 MiB; N=2^15 keeps a sign-in fast on a laptop.
const cost = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 32;

function derive(plain: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  const maxmem = 256 * (options.N ?? cost.N) * (options.r ?? cost.r) + 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(plain.normalize("NFKC"), salt, keyLength, { ...options, maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(plain, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(plain: string, passwordHash: string): Promise<boolean> {
  const match = hashFormat.exec(passwordHash);
  if (!match) return false;
  const [, n, r, p, salt, expected] = match;
  const expectedKey = Buffer.from(expected!, "base64url");
  const key = await derive(plain, Buffer.from(salt!, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
}

/** The accounts in `path`; an absent file is no accounts. */
export async function readAccounts(path: string): Promise<LocalAccount[]> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "[]";
    throw error;
  });
  return LocalAccounts.parse(JSON.parse(text));
}

/**
 * Read-modify-write of the accounts file under a lock file, so that the provider (erasure),
 * the demo seeding and test runs in other processes that change it at the same time do not
 * lose each other's changes. Returns what `change` returned.
 */
export async function updateAccounts<T = void>(
  path: string,
  change: (accounts: LocalAccount[]) => { accounts: LocalAccount[]; result: T } | Promise<{ accounts: LocalAccount[]; result: T }>,
): Promise<T> {
  const release = await lock(`${path}.lock`);
  try {
    const { accounts, result } = await change(await readAccounts(path));
    await writeAccounts(path, accounts);
    return result;
  } finally {
    await release();
  }
}

/** Adds accounts to the file, keeping every account that others add or remove meanwhile. */
export async function addAccounts(path: string, ...added: LocalAccount[]): Promise<void> {
  await updateAccounts(path, (accounts) => ({ accounts: [...accounts, ...added], result: undefined }));
}

// A holder that died leaves its lock behind; no update takes anywhere near this long.
const staleLockMs = 10_000;

async function lock(lockPath: string): Promise<() => Promise<void>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.close();
      return () => unlink(lockPath).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const held = await stat(lockPath).catch(() => undefined);
      if (held && Date.now() - held.mtimeMs > staleLockMs) await unlink(lockPath).catch(() => undefined);
      else await sleep(Math.min(5 + attempt * 5, 50));
    }
  }
}

/** Replaces the file at once (write, then rename), so that a reader never sees half of it. */
export async function writeAccounts(path: string, accounts: LocalAccount[]): Promise<void> {
  const valid = LocalAccounts.parse(accounts);
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temporary, JSON.stringify(valid, null, 2), { mode: 0o600 });
  await rename(temporary, path);
}
