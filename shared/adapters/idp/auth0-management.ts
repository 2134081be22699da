import { ManagementClient, ManagementError } from "auth0";
import type { AccountAdministration } from "./port.js";

/** Account removal through Auth0's Management API (the application needs the `delete:users` scope). */
export class Auth0AccountAdministration implements AccountAdministration {
  readonly #management: ManagementClient;

  constructor(options: { domain: string; clientId: string; clientSecret: string }) {
    this.#management = new ManagementClient(options);
  }

  async deleteAccount(subject: string): Promise<void> {
    try {
      await this.#management.users.delete(subject);
    } catch (error) {
      if (error instanceof ManagementError && error.statusCode === 404) return;
      throw error;
    }
  }
}
