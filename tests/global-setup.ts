// Jest loads global setup through require(), where the ".js" mapping of the tests does not apply.
import { startStackProcess, type StackProcess } from "./support/stack-process.ts";

declare global {
  var leerspoorTestStack: StackProcess | undefined;
}

/**
 * Starts one local stack for the whole run (as `npm start` does, on free ports) and hands
 * its address and settings to the test workers through the environment. With
 * LEERSPOOR_TEST_BASE_URL already set, the tests use that running portal instead.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.LEERSPOOR_TEST_BASE_URL) return;
  const stack = await startStackProcess();
  globalThis.leerspoorTestStack = stack;
  process.env.LEERSPOOR_TEST_BASE_URL = stack.url;
  Object.assign(process.env, stack.env);
}
