import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { KeyRing, SigningKeys } from "./key-ring.js";

/*
 * Short-lived values the platform hands out and takes back unchanged (the message hint, a
 * picture link): a compact JWE (RFC 7516 §7.1) with `alg: dir` and `enc: A256GCM` under the
 * sealing secret of the current signing key, so they rotate with it and every instance opens
 * what another sealed. `typ` keeps the kinds apart. Made with node:crypto directly: jose's
 * EncryptJWT goes through WebCrypto, a thread-pool round trip that cost a launch more than a
 * quarter of its time (tests/bench/lti-launch.bench.ts). The format is the standard one, so
 * jose's jwtDecrypt opens it too (tests/unit/lti-rules.test.ts).
 */

/** `unknown-key`: sealed under a key this instance has not loaded (yet). */
export type SealProblem = "invalid" | "expired" | "unknown-key";

export class SealRefused extends Error {
  constructor(readonly problem: SealProblem) {
    super(`sealed token ${problem}`);
    this.name = "SealRefused";
  }
}

const b64u = (data: Buffer | string): string => Buffer.from(data).toString("base64url");
const ivBytes = 12;
const tagBytes = 16;

export function seal(typ: string, payload: object, ring: KeyRing, now: Date, lifetimeSeconds: number): { token: string; jti: string } {
  const jti = randomUUID();
  const iat = Math.floor(now.getTime() / 1000);
  const header = b64u(JSON.stringify({ alg: "dir", enc: "A256GCM", kid: ring.signer.kid, typ }));
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", ring.signer.hintKey, iv, { authTagLength: tagBytes });
  // RFC 7516 §5.1 step 14: the additional authenticated data is the encoded protected header.
  cipher.setAAD(Buffer.from(header, "ascii"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify({ ...payload, jti, iat, exp: iat + lifetimeSeconds }), "utf8"), cipher.final()]);
  return { token: `${header}..${b64u(iv)}.${b64u(ciphertext)}.${b64u(cipher.getAuthTag())}`, jti };
}

const Header = z.object({ alg: z.literal("dir"), enc: z.literal("A256GCM"), kid: z.string() });
const Times = z.object({ jti: z.string(), iat: z.number(), exp: z.number() });
const base64urlPart = /^[A-Za-z0-9_-]*$/;

// Building a zod schema costs far more than parsing with it: one per kind and payload shape, made once.
const headers = new Map<string, z.ZodType<{ kid: string }>>();
const headerOf = (typ: string) => headers.get(typ) ?? headers.set(typ, Header.extend({ typ: z.literal(typ) })).get(typ)!;
const payloads = new WeakMap<z.ZodObject, z.ZodType>();
const payloadOf = (schema: z.ZodObject) => payloads.get(schema) ?? payloads.set(schema, schema.extend(Times.shape)).get(schema)!;

/** Opens a token of kind `typ`; throws SealRefused when it was altered, is of another kind, unknown or expired. */
export function unseal<T extends z.ZodObject>(typ: string, token: string, ring: KeyRing, now: Date, schema: T): z.infer<T> & z.infer<typeof Times> {
  const parts = token.split(".");
  if (parts.length !== 5 || parts[1] !== "" || !parts.every((part) => base64urlPart.test(part))) throw new SealRefused("invalid");
  const [encodedHeader, , encodedIv, ciphertext, encodedTag] = parts as [string, string, string, string, string];
  const header = headerOf(typ).safeParse(parseJson(Buffer.from(encodedHeader, "base64url").toString("utf8")));
  if (!header.success) throw new SealRefused("invalid");
  const key = ring.hintKeyFor(header.data.kid);
  if (!key) throw new SealRefused("unknown-key");
  const iv = Buffer.from(encodedIv, "base64url");
  const tag = Buffer.from(encodedTag, "base64url");
  // A shorter tag would be accepted by GCM and make forgeries easier: only the full 128 bits.
  if (iv.length !== ivBytes || tag.length !== tagBytes) throw new SealRefused("invalid");
  let plaintext: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: tagBytes });
    decipher.setAAD(Buffer.from(encodedHeader, "ascii"));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SealRefused("invalid");
  }
  const opened = payloadOf(schema).safeParse(parseJson(plaintext));
  if (!opened.success) throw new SealRefused("invalid");
  if ((opened.data as z.infer<typeof Times>).exp * 1000 <= now.getTime()) throw new SealRefused("expired");
  return opened.data as z.infer<T> & z.infer<typeof Times>;
}

/** Opens a token with the loaded keys, reading the key store again once when another instance sealed it under a key this one has not loaded yet. */
export async function unsealWithKeys<T extends z.ZodObject>(
  keys: Pick<SigningKeys, "ring" | "fresh">,
  typ: string,
  token: string,
  now: Date,
  schema: T,
): Promise<z.infer<T> & z.infer<typeof Times>> {
  try {
    return unseal(typ, token, await keys.ring(), now, schema);
  } catch (error) {
    if (!(error instanceof SealRefused) || error.problem !== "unknown-key") throw error;
  }
  try {
    return unseal(typ, token, await keys.fresh(), now, schema);
  } catch (error) {
    throw error instanceof SealRefused && error.problem === "unknown-key" ? new SealRefused("invalid") : error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
