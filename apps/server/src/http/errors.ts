import type { ErrorRequestHandler } from "express";
import type { Logger } from "pino";
import { StoreUnavailableError } from "../store/store.js";
import { StaffRequestError } from "../staff/staff-errors.js";

/** Seconds a client should wait before retrying while the store cannot be reached. */
export const RETRY_AFTER_SECONDS = 5;

/** Turns errors into JSON answers; nothing a client sends can crash the server. */
export function errorHandler(logger: Logger, maxBytes: number): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof StoreUnavailableError) {
      res.status(503).set("Retry-After", String(RETRY_AFTER_SECONDS)).json({ error: `store unavailable: ${err.message}; retrying the same batch later is safe` });
      return;
    }
    const type = (err as { type?: string }).type;
    if (type === "entity.too.large") {
      res.status(413).json({ error: `body larger than INGEST_MAX_BYTES (${maxBytes} bytes)` });
      return;
    }
    const status = (err as { status?: number }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      const issues = err instanceof StaffRequestError ? err.issues : undefined;
      res.status(status).json({ error: (err as Error).message || "bad request", ...(issues ? { issues } : {}) });
      return;
    }
    logger.error({ err, url: req.originalUrl }, "request failed");
    res.status(500).json({ error: "internal error" });
  };
}
