import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Request } from "express";
import getRawBody from "raw-body";

/** An error the error handler answers with its `status` and message. */
class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The stream to read for a `Content-Encoding`, as express.raw (body-parser) takes them. */
function decoded(req: Request, encoding: string): NodeJS.ReadableStream {
  const inflate =
    encoding === "gzip" ? createGunzip() : encoding === "deflate" ? createInflate() : encoding === "br" ? createBrotliDecompress() : undefined;
  if (!inflate) throw new BodyError(415, `unsupported Content-Encoding ${JSON.stringify(encoding)}: expected gzip, deflate, br or none`);
  req.pipe(inflate);
  return inflate;
}

/**
 * Reads a request body of at most `limit` bytes (after decompression). Unlike express.raw, a body over the limit
 * fails at once, as soon as its `Content-Length` or its bytes so far say so, rather than after the client has sent
 * all of it: the 413 goes out while the client is still sending, and `lingeringClose` drops the rest. Errors carry
 * `status` (and raw-body's `type`, `entity.too.large` for 413) for the error handler.
 */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const encoding = (req.get("content-encoding") ?? "identity").toLowerCase();
  const stream = encoding === "identity" ? req : decoded(req, encoding);
  try {
    // With identity, raw-body compares the declared length with the limit before reading a byte.
    return await getRawBody(stream, { limit, length: encoding === "identity" ? req.get("content-length") : undefined });
  } catch (err) {
    if (stream !== req) {
      req.unpipe();
      (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
    }
    const status = (err as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) throw err;
    // A broken gzip stream, for one: the client's fault, as body-parser answers it.
    throw new BodyError(400, `could not read the body: ${(err as Error).message}`);
  }
}
