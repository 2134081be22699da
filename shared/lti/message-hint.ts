import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { KeyRing } from "./key-ring.js";

/*
 * The `lti_message_hint`: everything the authorization step needs to mint the id_token,
 * sealed at launch (AES-256-GCM, a JWE with `dir`, under the hint secret of the current
 * signing key) so that the authorization step needs no database: not one read, not one
 * write. Encrypted, not only signed: it names the person and school, and the tool sees it.
 * Short-lived (5 minutes) and single use (replay-guard.ts); bound to the browser session
 * that started the launch by a hash of the session id.
 */

export const hintLifetimeSeconds = 300;
const hintType = "lti-message-hint+jwt";

export const LaunchContextClaim = z.object({
  id: z.string(),
  label: z.string(),
  title: z.string(),
  type: z.array(z.string()),
});
export type LaunchContextClaim = z.infer<typeof LaunchContextClaim>;

/** What kind of message the launch asks for. Part 2 adds `LtiDeepLinkingRequest` with its settings. */
export const LaunchMessage = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("LtiResourceLinkRequest"),
    resourceLink: z.object({ id: z.string(), title: z.string().optional() }),
    targetLinkUri: z.string(),
  }),
]);
export type LaunchMessage = z.infer<typeof LaunchMessage>;

/** Name, e-mail and picture as the school's switches allow; empty by default. */
export const PersonClaims = z
  .object({
    name: z.string(),
    given_name: z.string(),
    family_name: z.string(),
    email: z.string(),
    picture: z.string(),
  })
  .partial();
export type PersonClaims = z.infer<typeof PersonClaims>;

export const LaunchHint = z.object({
  jti: z.string(),
  toolId: z.string(),
  deploymentId: z.string(),
  schoolId: z.string(),
  personId: z.string(),
  /** sessionBindingOf(the session id) at launch. */
  session: z.string(),
  /** The person's pseudonym at this tool: the `sub`, and the `login_hint` sent at initiation. */
  sub: z.string(),
  roles: z.array(z.string()).min(1),
  context: LaunchContextClaim.optional(),
  message: LaunchMessage,
  locale: z.enum(["nl", "en", "fr"]),
  documentTarget: z.enum(["window", "iframe"]),
  person: PersonClaims,
});
export type LaunchHint = z.infer<typeof LaunchHint>;

/** Binds a hint to the browser session without keeping the session id in it. */
export function sessionBindingOf(sessionId: string): string {
  return createHash("sha256").update(`lti-session\n${sessionId}`).digest("base64url").slice(0, 32);
}

/*
 * The hint is a compact JWE (RFC 7516 §7.1) with `alg: dir` and `enc: A256GCM`, made with
 * node:crypto directly: jose's EncryptJWT goes through WebCrypto, a thread-pool round trip
 * that cost a launch more than a quarter of its time (tests/bench/lti-launch.bench.ts). The
 * format is the standard one, so jose's jwtDecrypt opens it too (tests/unit/lti-rules.test.ts).
 */

const b64u = (data: Buffer | string): string => Buffer.from(data).toString("base64url");

export function sealHint(hint: Omit<LaunchHint, "jti">, ring: KeyRing, now: Date): { hint: string; jti: string } {
  const jti = randomUUID();
  const iat = Math.floor(now.getTime() / 1000);
  const header = b64u(JSON.stringify({ alg: "dir", enc: "A256GCM", kid: ring.signer.kid, typ: hintType }));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.signer.hintKey, iv);
  // RFC 7516 §5.1 step 14: the additional authenticated data is the encoded protected header.
  cipher.setAAD(Buffer.from(header, "ascii"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify({ ...hint, jti, iat, exp: iat + hintLifetimeSeconds }), "utf8"), cipher.final()]);
  return { hint: `${header}..${b64u(iv)}.${b64u(ciphertext)}.${b64u(cipher.getAuthTag())}`, jti };
}

/** `unknown-key`: sealed under a key this instance has not loaded (yet); shown to tools as invalid. */
export type HintProblem = "missing" | "invalid" | "expired" | "unknown-key";

export class HintRefused extends Error {
  constructor(readonly problem: HintProblem) {
    super(`lti_message_hint ${problem}`);
    this.name = "HintRefused";
  }
}

const HintHeader = z.object({ alg: z.literal("dir"), enc: z.literal("A256GCM"), kid: z.string(), typ: z.literal(hintType) });
const SealedHint = LaunchHint.extend({ iat: z.number(), exp: z.number() });
const base64urlPart = /^[A-Za-z0-9_-]*$/;

/** Opens a hint sealed by this or another instance; throws HintRefused when it was altered, is unknown or expired. */
export function openHint(token: string | undefined, ring: KeyRing, now: Date): LaunchHint & { exp: number } {
  if (!token) throw new HintRefused("missing");
  const parts = token.split(".");
  if (parts.length !== 5 || parts[1] !== "" || !parts.every((part) => base64urlPart.test(part))) throw new HintRefused("invalid");
  const [encodedHeader, , iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const header = HintHeader.safeParse(parseJson(Buffer.from(encodedHeader, "base64url").toString("utf8")));
  if (!header.success) throw new HintRefused("invalid");
  const key = ring.hintKeyFor(header.data.kid);
  if (!key) throw new HintRefused("unknown-key");
  let plaintext: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(encodedHeader, "ascii"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new HintRefused("invalid");
  }
  const sealed = SealedHint.safeParse(parseJson(plaintext));
  if (!sealed.success) throw new HintRefused("invalid");
  if (sealed.data.exp * 1000 <= now.getTime()) throw new HintRefused("expired");
  return sealed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
