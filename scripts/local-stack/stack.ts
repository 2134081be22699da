import { mkdir, readdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { localAccountName, loadAppSettings, type LocalStackSettings } from "../../shared/config/index.js";
import { createMessageQueue, logDeadLetterAlert, provisionLocalResources } from "../../shared/adapters/index.js";
import { createLogger, functionRegistry, startLocalHost, type LocalHost } from "../../shared/runtime/index.js";
import { startChild, type Child } from "./children.js";
import { seedDemo } from "./demo-seed.js";
import { demoToolUrlOf, writeDemoToolConfig } from "./demo-tool-config.js";
import { assertPortsFree } from "./ports.js";
import { ensureLocalSecrets } from "./secrets.js";

/** What a running stack tells its users and tests, also written to `<data>/stack.json`. */
export interface StackInfo {
  url: string;
  /** Every demo account with its password. */
  demoFile: string;
  pids: Record<string, number>;
}

export interface RunningStack {
  info: StackInfo;
  stop(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const distRoot = resolve(here, "..", "..");
const azuriteBin = (service: "blob" | "queue") =>
  join(dirname(createRequire(import.meta.url).resolve("azurite/package.json")), "dist", "src", service, "main.js");

async function loadFunctions(): Promise<void> {
  const dir = join(distRoot, "functions");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".js")).sort();
  // The catch-all answers 404/405 from the finished route table, so it is loaded last.
  files.sort((a, b) => Number(a === "api-fallback.js") - Number(b === "api-fallback.js"));
  for (const file of files) await import(pathToFileURL(join(dir, file)).href);
}

/**
 * Starts everything the portal needs on this machine: Azurite (Blob, Queue), the Cosmos
 * emulator with its snapshot, the resources the code names, and the local Functions host
 * with the built portal. Children are stopped by `stop()`.
 */
export async function startLocalStack(local: LocalStackSettings): Promise<RunningStack> {
  await assertPortsFree([
    { port: local.LOCAL_PORT, setting: "LOCAL_PORT", what: "the portal and API" },
    { port: local.LOCAL_AZURITE_BLOB_PORT, setting: "LOCAL_AZURITE_BLOB_PORT", what: "Azurite Blob" },
    { port: local.LOCAL_AZURITE_QUEUE_PORT, setting: "LOCAL_AZURITE_QUEUE_PORT", what: "Azurite Queue" },
    { port: local.LOCAL_COSMOS_PORT, setting: "LOCAL_COSMOS_PORT", what: "the Cosmos DB emulator" },
    { port: local.LOCAL_OIDC_PORT, setting: "LOCAL_OIDC_PORT", what: "the local OpenID provider" },
    { port: local.LOCAL_DEMO_TOOL_PORT, setting: "LOCAL_DEMO_TOOL_PORT", what: "the demo LTI tool" },
  ]);
  const dataDir = resolve(local.LOCAL_DATA_DIR);
  await mkdir(join(dataDir, "azurite"), { recursive: true });
  await mkdir(join(dataDir, "logs"), { recursive: true });
  const secrets = await ensureLocalSecrets(dataDir);

  const env: Record<string, string> = {
    COSMOS_KEY: secrets.cosmosKey,
    STORAGE_ACCOUNT_KEY: secrets.azuriteAccountKey,
    OIDC_CLIENT_SECRET: secrets.oidcClientSecret,
    LOCAL_IDP_ADMIN_TOKEN: secrets.idpAdminToken,
    LTI_PSEUDONYM_KEY: secrets.ltiPseudonymKey,
    LICENCE_WEBHOOK_SECRET_KEY: secrets.licenceWebhookSecretKey,
  };
  for (const [name, value] of Object.entries(local)) env[name] = String(value);
  Object.assign(process.env, env);
  const settings = loadAppSettings(process.env);
  const log = createLogger(settings.LOG_LEVEL, { component: "local-stack" });

  const children: Child[] = [];
  const onUnexpectedExit = (name: string, code: number | null) =>
    log.error({ child: name, code }, `${name} stopped unexpectedly; /api/health reports it`);
  const azuriteArgs = ["--location", join(dataDir, "azurite"), "--skipApiVersionCheck", "--disableTelemetry", "--loose", "--silent"];
  const azuriteEnv = { AZURITE_ACCOUNTS: `${localAccountName}:${secrets.azuriteAccountKey}` };
  const readyLine = /successfully listen/;
  const idpAccounts = join(dataDir, "idp-accounts.json");
  await writeFile(idpAccounts, "[]", { flag: "wx", mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  const idpClient = join(dataDir, "idp-client.json");
  await writeFile(
    idpClient,
    JSON.stringify({
      clientId: settings.OIDC_CLIENT_ID,
      clientSecret: settings.OIDC_CLIENT_SECRET,
      redirectUris: [`${settings.PUBLIC_BASE_URL}/api/auth/callback`],
      postLogoutRedirectUris: [`${settings.PUBLIC_BASE_URL}/`],
      adminToken: settings.LOCAL_IDP_ADMIN_TOKEN,
    }),
    { mode: 0o600 },
  );
  children.push(
    startChild("azurite-blob", [azuriteBin("blob"), ...azuriteArgs, "--blobPort", String(local.LOCAL_AZURITE_BLOB_PORT)], {
      env: azuriteEnv,
      logFile: join(dataDir, "logs", "azurite-blob.log"),
      readyLine,
      onUnexpectedExit,
    }),
    startChild("azurite-queue", [azuriteBin("queue"), ...azuriteArgs, "--queuePort", String(local.LOCAL_AZURITE_QUEUE_PORT)], {
      env: azuriteEnv,
      logFile: join(dataDir, "logs", "azurite-queue.log"),
      readyLine,
      onUnexpectedExit,
    }),
    startChild("cosmos", [join(here, "cosmos-emulator.js"), String(local.LOCAL_COSMOS_PORT), join(dataDir, "cosmos-snapshot.json")], {
      logFile: join(dataDir, "logs", "cosmos.log"),
      readyLine: /"ready":true/,
      onUnexpectedExit,
    }),
    startChild("oidc", [join(here, "oidc-provider.js"), String(local.LOCAL_OIDC_PORT), idpAccounts, idpClient], {
      logFile: join(dataDir, "logs", "oidc.log"),
      readyLine: /"ready":true/,
      onUnexpectedExit,
    }),
    startChild("demo-tool", [join(here, "demo-tool.js"), String(local.LOCAL_DEMO_TOOL_PORT), join(dataDir, "demo-tool"), await writeDemoToolConfig(dataDir, settings.PUBLIC_BASE_URL, secrets.demoToolKey)], {
      logFile: join(dataDir, "logs", "demo-tool.log"),
      readyLine: /"ready":true/,
      onUnexpectedExit,
    }),
  );
  const stopChildren = () => Promise.all(children.map((child) => child.stop())).then(() => undefined);

  let host: LocalHost;
  let demoFile: string;
  const queue = createMessageQueue(settings, logDeadLetterAlert(settings));
  try {
    await Promise.all(children.map((child) => child.ready));
    await provisionLocalResources(settings);
    demoFile = await seedDemo(dataDir, settings.PUBLIC_BASE_URL, demoToolUrlOf(local));
    await loadFunctions();
    host = await startLocalHost({
      registry: functionRegistry,
      port: local.LOCAL_PORT,
      staticRoot: join(distRoot, "static-web"),
      // Azure frames https: tools only; local tools (the demo tool among them) run on http://localhost ports.
      frameSources: ["http://localhost:*"],
      queue,
      log,
    });
  } catch (error) {
    await stopChildren();
    throw error;
  }

  const info: StackInfo = {
    url: host.url,
    demoFile,
    pids: Object.fromEntries(children.map((child) => [child.name, child.process.pid ?? -1])),
  };
  await writeFile(join(dataDir, "stack.json"), JSON.stringify(info, null, 2));
  return {
    info,
    async stop() {
      await host.close();
      await queue.close();
      await stopChildren();
    },
  };
}
