import { loadAppSettings, type AppSettings } from "../../shared/config/index.js";

/** Settings that reach the emulators of the stack started by the global setup. */
export function testSettings(overrides: Record<string, string> = {}): AppSettings {
  return loadAppSettings({ ...process.env, ...overrides });
}
