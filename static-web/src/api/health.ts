import { z } from "./zod.js";

// The zod configuration must come first: it makes zod safe under the portal's CSP.
import { HealthReport } from "../../../shared/health/report.js";

export type { ComponentHealth, HealthReport } from "../../../shared/health/report.js";

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
