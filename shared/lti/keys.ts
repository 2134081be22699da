import { generateKeyPair, randomBytes } from "node:crypto";
import { z } from "zod";
import type { KeyStore } from "../adapters/keys/index.js";

/*
 * The platform's signing keys and their rotation (LTI-PLATFORM.md, "Keys"): a new key is
 * published in the JWKS before it signs anything, and a key that stopped signing stays
 * published for an overlap, so a tool holding a cached JWKS never meets an unknown `kid`.
 *
 *   next ──(published ≥ publishAhead, current signed ≥ signFor)──▶ current ──▶ previous ──(overlap)──▶ retired ──(keepRetired)──▶ deleted
 *
 * Each key also holds a 256-bit secret that seals the `lti_message_hint` (message-hint.ts),
 * so hints rotate with the signing keys and need no setting of their own.
 */

export const KeyState = z.enum(["next", "current", "previous", "retired"]);
export type KeyState = z.infer<typeof KeyState>;

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

export const PrivateRsaJwk = z.looseObject({ kty: z.literal("RSA"), n: base64url, e: base64url, d: base64url });
export const PublicRsaJwk = z.object({ kty: z.literal("RSA"), n: base64url, e: base64url });

/** One key as stored (KeyStore document). Times are ISO instants. */
export const PlatformKey = z.object({
  kid: z.string().regex(/^[A-Za-z0-9-]{1,100}$/),
  state: KeyState,
  /** Gone once retired: a retired key can no longer sign or open hints. */
  privateJwk: PrivateRsaJwk.optional(),
  publicJwk: PublicRsaJwk,
  hintSecret: base64url.optional(),
  /** Entered the JWKS. */
  publishedAt: z.string(),
  /** Became the signing key. */
  signingFrom: z.string().optional(),
  /** Stopped signing (became previous). */
  signingUntil: z.string().optional(),
  /** Left the JWKS. */
  retiredAt: z.string().optional(),
});
export type PlatformKey = z.infer<typeof PlatformKey>;

export interface RotationPolicy {
  /** A next key is published this long before it may sign: longer than any JWKS cache (max-age) plus the ring refresh. */
  publishAheadMs: number;
  /** How long a key signs before the next one takes over. */
  signForMs: number;
  /** How long a key stays published after it stopped signing (tokens in flight, tools' caches). */
  overlapMs: number;
  /** How long the public half of a retired key is kept for inspection before it is deleted. */
  keepRetiredMs: number;
}

const day = 86_400_000;
export const rotationPolicy: RotationPolicy = { publishAheadMs: 2 * day, signForMs: 30 * day, overlapMs: 7 * day, keepRetiredMs: 30 * day };

/** Hourly: each run makes at most the transitions that are due. NCRONTAB with seconds. */
export const keyRotationSchedule = "0 7 * * * *";

export type RotationStep =
  | { kind: "bootstrap" }
  | { kind: "publish-next" }
  | { kind: "promote"; next: string; current: string[] }
  | { kind: "demote-extra"; kid: string }
  | { kind: "retire"; kid: string }
  | { kind: "forget"; kid: string };

