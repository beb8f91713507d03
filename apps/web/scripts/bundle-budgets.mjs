// @ts-check
/**
 * Size budgets of the built pages: which JS files each page loads (from its HTML and Vite's manifest), their
 * gzipped sizes, and the verdict. Pure enough to test on a fake `dist`; `check-bundle-budgets.mjs` runs it
 * on the real one after `vite build`.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** Budgets are in decimal kilobytes, as Vite prints sizes. */
export const KB = 1000;

/**
 * @typedef {object} ManifestChunk One chunk of Vite's `.vite/manifest.json`.
 * @property {string} file The emitted file, relative to `dist`.
 * @property {string} [src]
 * @property {string} [name]
 * @property {boolean} [isEntry]
 * @property {boolean} [isDynamicEntry]
 * @property {string[]} [imports] Keys of the chunks this one imports statically.
 * @property {string[]} [dynamicImports] Keys of the chunks this one may load later.
 * @property {string[]} [css]
 */

/** @typedef {Record<string, ManifestChunk>} Manifest */

/**
 * @typedef {object} Budget A page and the most gzipped JS it may load.
 * @property {string} name What the table calls it.
 * @property {string} [html] The built HTML page, relative to `dist`: its module scripts and modulepreloads load.
 * @property {string[]} [lazy] Manifest keys (source paths) of lazy chunks the page always loads, such as its route.
 * @property {string[]} [files] Plain files, relative to `dist`, counted as they are (a classic script).
 * @property {number} maxBytes The budget, gzipped.
 * @property {RegExp} [forbid] Source paths the page must not load, such as a chart library; checked in the source maps.
 * @property {string} [forbidLabel] What `forbid` stands for, for the message.
 */

/**
 * @typedef {object} BudgetResult What a page loads and whether it keeps its budget.
 * @property {Budget} budget
 * @property {string[]} files The JS files loaded, relative to `dist`.
 * @property {number} rawBytes
 * @property {number} gzipBytes
 * @property {string[]} problems Why it fails; empty when it keeps its budget.
 */

/** The gzipped size of `content`, at the default level most servers use. */
export function gzipSize(content) {
  return gzipSync(content).length;
}

/** A `dist`-relative path for an URL the HTML refers to, or null for another origin. */
function distPath(url) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) return null;
  return url.replace(/^\.?\//, "").split(/[?#]/)[0] ?? null;
}

/** The value of attribute `name` in a tag's source, or null. */
function attribute(tag, name) {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3] ?? null) : null;
}

/** The module scripts and modulepreloads of a built HTML page, as `dist`-relative paths, in order. */
export function htmlScripts(html) {
  /** @type {string[]} */
  const files = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const isScript = /^<script/i.test(tag);
    const url = isScript
      ? attribute(tag, "type")?.toLowerCase() === "module" && attribute(tag, "src")
      : attribute(tag, "rel")?.toLowerCase() === "modulepreload" && attribute(tag, "href");
    const file = url ? distPath(url) : null;
    if (file && !files.includes(file)) files.push(file);
  }
  return files;
}

/**
 * `start` and every chunk they import statically, transitively, as `dist`-relative files. `start` holds
 * manifest keys or emitted file names; a file the manifest does not know is kept as it is.
 */
export function staticClosure(manifest, start) {
  /** @type {Map<string, string>} */
  const keyOfFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
  /** @type {string[]} */
  const files = [];
  const seen = new Set();
  const queue = [...start];
  while (queue.length > 0) {
    const item = /** @type {string} */ (queue.shift());
    const key = manifest[item] ? item : keyOfFile.get(item);
    const file = key ? /** @type {ManifestChunk} */ (manifest[key]).file : item;
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(file);
    if (key) queue.push(.../** @type {ManifestChunk} */ (manifest[key]).imports ?? []);
  }
  return files;
}

/**
 * The JS files a page loads: its HTML's module scripts and modulepreloads, its `lazy` chunks, its plain
 * `files`, and everything those import statically. Throws when something the budget names is not in the build,
 * so a renamed page or route cannot slip through unmeasured.
 */
