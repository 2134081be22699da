/**
 * `npm start`: the whole portal on this machine. Ctrl-C stops every child process.
 */
import { relative } from "node:path";
import { ConfigError, loadLocalStackSettings } from "../shared/config/index.js";
import { PortInUse } from "./local-stack/ports.js";
import { startLocalStack } from "./local-stack/stack.js";

try {
  const stack = await startLocalStack(loadLocalStackSettings());
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("Stopping Leerspoor…");
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  console.log(`\nLeerspoor is running at ${stack.info.url}  (Ctrl-C stops it)`);
  console.log(`Demo accounts and passwords: ${relative(process.cwd(), stack.info.demoFile)}\n`);
} catch (error) {
  if (error instanceof PortInUse || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
