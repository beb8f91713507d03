/**
 * The deployment files (Dockerfile, docker-compose.yml, deploy/nginx/*.conf) checked without Docker, which
 * the project's CI does not have: the compose file parses and wires Redis, two nodes and nginx together; nginx
 * points at the compose services; every variable set is one the server knows; the Dockerfile starts what the
 * build produces. When an nginx binary is present, `nginx -t` validates both configurations too, and both run in
 * front of a local upstream to show that /metrics stays inside.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ENV_VARIABLES } from "@pulse/server";
import { sparePort } from "@pulse/testkit/redis";
import { waitFor } from "@pulse/testkit/wait";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const read = (file: string): string => readFileSync(path.join(ROOT, file), "utf8");

/** The subset of a compose service these checks read. */
interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: string[];
  ports?: string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const compose = parse(read("docker-compose.yml")) as ComposeFile;
const services = compose.services;

/** A service's environment as a map, whichever of the two compose syntaxes it uses. */
function envOf(service: ComposeService | undefined): Record<string, string> {
  const env = service?.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const eq = entry.indexOf("=");
        return eq < 0 ? [entry, ""] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value === null ? "" : String(value)]));
}

function dependsOn(service: ComposeService | undefined): string[] {
  const deps = service?.depends_on ?? [];
  return Array.isArray(deps) ? deps : Object.keys(deps);
}

/** `server host:port` lines of the `upstream` block of an nginx config. */
function upstreamServers(conf: string): string[] {
  const block = /upstream\s+\w+\s*\{([^}]*)\}/.exec(conf);
  expect(block, "the nginx config should have an upstream block").not.toBeNull();
  return [...(block?.[1] ?? "").matchAll(/^\s*server\s+(\S+)/gm)].map((m) => m[1] as string);
}

/** An nginx config without comments, blank lines, upstream servers and `listen`: what must not differ. */
function proxySettings(conf: string): string[] {
  return conf
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "" && !/^server\s+\S+:\d+/.test(line) && !/^listen\s/.test(line));
}

const pulseNodes = Object.entries(services).filter(([, service]) => envOf(service).REDIS_URL !== undefined);

describe("docker-compose.yml", () => {
  it("has Redis, two Pulse nodes and nginx", () => {
    expect(Object.keys(services).sort()).toEqual(["nginx", "pulse-1", "pulse-2", "redis"]);
    expect(services.redis?.image).toMatch(/^redis:7/);
    expect(services.nginx?.image).toBe("nginx:stable");
    expect(pulseNodes.map(([name]) => name).sort()).toEqual(["pulse-1", "pulse-2"]);
  });

  it("builds both nodes from the Dockerfile and points them at the same Redis, prefix and campaign", () => {
    for (const [name, service] of pulseNodes) {
      const build = typeof service.build === "string" ? { context: service.build } : service.build;
      expect(build?.context, `${name} builds from the repo root`).toBe(".");
      expect(build?.dockerfile ?? "Dockerfile", `${name} uses the Dockerfile`).toBe("Dockerfile");
      const env = envOf(service);
      expect(env.REDIS_URL, `${name}`).toBe("redis://redis:6379/0");
      expect(dependsOn(service), `${name} waits for redis`).toContain("redis");
    }
    const [first, second] = pulseNodes.map(([, service]) => envOf(service));
    // Nodes share a campaign only through the same keys: same prefix and same campaign file (or both built in).
    expect(first?.REDIS_KEY_PREFIX).toBe(second?.REDIS_KEY_PREFIX);
    expect(first?.CAMPAIGN_FILE).toBe(second?.CAMPAIGN_FILE);
  });

  it("runs the simulator on one node and no source on the other, with INGEST_TOKEN from the environment", () => {
    const sources = pulseNodes.map(([, service]) => envOf(service).SOURCE ?? "simulator").sort();
    expect(sources).toEqual(["none", "simulator"]);
    for (const [name, service] of pulseNodes) {
      expect(envOf(service).INGEST_TOKEN, `${name} takes INGEST_TOKEN from the caller's environment`).toMatch(
        /^\$\{INGEST_TOKEN(:?-[^}]*)?\}$/,
      );
    }
  });

  it("sets only variables the server knows", () => {
    const known = new Set(ENV_VARIABLES);
    // Guards the export: an empty list would make every variable unknown, a wrong one would miss these.
    for (const name of ["PORT", "REDIS_URL", "REDIS_KEY_PREFIX", "SOURCE", "INGEST_TOKEN"]) expect(known).toContain(name);
    for (const [name, service] of pulseNodes) {
      for (const variable of Object.keys(envOf(service))) {
        expect(known.has(variable), `${name} sets ${variable}, which apps/server/src/config.ts does not read`).toBe(true);
      }
    }
  });

  it("serves each node's /metrics on a listener of its own that no port publishes", () => {
    for (const [name, service] of pulseNodes) {
      const env = envOf(service);
      expect(env.METRICS_PORT, `${name} sets METRICS_PORT`).toMatch(/^\d+$/);
      // Inside the compose network only: a Prometheus service there reaches it, the host's other users do not.
      expect(env.METRICS_HOST, `${name} listens for metrics on its container's interfaces`).toBe("0.0.0.0");
      expect(service.ports ?? [], `${name} publishes no port`).toEqual([]);
    }
  });

  it("publishes nginx on 8080 with deploy/nginx/compose.conf as its site", () => {
    const nginx = services.nginx;
    expect(nginx?.ports).toContain("8080:80");
    const mount = nginx?.volumes?.find((volume) => volume.startsWith("./deploy/nginx/compose.conf:"));
    expect(mount, "nginx mounts ./deploy/nginx/compose.conf").toBeDefined();
    expect(mount?.split(":")[1]).toMatch(/^\/etc\/nginx\/conf\.d\/[^/]+\.conf$/);
    expect(dependsOn(nginx).sort()).toEqual(["pulse-1", "pulse-2"]);
  });
});

