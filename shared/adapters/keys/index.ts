import { join, resolve } from "node:path";
import type { AppSettings } from "../../config/index.js";
import { loadLocalStackSettings } from "../../config/index.js";
import { azureCredential } from "../credential.js";
import { FileKeyStore } from "./file-store.js";
import { KeyVaultKeyStore } from "./key-vault-store.js";
import type { KeyStore } from "./port.js";

export { FileKeyStore } from "./file-store.js";
export { KeyVaultKeyStore } from "./key-vault-store.js";
export { assertStoredKeyId, type KeyStore, type StoredKey } from "./port.js";

/** Key Vault when KEY_VAULT_URL is set (Azure); else `<LOCAL_DATA_DIR>/lti-keys/` of the local stack. */
export function createKeyStore(settings: AppSettings, env: Record<string, string | undefined> = process.env): KeyStore {
  if (settings.KEY_VAULT_URL) return new KeyVaultKeyStore(settings.KEY_VAULT_URL, azureCredential());
  return new FileKeyStore(join(resolve(loadLocalStackSettings(env).LOCAL_DATA_DIR), "lti-keys"));
}
