import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** Secrets of the local stack, made at first start and kept in `.data/` (never in git). */
export const LocalSecrets = z.object({
  azuriteAccountKey: z.string().min(32),
  cosmosKey: z.string().min(32),
  oidcClientSecret: z.string().min(32),
  idpAdminToken: z.string().min(32),
  /** LTI_PSEUDONYM_KEY: keys every tool's pseudonyms; kept, so a restart keeps them. */
  ltiPseudonymKey: z.string().min(32),
  /** LICENCE_WEBHOOK_SECRET_KEY: encrypts the providers' webhook secrets; kept, or they become unreadable. */
  licenceWebhookSecretKey: z.string().min(32),
  /** The demo LTI tool's ltijs key (cookies, its stored keys). */
  demoToolKey: z.string().min(32),
});
export type LocalSecrets = z.infer<typeof LocalSecrets>;

const generate = (): string => randomBytes(64).toString("base64");

export async function ensureLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const path = join(dataDir, "secrets.json");
  const existing = await readFile(path, "utf8").then((text) => JSON.parse(text) as Record<string, unknown>, () => ({}));
  const secrets = LocalSecrets.parse({
    azuriteAccountKey: generate(),
    cosmosKey: generate(),
    oidcClientSecret: generate(),
    idpAdminToken: generate(),
    ltiPseudonymKey: generate(),
    licenceWebhookSecretKey: generate(),
    demoToolKey: generate(),
    ...existing,
  });
  await writeFile(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
