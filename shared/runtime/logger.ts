import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

/**
 * Log lines carry ids, never names or e-mail addresses (GDPR: a log is not erased with the
 * person). Fields that would hold them are redacted anyway, should one slip into a line.
 */
const personalFields = ["email", "givenName", "familyName", "displayName"].flatMap((field) => [field, `*.${field}`]);

/** Structured JSON log lines on stdout; Azure Functions forwards them to Application Insights. */
export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "leerspoor", ...base },
    redact: {
      paths: ["*.authorization", "*.cookie", "*.password", "*.secret", "*.key", "*.token", ...personalFields],
      censor: "[redacted]",
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
