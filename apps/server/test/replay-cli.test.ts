/**
 * `npm run replay` as a person runs it: a real process, against a closed port and against a real node on a
 * terminal (a pseudo-terminal from `script`, so the progress line redraws as it does for a person).
 */
import { stripVTControlCharacters } from "node:util";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makePost, startPulse, waitFor } from "./support/start-pulse.js";

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/cli/replay-cli.ts");
const TOKEN = "replay-cli-ingest-token";
const dir = mkdtempSync(path.join(tmpdir(), "pulse-replay-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `count` posts a minute apart, from 09:00 on the campaign's day. */
function archive(name: string, count: number): string {
  const file = path.join(dir, `${name}.ndjson`);
  const base = Date.parse("2015-02-24T09:00:00Z");
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify(makePost({ id: `${name}-${i}`, createdAt: new Date(base + i * 60_000).toISOString() })),
  );
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a command to its end; its output, exit code and how long it took. */
function run(command: string, args: string[]): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  const started = Date.now();
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err, ms: Date.now() - started })));
}

describe("npm run replay", () => {
  it("names the address it cannot reach and gives up after --give-up-after, with one clear line", async () => {
    const port = await closedPort();
    const file = archive("closed", 3);
    const result = await run(process.execPath, ["--import", "tsx", CLI, file, "--to", `http://127.0.0.1:${port}`, "--give-up-after", "2"]);
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(10_000);
    const lines = result.err.trim().split("\n");
    expect(lines.at(-1)).toBe(
      `replay: gave up: http://127.0.0.1:${port}/api/ingest cannot be reached (ECONNREFUSED) for 2 s. Is Pulse running there? --to sets its address, --give-up-after how long to keep trying`,
    );
    // Each retry says what it waits for, naming the address too.
    expect(lines[0]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/api/ingest cannot be reached \\(ECONNREFUSED\\); retrying the same batch in 0\\.3 s$`));
    expect(result.out).not.toMatch(/done/);
  });

  it("refuses an address that is not one, and a file that is not there, at once", async () => {
    const file = archive("bad-args", 1);
    const badTo = await run(process.execPath, ["--import", "tsx", CLI, file, "--to", "localhost:3000"]);
    expect([badTo.code, badTo.err]).toEqual([1, 'replay: invalid --to "localhost:3000": expected the node\'s address, such as http://localhost:3000\n']);
    const missing = await run(process.execPath, ["--import", "tsx", CLI, path.join(dir, "missing.ndjson")]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^replay: cannot read .*missing\.ndjson: expected an NDJSON archive file\n$/);
  });

  it("shows progress on a terminal that reads 100 % only once the last post is in", async () => {
    const node = await startPulse({ INGEST_TOKEN: TOKEN });
    try {
      // 20 posts a minute apart at 600× take about 2 s: the line redraws every 200 ms meanwhile.
      const file = archive("tty", 20);
      const command = [process.execPath, "--import", "tsx", CLI, file, "--speed", "600", "--to", node.url, "--token", TOKEN].join(" ");
      const result = await run("script", ["-qfec", command, "/dev/null"]);
      expect(result.code, result.out).toBe(0);
      const updates = result.out.split(/\r|\n/).map((l) => stripVTControlCharacters(l).trim()).filter((l) => l.startsWith("line "));
      expect(updates.length).toBeGreaterThan(3);
      const percents = updates.map((u) => Number(/\((\d+)%\)/.exec(u)?.[1]));
      expect(percents.slice(0, -1).every((p) => p < 100), updates.join("\n")).toBe(true);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(updates.at(-1)).toMatch(/^line 20 \(100%\) · accepted 20 · /);
      await waitFor(() => node.pulse.relay.snapshot().totals.posts === 20, 5_000, "20 posts on the node");
    } finally {
      await node.close();
    }
  });
});
