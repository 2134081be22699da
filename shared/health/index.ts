import { blobStore, documentStore, identityProvider, messageQueue, queues } from "../adapters/index.js";
import type { HealthReport } from "./report.js";

export { ComponentHealth, HealthReport } from "./report.js";

export type Probe = (signal: AbortSignal) => Promise<void>;

/** Runs every probe at once, each cut off after `timeoutMs`, so one dead component cannot stall the report. */
export async function checkHealth(probes: Record<string, Probe>, timeoutMs = 2000): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      const started = performance.now();
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        await Promise.race([
          probe(signal),
          new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error(`no answer within ${timeoutMs} ms`)))),
        ]);
        return [name, { status: "pass" as const, latencyMs: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
        return [name, { status: "fail" as const, latencyMs: Math.round(performance.now() - started), error: message }] as const;
      }
    }),
  );
  const failing = entries.filter(([, c]) => c.status === "fail").map(([name]) => name);
  return { status: failing.length === 0 ? "pass" : "fail", failing, components: Object.fromEntries(entries) };
}

/** Health of the services that the application needs: Cosmos DB, Blob Storage, the queue and the identity provider. */
export function checkPlatformHealth(): Promise<HealthReport> {
  return checkHealth({
    cosmos: (signal) => documentStore().ping(signal),
    blob: (signal) => blobStore().ping(signal),
    queue: (signal) => messageQueue().ping(queues[0], signal),
    idp: () => identityProvider().ping(),
  });
}
