import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/**
 * A stand-in build of the web app in a temporary folder, removed after the suite, so server tests do not depend
 * on apps/web having been built: `index.html`, a page per widget of `widgets` (its body is the widget's name) and
 * `embed.js`. Returns the folder, for `WEB_DIST`.
 */
export function fakeWebDist(widgets: readonly string[] = ["counter", "feed"]): string {
  const dist = mkdtempSync(path.join(tmpdir(), "pulse-web-"));
  mkdirSync(path.join(dist, "embed"));
  writeFileSync(path.join(dist, "index.html"), "<!doctype html><div id=root></div>");
  for (const widget of widgets) writeFileSync(path.join(dist, "embed", `${widget}.html`), `<!doctype html>${widget}`);
  writeFileSync(path.join(dist, "embed.js"), "/* loader */");
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  return dist;
}
