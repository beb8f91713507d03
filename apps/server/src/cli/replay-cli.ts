/**
 * `npm run replay -- <file> --speed 60 --to http://localhost:3000 --token <t>`: replays an NDJSON archive
 * into a running Pulse through `POST /api/ingest`, spaced by `createdAt` and `--speed`, showing progress.
 */
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import type { IngestResult } from "@pulse/shared";
import { replayBatches } from "../sources/replay-reader.js";

const USAGE = "usage: npm run replay -- <file.ndjson> [--speed 60] [--to http://localhost:3000] [--token <INGEST_TOKEN>]";

/** Why the replay cannot go on; the message says what to change. */
class ReplayError extends Error {}

/** Posts one batch; retries on 429, 503 and network errors, as the contract makes a retry safe. */
async function postBatch(url: string, token: string | undefined, items: unknown[]): Promise<IngestResult> {
  const body = items.map((item) => JSON.stringify(item)).join("\n");
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${url}/api/ingest`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body,
      });
    } catch (err) {
      const wait = Math.min(250 * attempt, 16_000);
      process.stderr.write(`\nnetwork error (${(err as Error).message}); retrying in ${wait} ms\n`);
      await sleep(wait);
      continue;
    }
    if (res.status === 202 || res.status === 400) return (await res.json()) as IngestResult;
    if (res.status === 429 || res.status === 503) {
      const wait = Number(res.headers.get("retry-after") ?? 5) * 1000;
      process.stderr.write(`\nserver answered ${res.status}; retrying the same batch in ${wait} ms\n`);
      await sleep(wait);
      continue;
    }
    const text = await res.text();
    throw new ReplayError(`server answered ${res.status}: ${text.slice(0, 300)}`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      speed: { type: "string", default: "60" },
      to: { type: "string", default: "http://localhost:3000" },
      token: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const file = positionals[0];
  if (!file) throw new ReplayError(`missing the archive file\n${USAGE}`);
  const speed = Number(values.speed);
  if (!(speed > 0)) throw new ReplayError(`invalid --speed ${JSON.stringify(values.speed)}: expected a number above 0`);
  const url = values.to.replace(/\/+$/, "");

  const totals = { accepted: 0, duplicates: 0, deleted: 0, ignored: 0, rejected: 0, malformed: 0 };
  const started = Date.now();
  const tty = process.stdout.isTTY;
  let lastPrint = 0;
  let lastCounts = "";
  const print = (line: number, percent: number, force = false): void => {
    const counts =
      `line ${line} (${percent}%) · accepted ${totals.accepted} · duplicates ${totals.duplicates} · deleted ${totals.deleted}` +
      ` · ignored ${totals.ignored} · rejected ${totals.rejected + totals.malformed}`;
    if (force ? counts === lastCounts : Date.now() - lastPrint < (tty ? 200 : 5000)) return;
    lastPrint = Date.now();
    lastCounts = counts;
    const text = `${counts} · ${((Date.now() - started) / 1000).toFixed(1)} s`;
    process.stdout.write(tty ? `\r${text}\x1b[K` : `${text}\n`);
  };

  let line = 0;
  for await (const batch of replayBatches(file, { speed })) {
    line = batch.line;
    for (const bad of batch.malformed) {
      totals.malformed += 1;
      process.stderr.write(`${tty ? "\n" : ""}line ${bad.line}: ${bad.error}\n`);
    }
    if (batch.items.length > 0) {
      const result = await postBatch(url, values.token, batch.items);
      totals.accepted += result.accepted;
      totals.duplicates += result.duplicates;
      totals.deleted += result.deleted;
      totals.ignored += result.ignored;
      totals.rejected += result.rejected.length;
      for (const r of result.rejected) process.stderr.write(`${tty ? "\n" : ""}item near line ${batch.line}: ${r.error}\n`);
    }
    print(line, batch.totalBytes ? Math.round((100 * batch.bytesRead) / batch.totalBytes) : 100);
  }
  print(line, 100, true);
  process.stdout.write(tty ? "\ndone\n" : "done\n");
}

main().catch((err: unknown) => {
  process.stderr.write(`replay: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
