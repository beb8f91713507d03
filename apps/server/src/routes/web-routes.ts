import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router } from "express";

/** The client-side routes the web app answers; each gets `index.html`. */
const PAGE_PATHS = ["/", "/wall", "/embed/counter", "/embed/countries", "/embed/timeline", "/embed/feed", "/staff"];

/** Serves the built web app from `dist`, or a plain note on how to build it when it is missing. */
export function webRoutes(dist: string): Router {
  const router = Router();
  const index = path.join(dist, "index.html");
  if (!existsSync(index)) {
    router.get(PAGE_PATHS, (_req, res) => {
      res.status(503).type("text/plain").send(`The web app is not built: run "npm run build" (looked in ${dist}).`);
    });
    return router;
  }
  router.use("/assets", express.static(path.join(dist, "assets"), { immutable: true, maxAge: "1y", index: false }));
  router.use(express.static(dist, { index: false }));
  router.get(PAGE_PATHS, (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
