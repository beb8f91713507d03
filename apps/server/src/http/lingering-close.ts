/**
 * Answers a request readably even when the answer comes before its body has arrived: a 401, 413, 415, 429 or 503
 * refuses a 4 MB body long before the client has sent it.
 *
 * Without this, Node either leaves the rest of the body unread on a keep-alive connection (the client's writes stall,
 * then the idle connection is dropped) or, with `Connection: close`, closes the socket while the body still comes in:
 * the kernel then resets the connection, the client gets `EPIPE` or `ECONNRESET`, and may lose the answer unread.
 *
 * What it does instead (a "lingering close", as nginx and Apache do): the answer is written at once, with
 * `Connection: close`; the rest of the body is read and dropped; the response ends, and the connection closes
 * cleanly, when the body is complete. A client that sends more than `maxBytes`, or takes longer than `maxMs`, has
 * had its answer written and is then cut off, so a refused request never costs more than that.
 */
import type { Request, RequestHandler, Response } from "express";

/** Bounds on what is read and dropped of one refused body. */
export interface LingeringCloseOptions {
  /** Bytes of the rest of the body read and dropped at most. */
  maxBytes: number;
  /** How long the rest of the body may take, in ms. */
  maxMs: number;
}

type End = Response["end"];

/**
 * How long the rest of a refused body may take. Short enough that a node shutting down (which waits for open
 * connections, within its 10 s) is never held up long.
 */
export const REFUSED_BODY_MAX_MS = 5_000;

/** The middleware; see the module comment. Mount it before anything that may answer early. */
export function lingeringClose({ maxBytes, maxMs }: LingeringCloseOptions): RequestHandler {
  return (req, res, next) => {
    // No body to wait for. (`req.complete` is still false here even for a GET: Node parses the end of a request
    // only after its handler has run.)
    if (!hasBody(req) || req.complete) return next();
    const end = res.end;
    res.end = function endAfterBody(this: Response, ...args: unknown[]) {
      res.end = end;
      if (req.complete || req.destroyed || res.headersSent) return Reflect.apply(end, this, args) as Response;
      const callback = typeof args[args.length - 1] === "function" ? (args.pop() as () => void) : undefined;
      const [chunk, encoding] = args as [string | Buffer | undefined, BufferEncoding | undefined];
      res.setHeader("Connection", "close");
      // The answer goes out now (its Content-Length tells the client it is whole); the response ends after the body.
      if (chunk !== undefined && chunk !== null && chunk.length > 0) res.write(chunk, encoding ?? "utf8");
      else res.flushHeaders();
      dropRest(req, maxBytes, maxMs, () => Reflect.apply(end, res, callback ? [callback] : []));
      return res;
    } as End;
    next();
  };
}

/** True when the request announces a body: chunked, or a `Content-Length` above 0. */
function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"]) > 0;
}

/** Reads and drops the rest of `req`'s body, then calls `done` once: at its end, or when a bound is reached. */
function dropRest(req: Request, maxBytes: number, maxMs: number, done: () => void): void {
  let bytes = 0;
  let finished = false;
  const finish = (cut?: string) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("close", onEnd);
    // Ending now closes the connection with body bytes still coming: the client has had its answer.
    if (cut) req.log?.debug({ cut, bytes }, "stopped reading the rest of a refused request's body");
    done();
  };
  const onData = (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) finish(`more than ${maxBytes} bytes`);
  };
  const onEnd = () => finish();
  const timer = setTimeout(() => finish(`more than ${maxMs} ms`), maxMs);
  // Never holds a shutting-down process up by itself; the open connection is what the server waits for.
  timer.unref();
  req.on("data", onData);
  req.once("end", onEnd);
  // The client went away: nothing left to read.
  req.once("close", onEnd);
  // A body reader that gave up (raw-body over its limit) paused the request.
  req.resume();
}
