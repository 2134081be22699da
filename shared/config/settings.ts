import { z } from "zod";

/**
 * Every setting of the application. Each key is an app setting of the Function App in
 * `infra-bicep/` (a test checks both directions). In `local` mode, settings that point at
 * a service default to the local stack that `npm start` runs.
 */
export const AppSettings = z.object({
  LEERSPOOR_ENV: z.enum(["local", "azure"]).default("local"),
  PUBLIC_BASE_URL: z.url().default("http://localhost:4280"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  COSMOS_ENDPOINT: z.url(),
  /** Absent in Azure: the managed identity signs in (DefaultAzureCredential). */
  COSMOS_KEY: z.string().min(1).optional(),
  COSMOS_DATABASE: z.string().regex(/^[A-Za-z0-9-]{1,255}$/).default("leerspoor"),

  STORAGE_BLOB_URL: z.url(),
  STORAGE_QUEUE_URL: z.url(),
  /** Only with a local Azurite account; in Azure the managed identity is used. */
  STORAGE_ACCOUNT_NAME: z.string().min(3).optional(),
  STORAGE_ACCOUNT_KEY: z.string().min(1).optional(),

  QUEUE_DRIVER: z.enum(["storage-queue", "service-bus"]).default("storage-queue"),
  /** Fully qualified namespace, e.g. `leerspoor.servicebus.windows.net`. */
  SERVICE_BUS_NAMESPACE: z.string().min(1).optional(),
  SERVICE_BUS_CONNECTION_STRING: z.string().min(1).optional(),
  /** Deliveries of one message before it is dead-lettered (Service Bus maxDeliveryCount). */
  QUEUE_MAX_DELIVERIES: z.coerce.number().int().min(1).max(100).default(5),

  /** The OpenID provider: the Auth0 tenant in Azure, the local provider of `npm start` locally. */
  OIDC_ISSUER_URL: z.url(),
  OIDC_CLIENT_ID: z.string().min(1).default("leerspoor-portal"),
  /** In Azure a Key Vault reference. */
  OIDC_CLIENT_SECRET: z.string().min(16),
  /** Who removes an account at the IdP on erasure: Auth0's Management API or the local provider. */
  IDP_MANAGEMENT_DRIVER: z.enum(["auth0", "local"]).default("local"),
  /** Auth0 tenant domain for the Management API, e.g. `leerspoor.eu.auth0.com`. */
  AUTH0_MANAGEMENT_DOMAIN: z.string().min(1).optional(),
  AUTH0_MANAGEMENT_CLIENT_ID: z.string().min(1).optional(),
  /** In Azure a Key Vault reference. */
  AUTH0_MANAGEMENT_CLIENT_SECRET: z.string().min(1).optional(),
  /** Bearer token of the local provider's account administration; local only. */
  LOCAL_IDP_ADMIN_TOKEN: z.string().min(16).optional(),

  /** A session ends after this long without a request… */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  /** …and after this long in any case. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /** Share of a school's active users that one bulk roster import may deactivate without confirmation. */
  ROSTER_DEACTIVATION_LIMIT: z.coerce.number().min(0).max(1).default(0.2),

  /** Key Vault of the LTI signing keys (its URI, `https://<name>.vault.azure.net/`); unset locally, where they are files in LOCAL_DATA_DIR. */
  KEY_VAULT_URL: z.url().optional(),
  /**
   * Key of the per-tool pseudonyms (the LTI `sub`: HMAC of person and tool). Never rotate it:
   * every tool would see every user as new. In Azure a Key Vault reference.
   */
  LTI_PSEUDONYM_KEY: z.string().min(32),
  /**
   * Encrypts the providers' licence webhook secrets at rest (AES-256-GCM). Standard Webhooks
   * verification needs the secret itself, so it cannot be hashed. Rotating this key makes the
   * stored secrets unreadable: providers then rotate theirs. In Azure a Key Vault reference.
   */
  LICENCE_WEBHOOK_SECRET_KEY: z.string().min(32),
});
export type AppSettings = z.infer<typeof AppSettings>;

/** Settings of the local stack only (`npm start`, tests); never set in Azure. */
export const LocalStackSettings = z.object({
  LOCAL_PORT: z.coerce.number().int().min(1).max(65535).default(4280),
  LOCAL_AZURITE_BLOB_PORT: z.coerce.number().int().min(1).max(65535).default(10000),
  LOCAL_AZURITE_QUEUE_PORT: z.coerce.number().int().min(1).max(65535).default(10001),
  LOCAL_COSMOS_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
  LOCAL_OIDC_PORT: z.coerce.number().int().min(1).max(65535).default(4281),
  /** The demo LTI tool (ltijs) that the local stack runs. */
  LOCAL_DEMO_TOOL_PORT: z.coerce.number().int().min(1).max(65535).default(4282),
  LOCAL_DATA_DIR: z.string().min(1).default(".data"),
});
export type LocalStackSettings = z.infer<typeof LocalStackSettings>;

export const localAccountName = "leerspoor";

/** Where the local stack's services listen, as settings of the application. */
export function localServiceSettings(local: LocalStackSettings): Record<string, string> {
  return {
    COSMOS_ENDPOINT: `https://127.0.0.1:${local.LOCAL_COSMOS_PORT}`,
    STORAGE_BLOB_URL: `http://127.0.0.1:${local.LOCAL_AZURITE_BLOB_PORT}/${localAccountName}`,
    STORAGE_QUEUE_URL: `http://127.0.0.1:${local.LOCAL_AZURITE_QUEUE_PORT}/${localAccountName}`,
    STORAGE_ACCOUNT_NAME: localAccountName,
    PUBLIC_BASE_URL: `http://localhost:${local.LOCAL_PORT}`,
    OIDC_ISSUER_URL: `http://localhost:${local.LOCAL_OIDC_PORT}`,
  };
}
