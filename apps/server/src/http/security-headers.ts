import type { RequestHandler } from "express";
import helmet from "helmet";
import cors from "cors";

/** The widget pages: `/embed/<widget>` (the default campaign's) and `/c/<id>/embed/<widget>`. */
const EMBED_PATH = /^\/(?:c\/[^/]+\/)?embed\//;

/** Paths of the widgets partner sites frame. Everything else is never frameable. */
export function isEmbedPath(path: string): boolean {
  return EMBED_PATH.test(path);
}

/** Hosts `isAllowedMediaUrl` lets load over plain http (local test servers standing in for a CDN). */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?$/;

/**
 * The CSP sources of the media hosts: `https://host`, or `http://host` for a loopback host, which a CSP also
 * matches over https (the pages serve such a host's media over plain http, as `isAllowedMediaUrl` allows).
 */
export function mediaSources(mediaHosts: readonly string[]): string[] {
  return mediaHosts.map((host) => `${LOOPBACK_HOST.test(host) ? "http" : "https"}://${host}`);
}

/**
 * Security headers: a strict CSP (no inline script) everywhere. Embed pages may be framed by `EMBED_ORIGINS`
 * only (CSP `frame-ancestors`); every other page answers `frame-ancestors 'none'` and `X-Frame-Options: DENY`.
 * Images and media load from the node only, plus the media hosts (`Config.MEDIA_ALLOWED_HOSTS`); `data:` images
 * stay for the pages' inline favicon.
 */
export function securityHeaders(embedOrigins: string[], mediaHosts: readonly string[] = []): RequestHandler {
  const media = mediaSources(mediaHosts);
  const directives = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "connect-src": ["'self'"],
    "img-src": ["'self'", "data:", ...media],
    "media-src": ["'self'", ...media],
    "style-src": ["'self'", "'unsafe-inline'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    // Wall boxes on a LAN are often served over plain HTTP: upgrading their asset requests to https would
    // leave the page blank. TLS belongs to the reverse proxy, which can add the directive.
    "upgrade-insecure-requests": null,
  };
  const framed = helmet({
    contentSecurityPolicy: { directives: { ...directives, "frame-ancestors": embedOrigins.includes("*") ? ["*"] : embedOrigins } },
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    // Partner pages that require CORP of what they embed can still frame the widgets.
    crossOriginResourcePolicy: { policy: "cross-origin" },
  });
  // Partner pages load /embed.js from their own origin: helmet's default CORP `same-origin` would block it.
  const loader = helmet({
    contentSecurityPolicy: { directives: { ...directives, "frame-ancestors": ["'none'"] } },
    frameguard: { action: "deny" },
    crossOriginResourcePolicy: { policy: "cross-origin" },
  });
  const unframed = helmet({
    contentSecurityPolicy: { directives: { ...directives, "frame-ancestors": ["'none'"] } },
    frameguard: { action: "deny" },
  });
  return (req, res, next) => {
    if (isEmbedPath(req.path)) return framed(req, res, next);
    if (req.path === "/embed.js") return loader(req, res, next);
    return unframed(req, res, next);
  };
}

/** CORS for the public read API, so partner pages on `EMBED_ORIGINS` can read it from the browser. */
export function publicReadCors(embedOrigins: string[]): RequestHandler {
  return cors({ origin: embedOrigins.includes("*") ? "*" : embedOrigins, methods: ["GET", "HEAD"], maxAge: 600 });
}
