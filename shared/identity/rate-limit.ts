import { createHash } from "node:crypto";
import { z } from "zod";
import { AlreadyExists, documentStore, PreconditionFailed } from "../adapters/index.js";
import { HttpProblem, type HttpRequest } from "../runtime/index.js";

/** At most `maxFailures` failed attempts per key in a fixed window of `windowSeconds`, counted from the first failure. */
export interface AttemptLimit {
  maxFailures: number;
  windowSeconds: number;
}

/**
 * Failed attempts of one key (e.g. one client at one school) in the current window; kept in
 * the `sessions` container, read by id, gone by TTL after the window.
 */
const AttemptCounter = z.object({
  id: z.string(),
  kind: z.literal("attempt-counter"),
  windowStartedAt: z.string(),
  failures: z.number().int().min(0),
  ttl: z.number().int().positive(),
});
type AttemptCounter = z.infer<typeof AttemptCounter>;

const sessions = () => documentStore().container("sessions");

/**
 * The caller's address as the front end reports it: the first `x-forwarded-for` entry (the
 * client, as Azure's front ends and Static Web Apps forward it), else `x-client-ip`. Without
 * either (a direct call) every such caller shares one key.
 */
export function clientAddressOf(request: HttpRequest): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const address = forwarded || request.headers.get("x-client-ip")?.trim() || "unknown";
  // An IPv4 address may come with its port (`203.0.113.7:51234`); the port changes per connection.
  return /^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address) ? address.slice(0, address.lastIndexOf(":")) : address.toLowerCase();
}

/** The counter's id; the client is hashed so that no address is stored. */
export const attemptCounterId = (scope: string, client: string): string =>
  `attempts:${scope}:${createHash("sha256").update(client).digest("base64url").slice(0, 32)}`;

const windowEndOf = (counter: Pick<AttemptCounter, "windowStartedAt">, limit: AttemptLimit): number =>
  Date.parse(counter.windowStartedAt) + limit.windowSeconds * 1000;

export const tooManyAttempts = (retryAfterSeconds: number): HttpProblem =>
  new HttpProblem(
    429,
    "too-many-attempts",
    "Too many attempts",
    `Too many wrong attempts from this device; try again in ${retryAfterSeconds} seconds`,
    undefined,
    { "retry-after": String(retryAfterSeconds) },
  );

/** Throws 429 (with Retry-After) while `id` has used up its failures in the current window. */
export async function assertAttemptsLeft(id: string, limit: AttemptLimit, now = new Date()): Promise<void> {
  const found = await sessions().read<AttemptCounter>(id, id);
  if (!found || found.kind !== "attempt-counter") return;
  const windowEnd = windowEndOf(found, limit);
  if (now.getTime() < windowEnd && found.failures >= limit.maxFailures) {
    throw tooManyAttempts(Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)));
  }
}

/** Counts one failure, with optimistic concurrency so that parallel failures are all counted. */
export async function recordFailedAttempt(id: string, limit: AttemptLimit, now = new Date()): Promise<number> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const found = await sessions().read<AttemptCounter>(id, id);
    const current = found?.kind === "attempt-counter" && now.getTime() < windowEndOf(found, limit) ? found : undefined;
    const next: AttemptCounter = {
      id,
      kind: "attempt-counter",
      windowStartedAt: current?.windowStartedAt ?? now.toISOString(),
      failures: (current?.failures ?? 0) + 1,
      ttl: limit.windowSeconds,
    };
    try {
      if (found) await sessions().replace(next, found._etag);
      else await sessions().create(next);
      return next.failures;
    } catch (error) {
      if (!(error instanceof PreconditionFailed) && !(error instanceof AlreadyExists)) throw error;
    }
  }
  throw new PreconditionFailed(id);
}
