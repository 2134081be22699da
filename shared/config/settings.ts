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
});
export type AppSettings = z.infer<typeof AppSettings>;

/** Settings of the local stack only (`npm start`, tests); never set in Azure. */
export const LocalStackSettings = z.object({
  LOCAL_PORT: z.coerce.number().int().min(1).max(65535).default(4280),
  LOCAL_AZURITE_BLOB_PORT: z.coerce.number().int().min(1).max(65535).default(10000),
  LOCAL_AZURITE_QUEUE_PORT: z.coerce.number().int().min(1).max(65535).default(10001),
  LOCAL_COSMOS_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
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
  };
}
