import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { AlreadyExists, documentStore } from "../adapters/index.js";
import { appSettings } from "../config/index.js";

/*
 * Each provider signs its licence webhooks with its own secret (Standard Webhooks
 * `whsec_<base64>`). Verifying an HMAC needs the secret itself, so it is kept encrypted
 * (AES-256-GCM under a key derived from LICENCE_WEBHOOK_SECRET_KEY, a Key Vault reference in
 * Azure), bound to the provider and secret id as additional data so that a sealed secret is
 * worthless in another provider's document. Rotation keeps the previous secret valid for
 * `previousSecretValidHours`, so a provider can switch its senders without losing webhooks:
 * at most two secrets are valid at once.
 */

export const previousSecretValidHours = 24;
const secretPrefix = "whsec_";
const secretBytes = 32;

export const webhookSecretsDocumentId = "webhook-secrets";

const SealedSecret = z.object({
  secretId: z.string(),
  /** base64url iv.ciphertext.tag */
  sealed: z.string(),
  createdAt: z.string(),
  /** Set when a newer secret replaced this one; no longer valid from then on. */
  expiresAt: z.string().optional(),
});
type SealedSecret = z.infer<typeof SealedSecret>;

const WebhookSecretsDocument = z.object({
  id: z.literal(webhookSecretsDocumentId),
  providerId: z.string(),
  type: z.literal("webhook-secrets"),
  /** Newest first: the current secret, then the previous one while it is still valid. */
  secrets: z.array(SealedSecret),
  updatedAt: z.string(),
});
type WebhookSecretsDocument = z.infer<typeof WebhookSecretsDocument>;

/** What a provider may see of its secrets: never the secret itself after it was issued. */
export const WebhookSecretSummary = z
  .object({
    secretId: z.string(),
    status: z.enum(["current", "previous"]),
    createdAt: z.string(),
    expiresAt: z.string().optional(),
  })
  .meta({ id: "WebhookSecretSummary" });
export type WebhookSecretSummary = z.infer<typeof WebhookSecretSummary>;

export const WebhookSecretList = z.object({ secrets: z.array(WebhookSecretSummary) }).meta({ id: "WebhookSecretList" });
export type WebhookSecretList = z.infer<typeof WebhookSecretList>;

export const IssuedWebhookSecret = WebhookSecretSummary.extend({
  /** Shown in this answer only: `whsec_` and the base64 of 32 random bytes. */
  secret: z.string(),
}).meta({ id: "IssuedWebhookSecret" });
export type IssuedWebhookSecret = z.infer<typeof IssuedWebhookSecret>;

/** A Standard Webhooks secret: `whsec_` and the base64 of at least 24 bytes. */
export const WebhookSecretText = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "is whsec_ followed by base64")
  .refine((text) => Buffer.from(text.slice(secretPrefix.length), "base64").length >= 24, "has at least 24 bytes");

const providerData = () => documentStore().container("provider-data");

let derived: { from: string; key: Buffer } | undefined;
function encryptionKey(): Buffer {
  const setting = appSettings().LICENCE_WEBHOOK_SECRET_KEY;
  if (derived?.from !== setting) {
    derived = { from: setting, key: Buffer.from(hkdfSync("sha256", setting, "", "leerspoor licence webhook secrets", 32)) };
  }
  return derived.key;
}

const additionalData = (providerId: string, secretId: string): Buffer => Buffer.from(`${providerId}\n${secretId}`, "utf8");

function sealSecret(providerId: string, secretId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv, { authTagLength: 16 });
  cipher.setAAD(additionalData(providerId, secretId));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".");
}

