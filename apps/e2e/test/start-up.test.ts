/**
 * Starting Pulse as a person does, as real processes: what a CAMPAIGN_FILE alone runs, what the start-up line
 * says, what a bad start prints (under `npm start` too), and the readable format on a terminal.
 */
import { stripVTControlCharacters } from "node:util";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { pollSettled } from "@pulse/testkit/wait";
import type { Campaign } from "@pulse/shared";
import { SERVER_ENTRY, startServerProcess, stopServerProcesses } from "./faults/support/server-process.js";
import { snapshotOf } from "./support/snapshot.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const EXAMPLE = "docs/examples/campaign.json";

afterEach(async () => {
  await stopServerProcesses();
});

async function json<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

/** The JSON log lines a server printed. */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Runs a command to its end, with its output. */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err })));
}

describe("a campaign from a file", () => {
  it("runs with no source unless SOURCE asks: no invented posts, and the log says how to get posts in", async () => {
    // The path as typed at the project's root; the process runs elsewhere, as npm start runs it in apps/server.
    const server = await startServerProcess({ CAMPAIGN_FILE: EXAMPLE, INIT_CWD: ROOT });
    const campaign = await json<Campaign>(`${server.url}/api/campaign`);
    expect(campaign.id).toBe("salon-agriculture-2026");
    expect(await json<{ sources: unknown[] }>(`${server.url}/healthz`)).toMatchObject({ sources: [] });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await snapshotOf(server.url)).totals.posts).toBe(0);

    const lines = logLines(server.output());
    const startup = lines.find((l) => String(l.msg).startsWith("Pulse listening"));
    expect(startup?.msg).toMatch(
      new RegExp(
        `^Pulse listening on http://127\\.0\\.0\\.1:${server.port} · store: embedded, kept in /.*/data · sources: none · ` +
          `campaign: Salon de l'Agriculture 2026 \\(#SalonDeLAgriculture\\), from ${path.join(ROOT, EXAMPLE).replace(/[.]/g, "\\.")}$`,
      ),
    );
    const hint = lines.find((l) => l.level === 40 && String(l.msg).startsWith("No source runs"));
    expect(hint?.msg).toBe(
      "No source runs: the simulator plays only the built-in campaign, never invented posts for a CAMPAIGN_FILE. To get posts in: " +
        "set INGEST_TOKEN (16 characters or more) and POST posts to /api/ingest; or set SOURCE to x, mastodon, bluesky or replay:<file> " +
        "(docs/sources.md); SOURCE=simulator makes up a day for this campaign",
    );
  });

  it("is played by the simulator when SOURCE=simulator is asked for", async () => {
    const server = await startServerProcess({ CAMPAIGN_FILE: path.join(ROOT, EXAMPLE), SOURCE: "simulator", SIM_SPEED: "600" });
    const { value: posts } = await pollSettled(async () => (await snapshotOf(server.url)).totals.posts, (n) => n > 0, 10_000);
    expect(posts).toBeGreaterThan(0);
    expect(logLines(server.output()).find((l) => l.level === 40 && l.source === "simulator")?.msg).toBe(
      "simulator: inventing posts for Salon de l'Agriculture 2026 (#SalonDeLAgriculture) (SOURCE=simulator); they are counted and saved like real ones",
    );
  });

  it("stops a bad file with one line that names every bad field", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pulse-bad-campaign-"));
    try {
      const file = path.join(dir, "bad.json");
      await writeFile(file, JSON.stringify({ id: "x y", name: "", timezone: "Europe/Atlantis", start: "2026-01-02T00:00:00Z", end: "soon", hashtags: [], organizations: [{}] }));
      const failure = await startServerProcess({ CAMPAIGN_FILE: file }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      const [head, ...printed] = (failure?.message ?? "").split("\n");
      expect(head).toMatch(/^server exited with 1;/);
      const output = printed.join("\n").trim();
      expect(output.split("\n")).toHaveLength(1);
      expect(output).toMatch(new RegExp(`^pulse: invalid CAMPAIGN_FILE="${file.replace(/[.]/g, "\\.")}": `));
      for (const field of ["name", "end", "hashtags", "organizations.0.id", "organizations.0.kind", "id", "timezone"]) {
        expect(output).toMatch(new RegExp(`(": |; )${field.replace(/[.]/g, "\\.")}: `));
      }
      expect(output).toMatch(/\(the format: docs\/campaigns\.md\)$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("a port in use", () => {
  it("stops the second node with one line naming the port", async () => {
    const first = await startServerProcess({ SOURCE: "none" });
    const failure = await startServerProcess({ SOURCE: "none", PORT: String(first.port) }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const [head, ...printed] = (failure?.message ?? "").split("\n");
    expect(head).toMatch(/^server exited with 1;/);
    expect(printed.join("\n").trim()).toBe(
      `pulse: PORT=${first.port} is in use (127.0.0.1:${first.port}): stop what listens there, or set PORT to another port`,
    );
  });
});

describe("a bad start under npm start", () => {
  it("prints npm's banner and one error line, no npm error stack", async () => {
    const env = { ...process.env, STAFF_TOKEN: "short", PORT: "0" };
    const result = await run("npm", ["start"], { cwd: ROOT, env });
    expect(result.code).toBe(2);
    expect(result.err).toBe("pulse: invalid STAFF_TOKEN: expected at least 16 characters, such as the output of: openssl rand -hex 16\n");
    expect(result.out).not.toMatch(/npm error|Lifecycle script/);
  }, 180_000);
});

describe("the start-up line on a terminal", () => {
  it("is one readable line, not JSON", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pulse-tty-"));
    // `script` gives the server a pseudo-terminal, as a person's shell does.
    const child = spawn("script", ["-qfec", `${process.execPath} ${SERVER_ENTRY}`, "/dev/null"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", SOURCE: "none", DATA_DIR: "" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    try {
      await pollSettled(() => out.includes("Pulse listening"), Boolean, 15_000);
      const plain = stripVTControlCharacters(out).split(/\r?\n/).filter((l) => l.length > 0);
      const line = plain.find((l) => l.includes("Pulse listening"));
      expect(line).toMatch(
        /^\[\d{2}:\d{2}:\d{2}\] INFO: Pulse listening on http:\/\/127\.0\.0\.1:\d+ · store: embedded, nothing kept on disk · sources: none · campaign: European Jobs Day 2015 \(#VotreJob\), built-in$/,
      );
      expect(plain.some((l) => l.startsWith("{"))).toBe(false);
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });
});
