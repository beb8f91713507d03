import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import countryCodes from "i18n-iso-countries";
import type { Topology } from "topojson-specification";
import { build, type Plugin } from "vite";
import { defineConfig } from "vitest/config";
import { buildEuropeMap } from "./src/components/map/europeGeometry.js";

/** Where `npm run dev` sends API and Socket.IO traffic: the Pulse server on its default port. */
const SERVER = "http://localhost:3000";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The `flag-icons` package's folder, wherever npm put it: `components/flagUrls.ts` globs its SVGs. */
const FLAG_ICONS = path.dirname(createRequire(import.meta.url).resolve("flag-icons/package.json"));

/**
 * The pages of the build, each its own HTML entry: the app (`/`, `/wall`, `/staff`) and one small page per
 * embeddable widget, so a partner's counter never downloads the app's code. The server maps
 * `/embed/<widget>` to `dist/embed/<widget>.html`.
 */
const PAGES = {
  app: here("index.html"),
  "embed-counter": here("embed/counter.html"),
  "embed-countries": here("embed/countries.html"),
  "embed-timeline": here("embed/timeline.html"),
  "embed-feed": here("embed/feed.html"),
  "embed-map": here("embed/map.html"),
  "embed-organization": here("embed/organization.html"),
};

/** The folder of the widget pages; each holds only its own body, and `embedPage()` writes the rest. */
const EMBED_PAGES = here("embed");

/** The document around every widget page's body; widgets are not for search engines. */
function embedDocument(body: string): string {
  return `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <!-- No favicon request: a widget never shows one, and a 404 would land in the partner's console. -->
    <link rel="icon" href="data:," />
    <title>Pulse</title>
  </head>
  <body>
${body.replace(/^(?=.)/gm, "    ")}  </body>
</html>
`;
}

/**
 * Wraps each page of `embed/` in `embedDocument()`, before Vite reads its scripts, in dev and in the build:
 * the widgets share one head instead of four copies. The page's leading comment (which points here) is dropped.
 */
function embedPage(): Plugin {
  return {
    name: "pulse-embed-page",
    transformIndexHtml: {
      order: "pre",
      handler(html, { filename }) {
        if (path.dirname(path.resolve(filename)) !== EMBED_PAGES) return html;
        return embedDocument(html.replace(/^\s*<!--[\s\S]*?-->\s*/, ""));
      },
    },
  };
}

/** The `/embed.js` loader's source; partner pages load it with a classic `<script async>`. */
const LOADER_ENTRY = here("src/embeds/loader/main.ts");

/** Bundles the loader into one self-contained classic script (an IIFE, no imports), unminified or not. */
async function bundleLoader(outDir: string, write: boolean): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: "warn",
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: false,
      write,
      copyPublicDir: false,
      sourcemap: false,
      minify: true,
      // Partner pages may be old; the loader is the one file they run in their own page.
      target: "es2020",
      lib: { entry: LOADER_ENTRY, formats: ["iife"], name: "PulseEmbedLoader", fileName: () => "embed.js" },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs.flatMap((o) => ("output" in o ? o.output : [])).find((o) => o.type === "chunk");
  return chunk && "code" in chunk ? chunk.code : "";
}

/**
 * Builds `dist/embed.js` after the app (it cannot be an entry of the app's build: that one emits ES modules
 * with shared chunks, and the loader must be one classic script), and serves it at `/embed.js` in dev.
 */
function embedLoader(): Plugin {
  let outDir = "dist";
  let command: "build" | "serve" = "serve";
  return {
    name: "pulse-embed-loader",
    configResolved(config) {
      outDir = config.build.outDir;
      command = config.command;
    },
    configureServer(server) {
      server.middlewares.use("/embed.js", (_req, res, next) => {
        bundleLoader(outDir, false).then((code) => {
          res.setHeader("Content-Type", "text/javascript; charset=utf-8");
          res.end(code);
        }, next);
      });
    },
    async writeBundle() {
      if (command !== "build") return;
      await bundleLoader(outDir, true);
    },
  };
}

/** The id pages import Europe's drawn countries by. */
const EUROPE_MAP_ID = "virtual:europe-map";

/**
 * Serves `virtual:europe-map`: Europe from world-atlas, projected and simplified once per build
 * (`buildEuropeMap`), so pages get SVG path strings and never load d3-geo, topojson or the atlas itself.
 */
function europeMap(): Plugin {
  const resolved = `\0${EUROPE_MAP_ID}`;
  let source: string | undefined;
  return {
    name: "pulse-europe-map",
    resolveId: (id) => (id === EUROPE_MAP_ID ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined;
      if (source === undefined) {
        const atlas = createRequire(import.meta.url).resolve("world-atlas/countries-50m.json");
        const topology = JSON.parse(readFileSync(atlas, "utf8")) as Topology;
        const map = buildEuropeMap(topology, (numeric) => countryCodes.numericToAlpha2(numeric));
        source = `export default ${JSON.stringify(map)};\n`;
      }
      return source;
    },
  };
}

export default defineConfig({
  plugins: [react(), embedPage(), embedLoader(), europeMap()],
  resolve: {
    alias: { "@flag-icons": FLAG_ICONS },
  },
  server: {
    proxy: {
      "/api": SERVER,
      "/healthz": SERVER,
      "/socket.io": { target: SERVER, ws: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    // The import graph of every entry, read by scripts/check-bundle-budgets.mjs after the build.
    manifest: true,
    rolldownOptions: {
      input: PAGES,
      output: {
        codeSplitting: {
          groups: [
            // React is on every page but the counter embed, so it gets its own long-cached chunk.
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 20 },
            // d3's scales and curves: the plain-SVG timelines (wall, dashboard) need them without Recharts.
            { name: "d3", test: /node_modules[\\/](d3-[a-z-]+|internmap)[\\/]/, priority: 15 },
            // Recharts and its dependencies load only with the pages that draw its charts, never with the entry.
            {
              name: "charts",
              test: /node_modules[\\/](recharts|victory-vendor|@reduxjs|redux|react-redux|reselect|immer|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant|clsx|use-sync-external-store)[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
  },
});
