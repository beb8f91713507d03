import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { checkBudget, checkBudgets, formatTable, gzipSize, htmlScripts, KB, staticClosure } from "./bundle-budgets.mjs";
import { BUDGETS } from "./check-bundle-budgets.mjs";

const run = promisify(execFile);
const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), "check-bundle-budgets.mjs");

/** Random bytes do not compress, so a file of n bytes weighs a little over n gzipped too. */
function jsOf(bytes: number): Buffer {
  return randomBytes(bytes);
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fake `dist`: files (with a source map naming `sources`), pages and a manifest. */
function fakeDist(options: {
  files: Record<string, { bytes: number; sources?: string[] }>;
  pages: Record<string, string>;
  manifest: Record<string, object>;
}): string {
  const dist = mkdtempSync(path.join(tmpdir(), "pulse-budgets-"));
  dirs.push(dist);
  mkdirSync(path.join(dist, ".vite"), { recursive: true });
  for (const [file, { bytes, sources = ["../src/app.ts"] }] of Object.entries(options.files)) {
    mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
    writeFileSync(path.join(dist, file), jsOf(bytes));
    writeFileSync(path.join(dist, `${file}.map`), JSON.stringify({ version: 3, sources, mappings: "" }));
  }
  for (const [page, html] of Object.entries(options.pages)) {
    mkdirSync(path.dirname(path.join(dist, page)), { recursive: true });
    writeFileSync(path.join(dist, page), html);
  }
  writeFileSync(path.join(dist, ".vite", "manifest.json"), JSON.stringify(options.manifest));
  return dist;
}

/** An HTML page as Vite emits it: one module script, its preloads, a stylesheet. */
function page(entry: string, preloads: string[] = []): string {
  return `<!doctype html><html><head>
    <script type="module" crossorigin src="/${entry}"></script>
    ${preloads.map((p) => `<link rel="modulepreload" crossorigin href="/${p}">`).join("\n")}
    <link rel="stylesheet" crossorigin href="/assets/app.css">
  </head><body></body></html>`;
}

/** A small app: the entry, a shared chunk it imports, a chunk that one imports, and a lazy route with charts. */
const APP_MANIFEST = {
  "index.html": { file: "assets/app.js", isEntry: true, imports: ["_shared.js"], dynamicImports: ["src/Page.tsx", "src/Other.tsx"] },
  "_shared.js": { file: "assets/shared.js", imports: ["_deep.js"] },
  "_deep.js": { file: "assets/deep.js" },
  "src/Page.tsx": { file: "assets/page.js", isDynamicEntry: true, imports: ["_charts.js", "_shared.js"] },
  "src/Other.tsx": { file: "assets/other.js", isDynamicEntry: true },
  "_charts.js": { file: "assets/charts.js" },
};

describe("htmlScripts", () => {
  it("lists module scripts and modulepreloads, not classic scripts, stylesheets or other origins", () => {
    const html = `<script type="module" crossorigin src="/assets/a.js"></script>
      <link rel="modulepreload" href="/assets/b.js"><link rel="stylesheet" href="/assets/c.css">
      <script src="/legacy.js"></script><script type="module" src="https://cdn.example/x.js"></script>
      <link rel='modulepreload' href='./assets/d.js?v=1'>`;
    expect(htmlScripts(html)).toEqual(["assets/a.js", "assets/b.js", "assets/d.js"]);
  });
});

describe("staticClosure", () => {
  it("follows static imports transitively, once each, and never dynamic ones", () => {
    expect(staticClosure(APP_MANIFEST, ["assets/app.js"])).toEqual(["assets/app.js", "assets/shared.js", "assets/deep.js"]);
    expect(staticClosure(APP_MANIFEST, ["src/Page.tsx", "assets/app.js"])).toEqual([
      "assets/page.js",
      "assets/app.js",
      "assets/charts.js",
      "assets/shared.js",
      "assets/deep.js",
    ]);
  });
});

describe("checkBudget", () => {
  const files = {
    "assets/app.js": { bytes: 3_000 },
    "assets/shared.js": { bytes: 2_000 },
    "assets/deep.js": { bytes: 1_000 },
    "assets/page.js": { bytes: 4_000 },
    "assets/other.js": { bytes: 50_000 },
    "assets/charts.js": { bytes: 10_000, sources: ["../../node_modules/recharts/es6/index.js", "../../node_modules/d3-shape/src/line.js"] },
  };

  it("counts the page's scripts, its lazy route and their static imports, and passes under budget", () => {
    const dist = fakeDist({ files, pages: { "index.html": page("assets/app.js", ["assets/shared.js", "assets/deep.js"]) }, manifest: APP_MANIFEST });
    const [result] = checkBudgets([{ name: "app", html: "index.html", lazy: ["src/Page.tsx"], maxBytes: 25 * KB }], dist);
    expect(result?.files.sort()).toEqual(["assets/app.js", "assets/charts.js", "assets/deep.js", "assets/page.js", "assets/shared.js"]);
    // The random content barely compresses; gzip adds a header, so about 20 kB: under 25, and not a lazy chunk it never loads.
    expect(result?.gzipBytes).toBeGreaterThan(20 * KB);
    expect(result?.gzipBytes).toBeLessThan(25 * KB);
    expect(result?.problems).toEqual([]);
  });

  it("fails a page over its budget, and says by how much", () => {
    const dist = fakeDist({ files, pages: { "index.html": page("assets/app.js") }, manifest: APP_MANIFEST });
    const result = checkBudget({ name: "app", html: "index.html", lazy: ["src/Page.tsx"], maxBytes: 15 * KB }, APP_MANIFEST, dist);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^2\d\.\d kB gzipped is over its budget of 15\.0 kB by \d+\.\d kB$/);
    const table = formatTable([result]);
    expect(table).toMatch(/^app\s+5\s+20\.0 kB\s+2\d\.\d kB\s+15\.0 kB\s+1\d\d %\s+FAIL$/m);
    expect(table).toContain("✗ app: ");
  });

  it("fails a page that loads what it must not, read from the source maps", () => {
    const dist = fakeDist({ files, pages: { "index.html": page("assets/app.js") }, manifest: APP_MANIFEST });
    const budget = { name: "app", html: "index.html", lazy: ["src/Page.tsx"], maxBytes: 100 * KB, forbid: /node_modules\/(recharts|d3-[a-z-]+)\//, forbidLabel: "a chart library" };
    expect(checkBudget(budget, APP_MANIFEST, dist).problems).toEqual(["assets/charts.js bundles a chart library: recharts, d3-shape"]);
    expect(checkBudget({ ...budget, lazy: [] }, APP_MANIFEST, dist).problems).toEqual([]);
  });

  it("fails, rather than measuring nothing, when a page or a route is not in the build", () => {
    const dist = fakeDist({ files, pages: {}, manifest: APP_MANIFEST });
    expect(checkBudget({ name: "gone", html: "embed/gone.html", maxBytes: KB }, APP_MANIFEST, dist).problems).toEqual([
      "gone: embed/gone.html is not in the build",
    ]);
    expect(checkBudget({ name: "route", lazy: ["src/Renamed.tsx"], maxBytes: KB }, APP_MANIFEST, dist).problems).toEqual([
      "route: the manifest has no chunk for src/Renamed.tsx",
    ]);
  });

  it("measures gzip as a server would send it", () => {
    expect(gzipSize(Buffer.from("a".repeat(10_000)))).toBeLessThan(100);
  });
});

describe("check-bundle-budgets.mjs", () => {
  it("holds the counter embed to 25 kB without React or charts, the dashboard's first paint to 125 kB without charts, its timeline without Recharts, and with the charts to 250 kB", () => {
    const byName = new Map(BUDGETS.map((b) => [b.name, b]));
    expect(byName.get("embed counter")).toMatchObject({ html: "embed/counter.html", maxBytes: 25 * KB });
    expect(byName.get("embed counter")?.forbid?.test("../../node_modules/recharts/es6/index.js")).toBe(true);
    expect(byName.get("embed counter")?.forbid?.test("../../node_modules/react-dom/cjs/react-dom.production.js")).toBe(true);
    expect(byName.get("embed counter")?.forbid?.test("../../node_modules/socket.io-client/build/esm/index.js")).toBe(false);
    const firstPaint = byName.get("dashboard / first paint");
    expect(firstPaint).toMatchObject({ html: "index.html", maxBytes: 125 * KB });
    expect(firstPaint?.lazy).toEqual(["src/app.tsx", "src/features/dashboard/DashboardPage.tsx"]);
    expect(firstPaint?.forbid?.test("../../node_modules/recharts/es6/index.js")).toBe(true);
    expect(firstPaint?.forbid?.test("../../node_modules/react-dom/cjs/react-dom.production.js")).toBe(false);
    const timeline = byName.get("dashboard / timeline");
    expect(timeline?.lazy).toEqual(["src/app.tsx", "src/features/dashboard/DashboardPage.tsx", "src/features/dashboard/TimelineArea.tsx"]);
    expect(timeline?.forbid?.test("../../node_modules/recharts/es6/index.js")).toBe(true);
    expect(timeline?.forbid?.test("../../node_modules/immer/dist/immer.mjs")).toBe(true);
    expect(timeline?.forbid?.test("../../node_modules/d3-shape/src/area.js")).toBe(false);
    expect(byName.get("dashboard / with charts")).toMatchObject({ html: "index.html", maxBytes: 250 * KB });
    expect(byName.get("dashboard / with charts")?.lazy).toEqual(
      expect.arrayContaining(["src/features/dashboard/TimelineArea.tsx", "src/features/dashboard/CountryBars.tsx"]),
    );
  });

  /** A fake build with every page the real budgets name; `counterBytes` sizes the counter's one script. */
  function fakeBuild(counterBytes: number): string {
    const pages: Record<string, string> = {};
    const files: Record<string, { bytes: number; sources?: string[] }> = { "embed.js": { bytes: 500 } };
    const manifest: Record<string, object> = {};
    for (const budget of BUDGETS) {
      if (!budget.html) continue;
      const file = `assets/${budget.html.replace(/\W/g, "-")}.js`;
      pages[budget.html] = page(file);
      files[file] = { bytes: budget.html === "embed/counter.html" ? counterBytes : 1_000 };
      manifest[budget.html] = { file, isEntry: true };
      for (const key of budget.lazy ?? []) {
        manifest[key] = { file: `assets/${key.replace(/\W/g, "-")}.js`, isDynamicEntry: true };
        files[`assets/${key.replace(/\W/g, "-")}.js`] = { bytes: 1_000 };
      }
    }
    return fakeDist({ files, pages, manifest });
  }

  it("passes and prints the table when every page keeps its budget", async () => {
    const { stdout } = await run(process.execPath, [CLI, fakeBuild(20 * KB)]);
    expect(stdout).toMatch(/^embed counter\s.*\s25\.0 kB\s+\d+ %\s+ok$/m);
    expect(stdout).toMatch(/^dashboard \/ first paint\s.*ok$/m);
  });

  it("exits 1 with the table when the counter embed ships more than 25 kB gzipped", async () => {
    const failure = await run(process.execPath, [CLI, fakeBuild(26 * KB)]).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/^embed counter\s.*\s25\.0 kB\s+10\d %\s+FAIL$/m);
    expect(failure?.stdout).toMatch(/✗ embed counter: 26\.\d kB gzipped is over its budget of 25\.0 kB/);
    expect(failure?.stderr).toContain("Bundle budget exceeded");
  });

  it("exits 1 when there is no build to check", async () => {
    const failure = await run(process.execPath, [CLI, path.join(tmpdir(), "pulse-no-such-dist")]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/no Vite manifest/);
  });
});
