import { z } from "zod";

/** The body of GET /api/health, 200 and 503 alike; the portal parses it with this schema too. */
export const ComponentHealth = z.object({
  status: z.enum(["pass", "fail"]),
  latencyMs: z.number().int().nonnegative(),
  error: z.string().optional(),
});
export type ComponentHealth = z.infer<typeof ComponentHealth>;

export const HealthReport = z.object({
  status: z.enum(["pass", "fail"]),
  /** Names of the components that failed, so a 503 says at once what is down. */
  failing: z.array(z.string()),
  components: z.record(z.string(), ComponentHealth),
});
export type HealthReport = z.infer<typeof HealthReport>;
