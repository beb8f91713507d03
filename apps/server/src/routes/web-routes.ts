import { existsSync } from "node:fs";
import path from "node:path";
import { constants as zlibConstants } from "node:zlib";
import compression from "compression";
import express, { Router, type RequestHandler } from "express";

/** The app's client-side pages: each answers `index.html`. */
const APP_PAGES = ["/", "/wall", "/staff"];

/** A campaign's own pages (v2): its dashboard and its wall, with the id in the path. */
const CAMPAIGN_PAGES = ["/c/:id", "/c/:id/wall"];

/** Options of {@link webRoutes}. */
export interface WebRoutesOptions {
  /**
   * Whether a campaign's pages are served: false for an unknown or archived id, whose pages answer the 404 page.
   * Without it, no campaign page is served.
   */
  campaignExists?: (id: string) => Promise<boolean>;
}

/**
 * Brotli's window, as a power of two: 256 KB instead of its default 4 MB. A page load compresses some thirty files
 * at once, each encoder holding its window; with the default, the server's RSS kept about 10 MB more after a day
 * of the wall (the soak: +8 to +11 % against +1 to +3 % with this), for a few bytes on the wire.
 */
export const BROTLI_WINDOW_BITS = 18;

/** The embeddable widgets. Each is its own small HTML entry in the build, `embed/<name>.html`. */
export const EMBED_WIDGETS = ["counter", "countries", "timeline", "feed", "map", "organization"] as const;

/**
 * Serves the built web app from `dist`, or a plain note on how to build it when it is missing: the v1 pages and
 * widgets (the default campaign's), and each campaign's at `/c/:id/`, `/c/:id/wall` and `/c/:id/embed/<widget>`.
 * The page itself learns its campaign from the path.
 */
export function webRoutes(dist: string, { campaignExists = async () => false }: WebRoutesOptions = {}): Router {
  const router = Router();
  const index = path.join(dist, "index.html");
  if (!existsSync(index)) {
    router.get([...APP_PAGES, ...CAMPAIGN_PAGES, "/embed/:widget", "/c/:id/embed/:widget", "/embed.js"], (_req, res) => {
      res.status(503).type("text/plain").send(`The web app is not built: run "npm run build" (looked in ${dist}).`);
    });
    return router;
  }
  // The app's JS is several hundred kB as built: gzip or brotli (quality 4: fast enough per request) cuts it by
  // about 3.5× on the wire, which is most of the dashboard's load time on a phone's connection.
  router.use(compression({ brotli: { params: { [zlibConstants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS } } }));
  // Hashed file names: a new build gets new names, so a browser may keep each file for a year without asking.
  router.use("/assets", express.static(path.join(dist, "assets"), { immutable: true, maxAge: "1y", index: false }));
  // A campaign's pages go on only for a campaign that exists; anything else falls through to the 404 page.
  router.get(["/c/:id", "/c/:id/*rest"], (req, _res, next) => {
    campaignExists(String(req.params.id)).then((exists) => next(exists ? undefined : "router"), next);
  });
  router.get(["/embed/:widget", "/c/:id/embed/:widget"], (req, res, next) => {
    const widget = EMBED_WIDGETS.find((w) => w === req.params.widget);
    const page = widget && path.join(dist, "embed", `${widget}.html`);
    if (!page || !existsSync(page)) return next();
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(page);
  });
  router.use(express.static(dist, { index: false, extensions: [] }));
  router.get([...APP_PAGES, ...CAMPAIGN_PAGES], (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
  return router;
}

/**
 * The answer to a path nothing else took: status 404 with the app's own page (its `NotFoundPage`, in the
 * app's style and language) to a browser, `{ error }` to anything else. Mounted last, after the `/api` 404.
 */
export function notFoundPage(dist: string): RequestHandler {
  const index = path.join(dist, "index.html");
  return (req, res) => {
    res.status(404);
    if ((req.method === "GET" || req.method === "HEAD") && req.accepts(["json", "html"]) === "html" && existsSync(index)) {
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(index);
      return;
    }
    res.json({ error: `not found: ${req.method} ${req.path}` });
  };
}
