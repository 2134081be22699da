import type { AccountAdministration } from "./port.js";

/** Account removal at the local provider of `npm start` (its `DELETE /admin/accounts/:sub`). */
export class LocalAccountAdministration implements AccountAdministration {
  readonly #issuer: URL;
  readonly #adminToken: string;

  constructor(options: { issuer: URL; adminToken: string }) {
    this.#issuer = options.issuer;
    this.#adminToken = options.adminToken;
  }

  async deleteAccount(subject: string): Promise<void> {
    const url = new URL(`/admin/accounts/${encodeURIComponent(subject)}`, this.#issuer);
    const response = await fetch(url, {
      method: "DELETE",
      headers: { authorization: `Bearer ${this.#adminToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    if (response.status === 204 || response.status === 404) return;
    throw new Error(`the local identity provider answered ${response.status} to deleting an account`);
  }
}