export function budgetFiles(budget, manifest, dist) {
  /** @type {string[]} */
  const start = [];
  if (budget.html) {
    const page = path.join(dist, budget.html);
    if (!existsSync(page)) throw new Error(`${budget.name}: ${budget.html} is not in the build`);
    const scripts = htmlScripts(readFileSync(page, "utf8"));
    if (scripts.length === 0) throw new Error(`${budget.name}: ${budget.html} loads no module script`);
    start.push(...scripts);
  }
  for (const key of budget.lazy ?? []) {
    if (!manifest[key]) throw new Error(`${budget.name}: the manifest has no chunk for ${key}`);
    start.push(key);
  }
  for (const file of budget.files ?? []) {
    if (!existsSync(path.join(dist, file))) throw new Error(`${budget.name}: ${file} is not in the build`);
    start.push(file);
  }
  return staticClosure(manifest, start).filter((file) => /\.m?js$/.test(file));
}

/** A chunk this small holds no library: the bundler's own runtime helpers are emitted without a source map. */
export const MAPLESS_LIMIT_BYTES = 2 * KB;

/** The packages (or source files) in `file`'s source map that match `forbid`; null when there is no map. */
export function forbiddenSources(dist, file, forbid) {
  const map = path.join(dist, `${file}.map`);
  if (!existsSync(map)) return null;
  /** @type {{ sources?: string[] }} */
  const parsed = JSON.parse(readFileSync(map, "utf8"));
  const found = new Set();
  for (const source of parsed.sources ?? []) {
    if (!forbid.test(source)) continue;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
    found.add(pkg ? pkg[1] : source);
  }
  return [...found];
}

/** Measures one page against its budget. */
export function checkBudget(budget, manifest, dist) {
  /** @type {string[]} */
  const problems = [];
  /** @type {string[]} */
  let files = [];
  try {
    files = budgetFiles(budget, manifest, dist);
  } catch (error) {
    return { budget, files, rawBytes: 0, gzipBytes: 0, problems: [error instanceof Error ? error.message : String(error)] };
  }
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const full = path.join(dist, file);
    if (!existsSync(full)) {
      problems.push(`${file} is referenced but missing`);
      continue;
    }
    const content = readFileSync(full);
    rawBytes += content.length;
    gzipBytes += gzipSize(content);
    if (budget.forbid) {
      const found = forbiddenSources(dist, file, budget.forbid);
      if (found === null) {
        if (content.length > MAPLESS_LIMIT_BYTES) problems.push(`${file} has no source map, so what it bundles cannot be checked`);
      } else if (found.length > 0) {
        problems.push(`${file} bundles ${budget.forbidLabel ?? "forbidden code"}: ${found.join(", ")}`);
      }
    }
  }
  if (gzipBytes > budget.maxBytes) {
    problems.push(`${formatKb(gzipBytes)} gzipped is over its budget of ${formatKb(budget.maxBytes)} by ${formatKb(gzipBytes - budget.maxBytes)}`);
  }
  return { budget, files, rawBytes, gzipBytes, problems };
}

/** Reads `dist/.vite/manifest.json` and measures every page. */
export function checkBudgets(budgets, dist) {
  const manifestPath = path.join(dist, ".vite", "manifest.json");
  if (!existsSync(manifestPath)) throw new Error(`no Vite manifest at ${manifestPath}: build with build.manifest = true`);
  /** @type {Manifest} */
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  return budgets.map((budget) => checkBudget(budget, manifest, dist));
}

/** Bytes as decimal kB with one decimal, as Vite prints them. */
export function formatKb(bytes) {
  return `${(bytes / KB).toFixed(1)} kB`;
}

/** The results as a plain-text table, then one line per problem. */
export function formatTable(results) {
  const header = ["page", "files", "raw", "gzip", "budget", "used", "status"];
  const rows = results.map((r) => [
    r.budget.name,
    String(r.files.length),
    formatKb(r.rawBytes),
    formatKb(r.gzipBytes),
    formatKb(r.budget.maxBytes),
    `${Math.round((r.gzipBytes / r.budget.maxBytes) * 100)} %`,
    r.problems.length === 0 ? "ok" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  // Text columns align left, numbers right.
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ").trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  const problems = results.flatMap((r) => r.problems.map((p) => `  ✗ ${r.budget.name}: ${p}`));
  if (problems.length > 0) out.push("", ...problems);
  return out.join("\n");
}
