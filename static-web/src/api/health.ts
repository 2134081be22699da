import { z } from "./zod.js";

/**
 * GET /api/health: 200 when every component passes, 503 when one fails; the body has the same
 * shape either way. Keep in step with the backend's health schema (shared/runtime).
 */
const ComponentHealth = z.object({
  status: z.enum(["pass", "fail"]),
  latencyMs: z.number().check(z.nonnegative()),
  error: z.optional(z.string()),
});

export const HealthReport = z.object({
  status: z.enum(["pass", "fail"]),
  components: z.record(z.string(), ComponentHealth),
});

export type ComponentHealth = z.infer<typeof ComponentHealth>;
export type HealthReport = z.infer<typeof HealthReport>;

export type HealthResult =
  | { ok: true; report: HealthReport }
  | { ok: false; reason: "network" | "unexpected-status" | "invalid-body"; detail: string };

export async function fetchHealth(signal?: AbortSignal): Promise<HealthResult> {
  let response: Response;
  try {
    response = await fetch("/api/health", { headers: { accept: "application/json" }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, reason: "network", detail: String(error) };
  }
  if (response.status !== 200 && response.status !== 503) {
    return { ok: false, reason: "unexpected-status", detail: `HTTP ${response.status}` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, reason: "invalid-body", detail: String(error) };
  }
  const parsed = HealthReport.safeParse(body);
  if (!parsed.success) return { ok: false, reason: "invalid-body", detail: z.prettifyError(parsed.error) };
  return { ok: true, report: parsed.data };
}
