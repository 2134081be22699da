import { SecretClient } from "@azure/keyvault-secrets";
import type { TokenCredential } from "@azure/identity";
import { assertStoredKeyId, type KeyStore, type StoredKey } from "./port.js";

/**
 * Keys as Key Vault secrets named `<prefix><kid>`. Secrets, not Key Vault keys: the launch
 * signs in-process with a key loaded at start (no network call per launch), so the private
 * key must be readable by the app, which a non-exportable Key Vault key is not.
 */
export class KeyVaultKeyStore implements KeyStore {
  private readonly client: SecretClient;

  constructor(
    vaultUrl: string,
    credential: TokenCredential,
    private readonly prefix = "lti-signing-key-",
  ) {
    this.client = new SecretClient(vaultUrl, credential);
  }

  async list(): Promise<StoredKey[]> {
    const keys: StoredKey[] = [];
    for await (const properties of this.client.listPropertiesOfSecrets()) {
      if (!properties.name.startsWith(this.prefix) || properties.enabled === false) continue;
      const secret = await this.client.getSecret(properties.name);
      if (secret.value !== undefined) keys.push({ kid: properties.name.slice(this.prefix.length), document: secret.value });
    }
    return keys;
  }

  async put(key: StoredKey): Promise<void> {
    assertStoredKeyId(key.kid);
    await this.client.setSecret(`${this.prefix}${key.kid}`, key.document, { contentType: "application/json" });
  }

  async delete(kid: string): Promise<void> {
    assertStoredKeyId(kid);
    try {
      // Soft delete (the vault has purge protection); the kid is never reused.
      await this.client.beginDeleteSecret(`${this.prefix}${kid}`);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }
}
