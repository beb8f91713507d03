import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** The header that carries a request's id, in and out. */
export const REQUEST_ID_HEADER = "X-Request-Id";

/** What an incoming id may be: short and plain, so it is safe to log and to echo. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * pino-http's `genReqId`: the caller's `X-Request-Id` when it is a plain id (a proxy's or a client's, so one id
 * follows a request across systems), else a new UUID; echoed in the response's `X-Request-Id`.
 */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
