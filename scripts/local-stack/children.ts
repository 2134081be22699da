import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves when the child prints a line matching `readyLine`. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Starts a Node program as a child; its output goes to `logFile`. */
export function startChild(
  name: string,
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    logFile: string;
    readyLine: RegExp;
    onUnexpectedExit: (name: string, code: number | null) => void;
  },
): Child {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const log = createWriteStream(options.logFile, { flags: "a" });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let stopping = false;
  const ready = new Promise<void>((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (options.readyLine.test(seen)) {
        child.stdout.off("data", onData);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${name} exited with code ${code} before it was ready; see ${options.logFile}`)));
  });
  ready.catch(() => undefined);
  child.once("exit", (code) => {
    if (!stopping) options.onUnexpectedExit(name, code);
  });
  return {
    name,
    process: child,
    ready,
    stop: () =>
      new Promise((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(force);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
