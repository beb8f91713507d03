import type { IncomingMessage, ServerResponse } from "node:http";
import { pino, type DestinationStream, type Logger } from "pino";
import { pinoHttp, type HttpLogger } from "pino-http";
import { prettyFactory } from "pino-pretty";
import type { Config } from "./config.js";
import { requestId } from "./http/request-id.js";

/** Fields that the readable format leaves out: the request line and the start-up line say them in words. */
const PRETTY_IGNORED = "pid,hostname,req,res,responseTime,port,startup";

/** The request line in words, `GET /api/snapshot 200 3 ms`; other lines keep their message. */
function prettyMessage(log: Record<string, unknown>, messageKey: string): string {
  const req = log.req as { method?: string; path?: string } | undefined;
  const res = log.res as { statusCode?: number } | undefined;
  const message = String(log[messageKey] ?? "");
  if (!req?.method || !res) return message;
  const line = `${req.method} ${req.path ?? ""} ${res.statusCode ?? "-"} ${typeof log.responseTime === "number" ? `${log.responseTime} ms` : ""}`.trim();
  return message === "request completed" ? line : `${message}: ${line}`;
}

/** Where and how the logger writes, besides its level. */
export interface LoggerOptions {
  /** Whether the output is a terminal; default: whether stdout is one. */
  tty?: boolean;
}

/**
 * The structured logger: JSON lines, or with `LOG_FORMAT=pretty` (and by default on a terminal) one readable
 * line per event. Tokens and post text are never logged above debug.
 */
export function createLogger(
  config: Pick<Config, "LOG_LEVEL"> & Partial<Pick<Config, "LOG_FORMAT">>,
  destination?: DestinationStream,
  options: LoggerOptions = {},
): Logger {
  const pinoOptions = {
    level: config.LOG_LEVEL,
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
      censor: "[redacted]",
    },
  };
  const tty = options.tty ?? process.stdout.isTTY === true;
  const format = config.LOG_FORMAT ?? "auto";
  if (format === "pretty" || (format === "auto" && tty)) {
    // pino-pretty's formatter, called in line (not its stream), so that a line logged just before an exit is shown.
    const prettify = prettyFactory({
      colorize: tty,
      translateTime: "SYS:HH:MM:ss",
      ignore: PRETTY_IGNORED,
      singleLine: true,
      messageFormat: prettyMessage,
    });
    const out = destination ?? pino.destination({ dest: 1, sync: true });
    return pino(pinoOptions, { write: (line: string) => void out.write(prettify(line)) });
  }
  return destination ? pino(pinoOptions, destination) : pino(pinoOptions);
}

/** A request's path, without its query string. */
function pathOf(url: string | undefined): string {
  return (url ?? "").split("?")[0] ?? "";
}

/**
 * One line per HTTP request (not for `/healthz` and `/metrics`): at `info` its id, method, path, status and
 * time only; at `debug` also its headers (with credentials redacted) and the client's address.
 */
export function requestLogger(logger: Logger): HttpLogger {
  const verbose = logger.isLevelEnabled("debug");
  type LoggedRequest = { id?: unknown; method?: string; url?: string; headers?: unknown; remoteAddress?: string };
  return pinoHttp({
    logger,
    genReqId: requestId,
    autoLogging: { ignore: (req: IncomingMessage) => req.url === "/healthz" || req.url === "/metrics" },
    serializers: {
      req: (req: LoggedRequest) => ({
        id: req.id,
        method: req.method,
        path: pathOf(req.url),
        ...(verbose ? { headers: req.headers, remoteAddress: req.remoteAddress } : {}),
      }),
      res: (res: { statusCode?: number; headers?: unknown }) => ({
        statusCode: res.statusCode,
        ...(verbose ? { headers: res.headers } : {}),
      }),
    },
  }) as HttpLogger<IncomingMessage, ServerResponse>;
}
