import { createPrivateKey, createSecretKey, type KeyObject } from "node:crypto";
import type { KeyStore } from "../adapters/keys/index.js";
import { jwksOf, type Jwks } from "./jwks.js";
import { bySigningAge, readKeys, rotateKeys, type PlatformKey } from "./keys.js";

/** What this process signs and opens with: one snapshot of the key store. */
export class KeyRing {
  readonly signer: { kid: string; privateKey: KeyObject; hintKey: KeyObject };
  readonly jwks: Jwks;
  private readonly hintKeys: Map<string, KeyObject>;

  constructor(
    readonly keys: readonly PlatformKey[],
    readonly loadedAt: number,
  ) {
    const current = keys.filter((k) => k.state === "current" && k.privateJwk && k.hintSecret).sort(bySigningAge)[0];
    if (!current) throw new Error("The key store holds no current signing key");
    this.signer = {
      kid: current.kid,
      privateKey: createPrivateKey({ key: current.privateJwk!, format: "jwk" }),
      hintKey: hintKeyOf(current.hintSecret!),
    };
    // A hint sealed by another instance whose ring is a little older or newer opens here too.
    this.hintKeys = new Map(
      keys.filter((k) => k.state !== "retired" && k.hintSecret).map((k) => [k.kid, k.kid === current.kid ? this.signer.hintKey : hintKeyOf(k.hintSecret!)]),
    );
    this.jwks = jwksOf(keys);
  }

  hintKeyFor(kid: string): KeyObject | undefined {
    return this.hintKeys.get(kid);
  }
}

const hintKeyOf = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, "base64url"));

export interface SigningKeysOptions {
  /** How old a snapshot may get before it is reloaded in the background. */
  refreshMs?: number;
  clock?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * The process's cache of the key store (DESIGN: the id_token is signed in-process with a key
 * loaded at start). The first call loads the keys, making the installation's first key if
 * there is none; later calls answer from memory and, once the snapshot is older than
 * `refreshMs` (5 minutes), reload it in the background, so a launch never waits on Key Vault.
 * Rotation publishes keys days ahead, far longer than that lag.
 */
export class SigningKeys {
  private snapshot: KeyRing | undefined;
  private loading: Promise<KeyRing> | undefined;
  private readonly refreshMs: number;
  private readonly clock: () => number;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly store: KeyStore,
    options: SigningKeysOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 5 * 60_000;
    this.clock = options.clock ?? Date.now;
    this.onError = options.onError ?? (() => {});
  }

  async ring(): Promise<KeyRing> {
    const snapshot = this.snapshot;
    if (!snapshot) return this.reload();
    if (this.clock() - snapshot.loadedAt > this.refreshMs && !this.loading) {
      this.reload().catch(this.onError);
    }
    return snapshot;
  }

  /**
   * A snapshot at most `minAgeMs` old: reloads unless the last load is that recent, so that
   * requests naming an unknown key cannot make every request read the store.
   */
  async fresh(minAgeMs = 30_000): Promise<KeyRing> {
    const snapshot = this.snapshot;
    if (snapshot && this.clock() - snapshot.loadedAt < minAgeMs) return snapshot;
    return this.reload();
  }

  /** Loads the store now; concurrent callers share one load. */
  reload(): Promise<KeyRing> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<KeyRing> {
    let keys = await readKeys(this.store, (kid, reason) => this.onError(new Error(`LTI key ${kid} skipped: ${reason}`)));
    if (!keys.some((k) => k.state === "current")) {
      await rotateKeys(this.store, new Date(this.clock()));
      keys = await readKeys(this.store);
    }
    this.snapshot = new KeyRing(keys, this.clock());
    return this.snapshot;
  }
}
