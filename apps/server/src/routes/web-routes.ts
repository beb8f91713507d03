import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router, type RequestHandler } from "express";

/** The app's client-side pages: each answers `index.html`. */
const APP_PAGES = ["/", "/wall", "/staff"];

/** The embeddable widgets. Each is its own small HTML entry in the build, `embed/<name>.html`. */
export const EMBED_WIDGETS = ["counter", "countries", "timeline", "feed"] as const;

/** Serves the built web app from `dist`, or a plain note on how to build it when it is missing. */
export function webRoutes(dist: string): Router {
  const router = Router();
  const index = path.join(dist, "index.html");
  if (!existsSync(index)) {
    router.get([...APP_PAGES, "/embed/:widget", "/embed.js"], (_req, res) => {
      res.status(503).type("text/plain").send(`The web app is not built: run "npm run build" (looked in ${dist}).`);
    });
    return router;
  }
  router.use("/assets", express.static(path.join(dist, "assets"), { immutable: true, maxAge: "1y", index: false }));
  router.get("/embed/:widget", (req, res, next) => {
    const widget = EMBED_WIDGETS.find((w) => w === req.params.widget);
    const page = widget && path.join(dist, "embed", `${widget}.html`);
    if (!page || !existsSync(page)) return next();
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(page);
  });
  router.use(express.static(dist, { index: false, extensions: [] }));
  router.get(APP_PAGES, (_req, res) => {
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
