/**
 * `npm run replay -- <file> --speed 60 --to http://localhost:3000 --token <t>`: replays an NDJSON archive
 * into a running Pulse through `POST /api/ingest`, spaced by `createdAt` and `--speed`, showing progress.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import type { IngestResult } from "@pulse/shared";
import { invocationDir } from "../config.js";
import { replayBatches } from "../sources/replay-reader.js";

const USAGE =
  "usage: npm run replay -- <file.ndjson> [--speed 60] [--to http://localhost:3000] [--token <INGEST_TOKEN>] [--give-up-after 60]";

/** Longest wait for one answer: a node that takes the connection but never answers is given up on too. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Why the replay cannot go on; the message says what to change. */
class ReplayError extends Error {}

/** Where to send, with what, and how long to keep trying when the node cannot take a batch. */
interface Target {
  url: string;
  token: string | undefined;
  giveUpAfterMs: number;
}

/** Why a request failed to get an answer, in a few words (`ECONNREFUSED`, `timed out`), not "fetch failed". */
function networkProblem(err: unknown): string {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  if (error.name === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  return error.cause?.code ?? error.cause?.message ?? error.message;
}

/**
 * Posts one batch. Retries on 429, 503 and network errors, as the contract makes a retry safe, for at most
 * `giveUpAfterMs` from the first failure; then throws a `ReplayError` that names the URL.
 */
async function postBatch(target: Target, items: unknown[], log: (text: string) => void): Promise<IngestResult> {
  const endpoint = `${target.url}/api/ingest`;
  const body = items.map((item) => JSON.stringify(item)).join("\n");
  let failingSince: number | undefined;
  for (let attempt = 1; ; attempt++) {
    let problem: string;
    let wait: number;
    try {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (res.status === 202 || res.status === 400) return (await res.json()) as IngestResult;
      if (res.status !== 429 && res.status !== 503) {
        const text = await res.text();
        throw new ReplayError(`${endpoint} answered ${res.status}: ${text.slice(0, 300)}`);
      }
      problem = `answered ${res.status}`;
      wait = Number(res.headers.get("retry-after") ?? 5) * 1000;
    } catch (err) {
      if (err instanceof ReplayError) throw err;
      problem = `cannot be reached (${networkProblem(err)})`;
      wait = Math.min(250 * 2 ** (attempt - 1), 8_000);
    }
    failingSince ??= Date.now();
    const left = failingSince + target.giveUpAfterMs - Date.now();
    if (left <= 0) {
      throw new ReplayError(
        `gave up: ${endpoint} ${problem} for ${Math.round(target.giveUpAfterMs / 1000)} s. Is Pulse running there? ` +
          "--to sets its address, --give-up-after how long to keep trying",
      );
    }
    wait = Math.min(wait, left);
    log(`${endpoint} ${problem}; retrying the same batch in ${(wait / 1000).toFixed(1)} s`);
    await sleep(wait);
  }
}

/** The lines in a file, as the reader numbers them (a last line without a newline counts). */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) if (byte === 0x0a) lines += 1;
    last = chunk.at(-1) ?? last;
  }
  return last === 0x0a ? lines : lines + 1;
}

/** A number of seconds above 0, or a ReplayError naming the option. */
function seconds(option: string, value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new ReplayError(`invalid ${option} ${JSON.stringify(value)}: expected a number of seconds above 0`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      speed: { type: "string", default: "60" },
      to: { type: "string", default: "http://localhost:3000" },
      token: { type: "string" },
      "give-up-after": { type: "string", default: "60" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const typed = positionals[0];
  if (!typed) throw new ReplayError(`missing the archive file\n${USAGE}`);
  // npm runs the script from the project's folder; the path is the one typed, from where it was typed.
  const file = path.resolve(invocationDir(), typed);
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) throw new ReplayError(`cannot read ${file}: expected an NDJSON archive file`);
  const speed = Number(values.speed);
  if (!(speed > 0)) throw new ReplayError(`invalid --speed ${JSON.stringify(values.speed)}: expected a number above 0`);
  const url = values.to.replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) {
    throw new ReplayError(`invalid --to ${JSON.stringify(values.to)}: expected the node's address, such as http://localhost:3000`);
  }
  const target: Target = { url, token: values.token, giveUpAfterMs: seconds("--give-up-after", values["give-up-after"]) * 1000 };

  const totals = { accepted: 0, duplicates: 0, deleted: 0, ignored: 0, rejected: 0, malformed: 0 };
  const started = Date.now();
  const tty = process.stdout.isTTY;
  const totalLines = await countLines(file).catch(() => 0);
  let lastPrint = 0;
  let lastCounts = "";
  const print = (line: number, done = false): void => {
    // By lines sent, not bytes read (the reader reads ahead), and 100 % only once the last batch is in.
    const percent = done ? 100 : Math.min(99, totalLines > 0 ? Math.floor((100 * line) / totalLines) : 0);
    const counts =
      `line ${line} (${percent}%) · accepted ${totals.accepted} · duplicates ${totals.duplicates} · deleted ${totals.deleted}` +
      ` · ignored ${totals.ignored} · rejected ${totals.rejected + totals.malformed}`;
    if (done ? counts === lastCounts : Date.now() - lastPrint < (tty ? 200 : 5000)) return;
    lastPrint = Date.now();
    lastCounts = counts;
    const text = `${counts} · ${((Date.now() - started) / 1000).toFixed(1)} s`;
    process.stdout.write(tty ? `\r${text}\x1b[K` : `${text}\n`);
  };
  const log = (text: string) => process.stderr.write(`${tty ? "\n" : ""}${text}\n`);

  let line = 0;
  for await (const batch of replayBatches(file, { speed })) {
    line = batch.line;
    for (const bad of batch.malformed) {
      totals.malformed += 1;
      log(`line ${bad.line}: ${bad.error}`);
    }
    if (batch.items.length > 0) {
      const result = await postBatch(target, batch.items, log);
      totals.accepted += result.accepted;
      totals.duplicates += result.duplicates;
      totals.deleted += result.deleted;
      totals.ignored += result.ignored;
      totals.rejected += result.rejected.length;
      for (const r of result.rejected) log(`item near line ${batch.line}: ${r.error}`);
    }
    print(line);
  }
  print(line, true);
  process.stdout.write(tty ? "\ndone\n" : "done\n");
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${process.stdout.isTTY ? "\n" : ""}replay: ${message}\n`);
  process.exit(1);
});
