import { createHash } from "node:crypto";
import { z } from "zod";
import type { KeyRing } from "./key-ring.js";
import { seal, SealRefused, unseal, type SealProblem } from "./sealed-token.js";

/*
 * The `lti_message_hint`: everything the authorization step needs to mint the id_token,
 * sealed at launch (sealed-token.ts: AES-256-GCM under the current key's sealing secret) so that the authorization step needs no database: not one read, not one
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

/** Deep Linking 2.0 §4.4.1: what the platform accepts back; `data` is echoed by the tool unchanged. */
export const DeepLinkingSettings = z.object({
  deep_link_return_url: z.string(),
  accept_types: z.array(z.string()).min(1),
  accept_presentation_document_targets: z.array(z.enum(["window", "iframe"])).min(1),
  accept_multiple: z.boolean(),
  accept_lineitem: z.boolean(),
  auto_create: z.boolean(),
  data: z.string(),
});
export type DeepLinkingSettings = z.infer<typeof DeepLinkingSettings>;

/** What kind of message the launch asks for. */
export const LaunchMessage = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("LtiResourceLinkRequest"),
    resourceLink: z.object({ id: z.string(), title: z.string().optional(), description: z.string().optional() }),
    targetLinkUri: z.string(),
    /** The placement's own custom parameters (a deep-linked item's), over the registration's. */
    custom: z.record(z.string(), z.string()).optional(),
    /** The AGS line item of the placement, sent as the endpoint claim's `lineitem`. */
    lineItemId: z.string().optional(),
  }),
  z.object({
    type: z.literal("LtiDeepLinkingRequest"),
    targetLinkUri: z.string(),
    settings: DeepLinkingSettings,
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
  /** The frame a framed tool posts its storage messages to (`lti_storage_target`). */
  storageTarget: z.string().optional(),
  person: PersonClaims,
});
export type LaunchHint = z.infer<typeof LaunchHint>;

/** Binds a hint to the browser session without keeping the session id in it. */
export function sessionBindingOf(sessionId: string): string {
  return createHash("sha256").update(`lti-session\n${sessionId}`).digest("base64url").slice(0, 32);
}

export function sealHint(hint: Omit<LaunchHint, "jti">, ring: KeyRing, now: Date): { hint: string; jti: string } {
  const { token, jti } = seal(hintType, hint, ring, now, hintLifetimeSeconds);
  return { hint: token, jti };
}

/** `unknown-key`: sealed under a key this instance has not loaded (yet); shown to tools as invalid. */
export type HintProblem = "missing" | SealProblem;

export class HintRefused extends Error {
  constructor(readonly problem: HintProblem) {
    super(`lti_message_hint ${problem}`);
    this.name = "HintRefused";
  }
}

const SealedHint = LaunchHint.omit({ jti: true });

/** Opens a hint sealed by this or another instance; throws HintRefused when it was altered, is unknown or expired. */
export function openHint(token: string | undefined, ring: KeyRing, now: Date): LaunchHint & { exp: number } {
  if (!token) throw new HintRefused("missing");
  try {
    return unseal(hintType, token, ring, now, SealedHint);
  } catch (error) {
    if (error instanceof SealRefused) throw new HintRefused(error.problem);
    throw error;
  }
}