const at = (iso: string | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

/**
 * The transitions due at `now`, in order; pure. More than one current key (two instances
 * bootstrapping at once) keeps the oldest and demotes the others, which stay published.
 */
export function planRotation(keys: readonly PlatformKey[], now: Date, policy: RotationPolicy = rotationPolicy): RotationStep[] {
  const t = now.getTime();
  const steps: RotationStep[] = [];
  const currents = keys.filter((k) => k.state === "current").sort(bySigningAge);
  const nexts = keys.filter((k) => k.state === "next").sort((a, b) => at(a.publishedAt) - at(b.publishedAt));
  for (const key of keys) {
    if (key.state === "previous" && at(key.signingUntil) + policy.overlapMs <= t) steps.push({ kind: "retire", kid: key.kid });
    if (key.state === "retired" && at(key.retiredAt) + policy.keepRetiredMs <= t) steps.push({ kind: "forget", kid: key.kid });
  }
  for (const extra of currents.slice(1)) steps.push({ kind: "demote-extra", kid: extra.kid });
  const current = currents[0];
  if (!current) {
    // Nothing signs yet: the first key of an installation signs at once (no tool can hold an older JWKS).
    const ready = nexts[0];
    steps.push(ready ? { kind: "promote", next: ready.kid, current: [] } : { kind: "bootstrap" });
    return steps;
  }
  const next = nexts[0];
  const due = at(current.signingFrom) + policy.signForMs;
  if (next && due <= t && at(next.publishedAt) + policy.publishAheadMs <= t) {
    steps.push({ kind: "promote", next: next.kid, current: [current.kid] });
  } else if (!next && due - policy.publishAheadMs <= t) {
    steps.push({ kind: "publish-next" });
  }
  return steps;
}

/** Oldest signer first; the kid breaks ties so that every instance picks the same key. */
export function bySigningAge(a: PlatformKey, b: PlatformKey): number {
  return at(a.signingFrom) - at(b.signingFrom) || a.kid.localeCompare(b.kid);
}

/** A fresh RSA-2048 key with its hint secret; the kid starts with the day it was made, for whoever reads the JWKS. */
export async function newPlatformKey(state: "next" | "current", now: Date): Promise<PlatformKey> {
  const { privateKey, publicKey } = await new Promise<{ privateKey: import("node:crypto").KeyObject; publicKey: import("node:crypto").KeyObject }>((resolve, reject) =>
    generateKeyPair("rsa", { modulusLength: 2048 }, (error, publicKey, privateKey) => (error ? reject(error) : resolve({ privateKey, publicKey }))),
  );
  const privateJwk = PrivateRsaJwk.parse(privateKey.export({ format: "jwk" }));
  const { kty, n, e } = PublicRsaJwk.parse(publicKey.export({ format: "jwk" }));
  return {
    kid: `${now.toISOString().slice(0, 10).replaceAll("-", "")}-${randomBytes(6).toString("hex")}`,
    state,
    privateJwk,
    publicJwk: { kty, n, e },
    hintSecret: randomBytes(32).toString("base64url"),
    publishedAt: now.toISOString(),
    ...(state === "current" ? { signingFrom: now.toISOString() } : {}),
  };
}

/** Reads every key of the store; a document that does not parse is left out (and reported), never used. */
export async function readKeys(store: KeyStore, onBadKey: (kid: string, reason: string) => void = () => {}): Promise<PlatformKey[]> {
  const keys: PlatformKey[] = [];
  for (const stored of await store.list()) {
    let json: unknown;
    try {
      json = JSON.parse(stored.document);
    } catch {
      onBadKey(stored.kid, "not JSON");
      continue;
    }
    const parsed = PlatformKey.safeParse(json);
    if (parsed.success && parsed.data.kid === stored.kid) keys.push(parsed.data);
    else onBadKey(stored.kid, parsed.success ? "kid differs from its name" : parsed.error.message);
  }
  return keys;
}

const write = (store: KeyStore, key: PlatformKey) => store.put({ kid: key.kid, document: JSON.stringify(key) });

/** Runs the due transitions against the store (the `lti-key-rotation` timer); returns what it did. */
export async function rotateKeys(
  store: KeyStore,
  now = new Date(),
  policy: RotationPolicy = rotationPolicy,
  newKey: (state: "next" | "current", now: Date) => Promise<PlatformKey> = newPlatformKey,
): Promise<RotationStep[]> {
  const keys = await readKeys(store);
  const byKid = new Map(keys.map((k) => [k.kid, k]));
  const steps = planRotation(keys, now, policy);
  const iso = now.toISOString();
  for (const step of steps) {
    switch (step.kind) {
      case "bootstrap":
        await write(store, await newKey("current", now));
        break;
      case "publish-next":
        await write(store, await newKey("next", now));
        break;
      case "promote": {
        // The new key signs first; the old one then stops. Between the two writes both are current, which readers resolve to the older one.
        await write(store, { ...byKid.get(step.next)!, state: "current", signingFrom: iso });
        for (const kid of step.current) await write(store, { ...byKid.get(kid)!, state: "previous", signingUntil: iso });
        break;
      }
      case "demote-extra":
        await write(store, { ...byKid.get(step.kid)!, state: "previous", signingUntil: iso });
        break;
      case "retire": {
        const { privateJwk: _private, hintSecret: _hint, ...publicPart } = byKid.get(step.kid)!;
        await write(store, { ...publicPart, state: "retired", retiredAt: iso });
        break;
      }
      case "forget":
        await store.delete(step.kid);
        break;
    }
  }
  return steps;
}
