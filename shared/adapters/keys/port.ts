/**
 * Where the platform's LTI signing keys live: Key Vault in Azure, files under `.data/` on a
 * local stack. A stored key is its key id and one JSON document (the private key, its state
 * and times); the LTI context owns that document's shape, the store only keeps it.
 */
export interface StoredKey {
  /** Letters, digits and dashes only (a Key Vault secret name). */
  kid: string;
  document: string;
}

export interface KeyStore {
  /** Every stored key, in no particular order. */
  list(): Promise<StoredKey[]>;
  /** Creates the key or replaces its document. */
  put(key: StoredKey): Promise<void>;
  /** Removes the key; a missing key is no error. */
  delete(kid: string): Promise<void>;
}

export const storedKeyIdPattern = /^[A-Za-z0-9-]{1,100}$/;

export function assertStoredKeyId(kid: string): void {
  if (!storedKeyIdPattern.test(kid)) throw new Error(`A stored key id has letters, digits and dashes only: ${kid}`);
}