describe("docker-compose.sentinel.yml", () => {
  // An override of docker-compose.yml (`docker compose -f docker-compose.yml -f docker-compose.sentinel.yml up`).
  const sentinelCompose = parse(read("docker-compose.sentinel.yml"), { merge: true }) as ComposeFile;
  const extra = sentinelCompose.services;
  const sentinelNames = Object.keys(extra).filter((name) => /^sentinel-\d+$/.test(name));
  /** What a Sentinel writes to its configuration file, line by line. */
  const sentinelConf = (name: string): string[] => {
    const command = extra[name]?.command;
    const script = Array.isArray(command) ? command.join(" ") : (command ?? "");
    return [...script.matchAll(/'([^']*)'/g)].map((m) => m[1] as string).filter((line) => line !== "%s\\n");
  };

  it("adds a replica of the compose Redis and three Sentinels that watch it with quorum 2", () => {
    expect(sentinelNames.sort()).toEqual(["sentinel-1", "sentinel-2", "sentinel-3"]);
    const replica = extra["redis-replica"];
    expect(replica?.image).toBe(services.redis?.image);
    expect(replica?.command).toEqual(expect.arrayContaining(["--replicaof", "redis", "6379"]));
    for (const name of sentinelNames) {
      const conf = sentinelConf(name);
      expect(conf, name).toContain("port 26379");
      expect(conf, name).toContain("sentinel monitor pulse redis 6379 2");
      // Service names, not addresses: a recreated container gets another address.
      expect(conf, name).toContain("sentinel resolve-hostnames yes");
      expect(String(extra[name]?.command), name).toMatch(/redis-server \/tmp\/sentinel\.conf --sentinel$/);
    }
  });

  it("points both nodes at the three Sentinels by the monitored name, with variables the server knows", () => {
    const known = new Set(ENV_VARIABLES);
    for (const [name] of pulseNodes) {
      const env = envOf(extra[name]);
      expect(env.REDIS_SENTINELS?.split(",").sort(), name).toEqual(sentinelNames.map((s) => `${s}:26379`).sort());
      expect(env.REDIS_SENTINEL_NAME, name).toBe("pulse");
      expect(Number(env.REDIS_WAIT_REPLICAS), name).toBeGreaterThan(0);
      for (const variable of Object.keys(env)) expect(known.has(variable), `${name} sets ${variable}`).toBe(true);
      expect(dependsOn(extra[name]).sort(), name).toEqual(sentinelNames.sort());
    }
    // Only overrides and the new services: nothing else of docker-compose.yml changes.
    expect(Object.keys(extra).filter((n) => services[n] !== undefined).sort()).toEqual(["pulse-1", "pulse-2", "redis"]);
  });
});

