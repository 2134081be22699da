import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** A local stack run exactly as `npm start` runs it (the compiled start script), on free ports. */
export interface StackProcess {
  url: string;
  dataDir: string;
  /** Settings for `loadAppSettings` that reach this stack's emulators. */
  env: Record<string, string>;
  pids: Record<string, number>;
  output(): string;
  /** Stops the stack; its data folder is removed unless `keepData` (to start it again on the same data). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

export async function freeLocalPorts(): Promise<Record<string, string>> {
  return {
    LOCAL_PORT: String(await freePort()),
    LOCAL_AZURITE_BLOB_PORT: String(await freePort()),
    LOCAL_AZURITE_QUEUE_PORT: String(await freePort()),
    LOCAL_COSMOS_PORT: String(await freePort()),
    LOCAL_OIDC_PORT: String(await freePort()),
    LOCAL_DEMO_TOOL_PORT: String(await freePort()),
  };
}

const startScript = resolve("dist/scripts/start.js");

/** Runs the start script and resolves with its exit code and output when it exits by itself. */
export function runStartScript(env: Record<string, string>): { child: ChildProcess; exited: Promise<{ code: number | null; output: string }> } {
  const child = spawn(process.execPath, [startScript], { env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((done) => child.once("exit", (code) => done({ code, output })));
  return { child, exited };
}

/** `env`: further settings for the stack, e.g. `{ LOG_LEVEL: "info" }` to read every request's log line. */
export async function startStackProcess(options: { dataDir?: string; ports?: Record<string, string>; env?: Record<string, string> } = {}): Promise<StackProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "leerspoor-stack-")));
  const ports = options.ports ?? (await freeLocalPorts());
  const { child, exited } = runStartScript({ ...options.env, ...ports, LOCAL_DATA_DIR: dataDir });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const url = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`The stack did not start within 60 s:\n${output}`)), 60_000);
    child.stdout!.on("data", () => {
      const match = /Leerspoor is running at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        ready(match[1]!);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      fail(new Error(`The stack exited with code ${code} before it was ready:\n${output}`));
    });
  });
  const info = JSON.parse(await readFile(join(dataDir, "stack.json"), "utf8")) as { pids: Record<string, number> };
  const secrets = JSON.parse(await readFile(join(dataDir, "secrets.json"), "utf8")) as Record<string, string>;
  return {
    url,
    dataDir,
    pids: info.pids,
    env: {
      ...ports,
      LOCAL_DATA_DIR: dataDir,
      COSMOS_KEY: secrets.cosmosKey!,
      STORAGE_ACCOUNT_KEY: secrets.azuriteAccountKey!,
      OIDC_CLIENT_SECRET: secrets.oidcClientSecret!,
      LOCAL_IDP_ADMIN_TOKEN: secrets.idpAdminToken!,
      LTI_PSEUDONYM_KEY: secrets.ltiPseudonymKey!,
      LICENCE_WEBHOOK_SECRET_KEY: secrets.licenceWebhookSecretKey!,
      LOG_LEVEL: "warn",
    },
    output: () => output,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) {
        child.kill("SIGINT");
        await exited;
      }
      if (!keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
