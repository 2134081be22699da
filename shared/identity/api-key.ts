import { z } from "zod";

/*
 * The shapes of tool providers' API keys, as stored and as the API answers. Browser-safe (zod
 * only): the portal parses the API's answers with these same schemas.
 */

/**
 * A tool provider's API key as stored: the hash of its secret, never the secret. It lives in
 * the platform container (partition "api-key") under its key id, which is part of the key
 * itself (`lsp_<keyId>_<secret>`), so authenticating a call is one point read.
 */
export const ApiKey = z.object({
  id: z.string(),
  kind: z.literal("api-key"),
  providerId: z.string(),
  label: z.string(),
  /** SHA-256 of the 256-bit secret, hex. A slow hash adds nothing for a random secret of this size. */
  secretHash: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const NewApiKey = z
  .object({ label: z.string().trim().min(1).max(100).describe("What the key is for, e.g. `production` or `rotation 2026-09`") })
  .strict()
  .meta({ id: "NewApiKey" });
export type NewApiKey = z.infer<typeof NewApiKey>;

/** A key as listed: without its secret. */
export const ApiKeySummary = z
  .object({
    keyId: z.string(),
    label: z.string(),
    /** The start of the key, to recognise it: `lsp_<keyId>_…`. */
    prefix: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    revokedAt: z.string().optional(),
  })
  .meta({ id: "ApiKeySummary" });
export type ApiKeySummary = z.infer<typeof ApiKeySummary>;

/** The answer to creating a key: the only time the full key is shown. */
export const IssuedApiKey = ApiKeySummary.extend({ key: z.string().describe("The full key; it is not shown again") }).meta({ id: "IssuedApiKey" });
export type IssuedApiKey = z.infer<typeof IssuedApiKey>;

export const ApiKeyList = z.object({ keys: z.array(ApiKeySummary) }).meta({ id: "ApiKeyList" });