describe("deploy/nginx", () => {
  const local = read("deploy/nginx/pulse.conf");
  const composeConf = read("deploy/nginx/compose.conf");

  it("compose.conf sends traffic to the compose node services on the port the image exposes", () => {
    const exposed = /^EXPOSE\s+(\d+)/m.exec(read("Dockerfile"))?.[1];
    expect(exposed).toBe("3000");
    // No node sets PORT, so each listens on the default, the exposed port.
    for (const [, service] of pulseNodes) expect(envOf(service).PORT).toBeUndefined();
    expect(upstreamServers(composeConf).sort()).toEqual(pulseNodes.map(([name]) => `${name}:${exposed}`).sort());
    expect(composeConf).toMatch(/^\s*listen\s+80;/m);
  });

  it("pulse.conf sends traffic to three local nodes", () => {
    expect(upstreamServers(local)).toEqual(["127.0.0.1:3001", "127.0.0.1:3002", "127.0.0.1:3003"]);
  });

  it("compose.conf differs from pulse.conf only in its upstream servers and port", () => {
    expect(proxySettings(composeConf)).toEqual(proxySettings(local));
  });

  it("upgrades websockets, keeps polling clients on one node and does not buffer Socket.IO", () => {
    expect(local).toMatch(/map\s+\$http_upgrade\s+\$connection_upgrade/);
    expect(local).toMatch(/proxy_http_version\s+1\.1;/);
    expect(local).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade;/);
    expect(local).toMatch(/proxy_set_header\s+Connection\s+\$connection_upgrade;/);
    expect(local).toMatch(/^\s*(ip_hash|hash\s+\$remote_addr(\s+consistent)?);/m);
    const socketIo = /location\s+\/socket\.io\/\s*\{([^}]*)\}/.exec(local)?.[1] ?? "";
    expect(socketIo).toMatch(/proxy_buffering\s+off;/);
    // Socket.IO pings every 25 s; a shorter read timeout would cut idle websockets and long-polls.
    const readTimeout = Number(/proxy_read_timeout\s+(\d+)s;/.exec(local)?.[1]);
    expect(readTimeout).toBeGreaterThan(25);
  });

  it("answers /metrics itself with 404, in every spelling the node's router would take", () => {
    for (const conf of [local, composeConf]) {
      const block = /location\s+(~\*?)\s+\^\/metrics\/\?\$\s*\{([^}]*)\}/.exec(conf);
      expect(block?.[1], "a case-insensitive regex location for /metrics").toBe("~*");
      expect(block?.[2]).toMatch(/^\s*return\s+404;\s*$/);
    }
  });

  // Debian's nginx package; CI does not install it, so there these checks are skipped.
  const nginx = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"].find((file) => existsSync(file));

  /** An nginx.conf in `dir` around `site`, with every path nginx writes inside `dir`; `extra` goes at its top. */
  function mainConf(dir: string, site: string, extra: string[] = []): string {
    const main = path.join(dir, "nginx.conf");
    writeFileSync(
      main,
      [
        ...extra,
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log;`,
        "events {}",
        "http {",
        "  access_log off;",
        ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`),
        `  include ${site};`,
        "}",
      ].join("\n"),
    );
    return main;
  }

  it.skipIf(nginx === undefined)("passes nginx -t (both files; skipped when no nginx binary is installed)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pulse-nginx-"));
    try {
      // The compose service names resolve only inside compose: test a copy that names the loopback instead.
      const resolvable = path.join(dir, "compose.conf");
      writeFileSync(resolvable, composeConf.replace(/\bpulse-\d+:3000\b/g, "127.0.0.1:3000"));
      for (const site of [path.join(ROOT, "deploy/nginx/pulse.conf"), resolvable]) {
        const result = spawnSync(nginx as string, ["-t", "-q", "-e", "stderr", "-p", dir, "-c", mainConf(dir, site)], {
          encoding: "utf8",
        });
        expect(result.status, `nginx -t on ${site}:\n${result.stderr}`).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(nginx === undefined)("keeps /metrics off the public side: nginx answers 404 and never asks a node (skipped without nginx)", async () => {
    // An upstream that answers every path, /metrics included: only nginx can refuse it.
    const asked: string[] = [];
    const upstream = createServer((req, res) => {
      asked.push(req.url ?? "");
      res.end("from the node");
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const upstreamPort = (upstream.address() as AddressInfo).port;
    const dir = mkdtempSync(path.join(tmpdir(), "pulse-nginx-"));
    try {
      for (const [name, conf] of [["pulse.conf", local], ["compose.conf", composeConf]] as const) {
        const port = await sparePort();
        const site = path.join(dir, name);
        writeFileSync(
          site,
          conf
            .replace(/^(\s*server\s+)\S+:\d+/gm, `$1127.0.0.1:${upstreamPort}`)
            .replace(/^(\s*listen\s+)\d+;/m, `$1127.0.0.1:${port};`),
        );
        const child = spawn(nginx as string, ["-e", "stderr", "-p", dir, "-c", mainConf(dir, site, ["daemon off;", "master_process off;"])], {
          stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise((resolve) => child.once("exit", resolve));
        try {
          const base = `http://127.0.0.1:${port}`;
          await waitFor(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.ok === true, 5000, `nginx with ${name} to answer: ${stderr}`);
          asked.length = 0;
          for (const refused of ["/metrics", "/METRICS", "/Metrics/", "/metrics?format=json", "//metrics", "/%6detrics"]) {
            const res = await fetch(`${base}${refused}`);
            expect([name, refused, res.status]).toEqual([name, refused, 404]);
            expect(await res.text()).not.toContain("from the node");
          }
          expect(asked, `${name} forwarded a /metrics request`).toEqual([]);
          // The rest still reaches the nodes.
          const health = await fetch(`${base}/healthz`);
          expect(await health.text()).toBe("from the node");
          expect(asked).toEqual(["/healthz"]);
        } finally {
          child.kill("SIGTERM");
          await exited;
        }
      }
    } finally {
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The workspace packages (`@pulse/*`) the server depends on at run time, from its package.json. */
function serverWorkspacePackages(): string[] {
  const manifest = JSON.parse(read("apps/server/package.json")) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith("@pulse/"));
}

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");

  it("starts the built server, which exists after a build", () => {
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? "null")).toEqual(["node", "apps/server/dist/index.js"]);
    expect(
      existsSync(path.join(ROOT, "apps/server/dist/index.js")),
      "apps/server/dist/index.js is missing: run `npm run build` first",
    ).toBe(true);
  });

  it("copies into the runtime image the dist folders a build produces: the server's, the web app's and its packages'", () => {
    const copied = [...dockerfile.matchAll(/^COPY\s+--from=build\s+\/app\/(\S+)\s+(\S+)/gm)].map((m) => [m[1], m[2]]);
    const packages = serverWorkspacePackages();
    // Guards the lookup: the server runs on these two whatever else it comes to need.
    expect(packages).toEqual(expect.arrayContaining(["@pulse/shared", "@pulse/simulator"]));
    const packageDists = packages.map((name) => `packages/${name.slice("@pulse/".length)}/dist`);
    expect(copied.map(([from]) => from).sort()).toEqual(["apps/server/dist", "apps/web/dist", ...packageDists].sort());
    for (const [from, to] of copied) {
      expect(to, "each dist lands where it was built, where the server looks for it").toBe(from);
      expect(existsSync(path.join(ROOT, from as string)), `${from} is missing: run \`npm run build\` first`).toBe(true);
    }
  });

  it("installs the production dependencies of the server and of each workspace package it runs on", () => {
    const install = /^RUN npm ci --omit=dev\b(.*(?:\\\n.*)*)$/m.exec(dockerfile)?.[1] ?? "";
    const installed = [...install.matchAll(/--workspace\s+(\S+)/g)].map((m) => m[1]);
    expect(installed.sort()).toEqual(["@pulse/server", ...serverWorkspacePackages()].sort());
    // npm ci needs every manifest of the lockfile's workspaces it installs; both stages copy them before it.
    for (const name of serverWorkspacePackages()) {
      const manifest = `packages/${name.slice("@pulse/".length)}/package.json`;
      const copies = [...dockerfile.matchAll(/^COPY\s+(\S+)\s+\S+$/gm)].filter((m) => m[1] === manifest);
      expect(copies, `both stages copy ${manifest}`).toHaveLength(2);
    }
  });

  it("runs as the node user and checks /healthz without curl", () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("FROM "));
    expect(runtime).toMatch(/^FROM node:20-bookworm-slim\b/);
    expect(runtime).toMatch(/^USER node$/m);
    // The slim image has no curl: the check must run node.
    expect(runtime).toMatch(/^HEALTHCHECK\b[\s\S]*?CMD \["node", "-e", "[^\n]*\/healthz/m);
  });
});
