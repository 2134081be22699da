import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

/** Structured JSON log lines on stdout; Azure Functions forwards them to Application Insights. */
export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "leerspoor", ...base },
    redact: {
      paths: ["*.authorization", "*.cookie", "*.password", "*.secret", "*.key", "*.token"],
      censor: "[redacted]",
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
