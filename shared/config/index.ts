import { z } from "zod";
import { AppSettings, LocalStackSettings, localServiceSettings } from "./settings.js";

export { AppSettings, LocalStackSettings, localAccountName, localServiceSettings } from "./settings.js";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
}

function presentOnly(env: Env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
}

export function loadLocalStackSettings(env: Env = process.env): LocalStackSettings {
  const parsed = LocalStackSettings.safeParse(presentOnly(env));
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error));
  return parsed.data;
}

/**
 * Reads the application settings from `env`. In local mode the service endpoints default
 * to the local stack; in Azure every endpoint must be set. Throws a ConfigError naming each
 * bad setting, so that start-up fails loudly instead of a request failing later.
 */
export function loadAppSettings(env: Env = process.env): AppSettings {
  const given = presentOnly(env);
  const isLocal = (given.LEERSPOOR_ENV ?? "local") === "local";
  const withDefaults = isLocal
    ? { ...localServiceSettings(loadLocalStackSettings(env)), ...given }
    : given;
  const parsed = AppSettings.safeParse(withDefaults);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error));
  const settings = parsed.data;

  const problems: string[] = [];
  if (settings.QUEUE_DRIVER === "service-bus" && !settings.SERVICE_BUS_NAMESPACE && !settings.SERVICE_BUS_CONNECTION_STRING) {
    problems.push("SERVICE_BUS_NAMESPACE: required when QUEUE_DRIVER is service-bus");
  }
  if (settings.STORAGE_ACCOUNT_KEY && !settings.STORAGE_ACCOUNT_NAME) {
    problems.push("STORAGE_ACCOUNT_NAME: required when STORAGE_ACCOUNT_KEY is set");
  }
  if (!isLocal && settings.STORAGE_ACCOUNT_KEY) {
    problems.push("STORAGE_ACCOUNT_KEY: not allowed in Azure, the managed identity is used");
  }
  if (settings.IDP_MANAGEMENT_DRIVER === "auth0") {
    for (const name of ["AUTH0_MANAGEMENT_DOMAIN", "AUTH0_MANAGEMENT_CLIENT_ID", "AUTH0_MANAGEMENT_CLIENT_SECRET"] as const) {
      if (!settings[name]) problems.push(`${name}: required when IDP_MANAGEMENT_DRIVER is auth0`);
    }
  }
  if (settings.IDP_MANAGEMENT_DRIVER === "local" && !settings.LOCAL_IDP_ADMIN_TOKEN) {
    problems.push("LOCAL_IDP_ADMIN_TOKEN: required when IDP_MANAGEMENT_DRIVER is local");
  }
  if (!isLocal && !settings.OIDC_ISSUER_URL.startsWith("https://")) {
    problems.push("OIDC_ISSUER_URL: must be https in Azure");
  }
  if (!isLocal && !settings.KEY_VAULT_URL) {
    problems.push("KEY_VAULT_URL: required in Azure, where the LTI signing keys live in Key Vault");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

let cached: AppSettings | undefined;

/** The settings of this process, read once from the environment. */
export function appSettings(): AppSettings {
  cached ??= loadAppSettings(process.env);
  return cached;
}
