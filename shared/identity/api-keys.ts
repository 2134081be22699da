import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { documentStore, PreconditionFailed, type Stored } from "../adapters/index.js";
import { HttpProblem } from "../runtime/index.js";
import { ApiKey, type ApiKeySummary, type IssuedApiKey, type NewApiKey } from "./api-key.js";

export { ApiKey, ApiKeyList, ApiKeySummary, IssuedApiKey, NewApiKey } from "./api-key.js";

/** Who calls with a valid key. */
export interface ApiKeyCaller {
  keyId: string;
  providerId: string;
  label: string;
}

const keyFormat = /^lsp_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** Active keys per provider: enough to rotate, few enough to keep track of. */
export const maxActiveApiKeys = 5;
/**
 * Verified keys are cached in this process for a minute: a revocation takes effect at once in
 * the process that revoked, and within this long in every other instance.
 */
export const apiKeyCacheMs = 60_000;
const cacheLimit = 1_000;

const platform = () => documentStore().container("platform");
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
const summaryOf = (key: ApiKey): ApiKeySummary => ({
  keyId: key.id,
  label: key.label,
  prefix: `lsp_${key.id}_…`,
  createdAt: key.createdAt,
  createdBy: key.createdBy,
  ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
});

const cache = new Map<string, { key: ApiKey; until: number }>();

export async function listApiKeys(providerId: string): Promise<ApiKeySummary[]> {
  const keys = await platform().query<ApiKey>(
    { query: "SELECT * FROM c WHERE c.providerId = @providerId ORDER BY c.createdAt", parameters: [{ name: "@providerId", value: providerId }] },
    { partitionKey: "api-key" },
  );
  return keys.map(summaryOf);
}

export async function issueApiKey(providerId: string, input: NewApiKey, createdBy: string, now = new Date()): Promise<IssuedApiKey> {
  const active = (await listApiKeys(providerId)).filter((key) => !key.revokedAt);
  if (active.length >= maxActiveApiKeys) {
    throw new HttpProblem(409, "too-many-api-keys", "Too many API keys", `At most ${maxActiveApiKeys} keys can be active at once; revoke one first`);
  }
  const keyId = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  const key: ApiKey = {
    id: keyId,
    kind: "api-key",
    providerId,
    label: input.label,
    secretHash: sha256(secret),
    createdAt: now.toISOString(),
    createdBy,
  };
  await platform().create(key);
  return { ...summaryOf(key), key: `lsp_${keyId}_${secret}` };
}

/**
 * Demo data only: stores a key under a fixed id with a fresh secret, replacing the key of that
 * id, so that seeding again never piles up keys.
 */
export async function seedApiKey(providerId: string, keyId: string, label: string, createdBy: string, now = new Date()): Promise<IssuedApiKey> {
  if (!/^[0-9a-f]{16}$/.test(keyId)) throw new Error("a key id is 16 hex digits");
  const secret = randomBytes(32).toString("base64url");
  const key: ApiKey = { id: keyId, kind: "api-key", providerId, label, secretHash: sha256(secret), createdAt: now.toISOString(), createdBy };
  await platform().upsert(key);
  cache.delete(keyId);
  return { ...summaryOf(key), key: `lsp_${keyId}_${secret}` };
}

/** Revokes a key of this provider; undefined when it has no such key. Idempotent. */
export async function revokeApiKey(providerId: string, keyId: string, revokedBy: string, now = new Date()): Promise<ApiKeySummary | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await platform().read<ApiKey>(keyId, "api-key");
    if (!current || current.providerId !== providerId) return undefined;
    cache.delete(keyId);
    if (current.revokedAt) return summaryOf(current);
    try {
      const revoked = await platform().replace<Stored<ApiKey>>({ ...current, revokedAt: now.toISOString(), revokedBy }, current._etag);
      cache.delete(keyId);
      return summaryOf(revoked);
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
    }
  }
  throw new PreconditionFailed(keyId);
}

/** The provider a key belongs to, or undefined for a malformed, unknown or revoked key. */
export async function verifyApiKey(presented: string, now = Date.now()): Promise<ApiKeyCaller | undefined> {
  const match = keyFormat.exec(presented);
  if (!match) return undefined;
  const [, keyId, secret] = match as unknown as [string, string, string];
  let key = cache.get(keyId);
  if (!key || key.until <= now) {
    const stored = await platform().read<ApiKey>(keyId, "api-key");
    if (!stored) return undefined;
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
    key = { key: ApiKey.parse(stored), until: now + apiKeyCacheMs };
    cache.set(keyId, key);
  }
  const expected = Buffer.from(key.key.secretHash, "hex");
  const given = Buffer.from(sha256(secret), "hex");
  if (key.key.revokedAt || !timingSafeEqual(expected, given)) return undefined;
  return { keyId, providerId: key.key.providerId, label: key.key.label };
}
