import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Compares two secrets in constant time (hashing first, so lengths leak nothing either). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  return match?.[1]?.trim();
}

/**
 * Requires `Authorization: Bearer <token>`. With no token configured the feature is off: 403 with
 * `disabledMessage`. A missing or wrong token: 401 with `WWW-Authenticate: Bearer`.
 */
export function requireBearer(token: string | undefined, disabledMessage: string): RequestHandler {
  return (req, res, next) => {
    if (!token) {
      res.status(403).json({ error: disabledMessage });
      return;
    }
    const given = bearerToken(req.get("authorization"));
    if (!given || !safeEqual(given, token)) {
      res
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="pulse"')
        .json({ error: given ? "wrong bearer token" : "missing bearer token: send Authorization: Bearer <token>" });
      return;
    }
    next();
  };
}
