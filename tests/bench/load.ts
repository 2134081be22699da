import { Agent, request } from "node:http";

/** Closed-loop load: `concurrency` keep-alive clients, each sending the next request when the last one answered. */
export async function requestsPerSecond(url: string, { concurrency = 16, durationMs = 2000 } = {}): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const deadline = performance.now() + durationMs;
  let done = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      request(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve());
      })
        .on("error", reject)
        .end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await one();
        done++;
      }
    }),
  );
  agent.destroy();
  return done / ((performance.now() - started) / 1000);
}