function openSecret(providerId: string, stored: SealedSecret): string {
  const [iv, ciphertext, tag] = stored.sealed.split(".").map((part) => Buffer.from(part, "base64url")) as [Buffer, Buffer, Buffer];
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), iv, { authTagLength: 16 });
  decipher.setAAD(additionalData(providerId, stored.secretId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
}

const isValidAt = (secret: SealedSecret, now: Date): boolean => secret.expiresAt === undefined || Date.parse(secret.expiresAt) > now.getTime();

const summaryOf = (secret: SealedSecret, index: number): WebhookSecretSummary => ({
  secretId: secret.secretId,
  status: index === 0 ? "current" : "previous",
  createdAt: secret.createdAt,
  ...(secret.expiresAt ? { expiresAt: secret.expiresAt } : {}),
});

async function readSecrets(providerId: string): Promise<WebhookSecretsDocument | undefined> {
  const found = await providerData().read<WebhookSecretsDocument>(webhookSecretsDocumentId, providerId);
  return found?.type === "webhook-secrets" ? found : undefined;
}

/** The provider's valid secrets (current first), as metadata. */
export async function listWebhookSecrets(providerId: string, now = new Date()): Promise<WebhookSecretList> {
  const stored = await readSecrets(providerId);
  return { secrets: (stored?.secrets ?? []).filter((secret) => isValidAt(secret, now)).map(summaryOf) };
}

/** The secrets a webhook of this provider may be signed with right now: the current one, and the previous one until it expires. */
export async function webhookSecretsOf(providerId: string, now = new Date()): Promise<string[]> {
  const stored = await readSecrets(providerId);
  return (stored?.secrets ?? []).filter((secret) => isValidAt(secret, now)).map((secret) => openSecret(providerId, secret));
}

/** The secret to sign with (the "send test event" button); undefined before the provider made one. */
export async function signingSecretOf(providerId: string, now = new Date()): Promise<string | undefined> {
  return (await webhookSecretsOf(providerId, now))[0];
}

const newSecretText = (): string => `${secretPrefix}${randomBytes(secretBytes).toString("base64")}`;

/**
 * Makes `secret` the provider's current secret; the current one becomes the previous, valid
 * for `previousSecretValidHours` more, and an older previous one ends now.
 */
async function installSecret(providerId: string, secret: string, now: Date): Promise<WebhookSecretSummary> {
  const secretId = randomUUID();
  const fresh: SealedSecret = { secretId, sealed: sealSecret(providerId, secretId, secret), createdAt: now.toISOString() };
  const expiresAt = new Date(now.getTime() + previousSecretValidHours * 3_600_000).toISOString();
  const rotate = (current: WebhookSecretsDocument): WebhookSecretsDocument => ({
    ...current,
    secrets: [fresh, ...current.secrets.filter((s) => isValidAt(s, now)).slice(0, 1).map((s) => ({ ...s, expiresAt: s.expiresAt ?? expiresAt }))],
    updatedAt: now.toISOString(),
  });
  for (;;) {
    const changed = await providerData().modify<WebhookSecretsDocument>(webhookSecretsDocumentId, providerId, rotate);
    if (changed) return summaryOf(fresh, 0);
    try {
      await providerData().create<WebhookSecretsDocument>({
        id: webhookSecretsDocumentId,
        providerId,
        type: "webhook-secrets",
        secrets: [fresh],
        updatedAt: now.toISOString(),
      });
      return summaryOf(fresh, 0);
    } catch (error) {
      // Someone made the first secret at the same moment: rotate on top of theirs.
      if (!(error instanceof AlreadyExists)) throw error;
    }
  }
}

/** A new random secret, shown once. */
export async function rotateWebhookSecret(providerId: string, now = new Date()): Promise<IssuedWebhookSecret> {
  const secret = newSecretText();
  return { ...(await installSecret(providerId, secret, now)), secret };
}

/** Installs a known secret (the local demo seed writes it to `.data/demo.json`); a no-op when it is already current. */
export async function installWebhookSecret(providerId: string, secret: string, now = new Date()): Promise<void> {
  WebhookSecretText.parse(secret);
  if ((await signingSecretOf(providerId, now)) === secret) return;
  await installSecret(providerId, secret, now);
}
