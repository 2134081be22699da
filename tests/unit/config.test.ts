import { ConfigError, loadAppSettings, loadLocalStackSettings } from "../../shared/config/index.js";

const errorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

/** What `npm start` generates into .data/secrets.json and hands to the host. */
const localSecrets = {
  OIDC_CLIENT_SECRET: "local-client-secret-0123456789",
  LOCAL_IDP_ADMIN_TOKEN: "local-admin-token-0123456789",
  LTI_PSEUDONYM_KEY: "local-pseudonym-key-0123456789abcdef",
  LICENCE_WEBHOOK_SECRET_KEY: "local-webhook-secret-key-0123456789abcdef",
};

describe("application settings", () => {
  it("need no configuration locally: services default to the local stack's ports", () => {
    const settings = loadAppSettings({ ...localSecrets, LOCAL_COSMOS_PORT: "9000", LOCAL_AZURITE_BLOB_PORT: "9001" });
    expect(settings.LEERSPOOR_ENV).toBe("local");
    expect(settings.COSMOS_ENDPOINT).toBe("https://127.0.0.1:9000");
    expect(settings.STORAGE_BLOB_URL).toBe("http://127.0.0.1:9001/leerspoor");
    expect(settings.QUEUE_DRIVER).toBe("storage-queue");
    expect(settings.QUEUE_MAX_DELIVERIES).toBe(5);
  });

  it("let a given setting win over the local default", () => {
    expect(loadAppSettings({ ...localSecrets, COSMOS_ENDPOINT: "https://cosmos.example:443" }).COSMOS_ENDPOINT).toBe("https://cosmos.example:443");
  });

  it("name every missing endpoint in Azure, where nothing defaults to localhost", () => {
    const error = errorOf(() => loadAppSettings({ LEERSPOOR_ENV: "azure" }));
    expect(error.message).toMatch(/COSMOS_ENDPOINT/);
    expect(error.message).toMatch(/STORAGE_BLOB_URL/);
    expect(error.message).toMatch(/STORAGE_QUEUE_URL/);
  });

  it("name a setting with a bad value", () => {
    expect(errorOf(() => loadAppSettings({ QUEUE_MAX_DELIVERIES: "many" })).message).toMatch(/QUEUE_MAX_DELIVERIES/);
    expect(errorOf(() => loadAppSettings({ QUEUE_DRIVER: "rabbit" })).message).toMatch(/QUEUE_DRIVER/);
    expect(errorOf(() => loadLocalStackSettings({ LOCAL_PORT: "70000" })).message).toMatch(/LOCAL_PORT/);
  });

  it("require a Service Bus namespace when the queue driver is Service Bus", () => {
    expect(errorOf(() => loadAppSettings({ ...localSecrets, QUEUE_DRIVER: "service-bus" })).problems).toEqual([
      "SERVICE_BUS_NAMESPACE: required when QUEUE_DRIVER is service-bus",
    ]);
    expect(loadAppSettings({ ...localSecrets, QUEUE_DRIVER: "service-bus", SERVICE_BUS_NAMESPACE: "sb.servicebus.windows.net" }).QUEUE_DRIVER).toBe("service-bus");
  });

  it("refuse a storage account key in Azure, where the managed identity signs in", () => {
    const azure = {
      LEERSPOOR_ENV: "azure",
      COSMOS_ENDPOINT: "https://c.documents.azure.com:443/",
      STORAGE_BLOB_URL: "https://s.blob.core.windows.net",
      STORAGE_QUEUE_URL: "https://s.queue.core.windows.net",
      QUEUE_DRIVER: "service-bus",
      SERVICE_BUS_NAMESPACE: "sb.servicebus.windows.net",
      OIDC_ISSUER_URL: "https://leerspoor.eu.auth0.com/",
      OIDC_CLIENT_SECRET: "from-key-vault-0123456789",
      IDP_MANAGEMENT_DRIVER: "auth0",
      AUTH0_MANAGEMENT_DOMAIN: "leerspoor.eu.auth0.com",
      AUTH0_MANAGEMENT_CLIENT_ID: "m2m",
      AUTH0_MANAGEMENT_CLIENT_SECRET: "from-key-vault",
      KEY_VAULT_URL: "https://kv.vault.azure.net/",
      LTI_PSEUDONYM_KEY: "from-key-vault-0123456789abcdef0123",
      LICENCE_WEBHOOK_SECRET_KEY: "from-key-vault-0123456789abcdef0123",
    };
    expect(loadAppSettings(azure).COSMOS_KEY).toBeUndefined();
    expect(errorOf(() => loadAppSettings({ ...azure, STORAGE_ACCOUNT_NAME: "acct", STORAGE_ACCOUNT_KEY: "k" })).message).toMatch(
      /STORAGE_ACCOUNT_KEY/,
    );
  });

  it("require the Auth0 Management settings when Auth0 removes accounts", () => {
    const problems = errorOf(() => loadAppSettings({ ...localSecrets, IDP_MANAGEMENT_DRIVER: "auth0" })).problems;
    expect(problems).toEqual([
      "AUTH0_MANAGEMENT_DOMAIN: required when IDP_MANAGEMENT_DRIVER is auth0",
      "AUTH0_MANAGEMENT_CLIENT_ID: required when IDP_MANAGEMENT_DRIVER is auth0",
      "AUTH0_MANAGEMENT_CLIENT_SECRET: required when IDP_MANAGEMENT_DRIVER is auth0",
    ]);
  });

  it("treat an empty variable as unset", () => {
    expect(loadAppSettings({ ...localSecrets, COSMOS_DATABASE: "" }).COSMOS_DATABASE).toBe("leerspoor");
  });
});
