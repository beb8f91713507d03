import { pino, type DestinationStream, type Logger } from "pino";
import type { Config } from "./config.js";

/** The structured logger. Tokens and post text are never logged above debug. */
export function createLogger(config: Pick<Config, "LOG_LEVEL">, destination?: DestinationStream): Logger {
  const options = {
    level: config.LOG_LEVEL,
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
