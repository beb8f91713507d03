import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { normalizeItems } from "@pulse/shared";

/** One batch of raw items that are due, with where the reader stands in the file. */
export interface ReplayBatch {
  items: unknown[];
  /** 1-based number of the last line read. */
  line: number;
  bytesRead: number;
  totalBytes: number;
  /** Lines that were not JSON, with their 1-based line number and the problem. */
  malformed: { line: number; error: string }[];
  /**
   * The replay's schedule, once a post was read: the first post's `createdAt` (epoch ms) was played at `realAt`
   * (`performance.now()`), and the replayed time runs `speed` times faster from there.
   */
  schedule?: { at: number; realAt: number };
  /** The latest `createdAt` (epoch ms) of the posts read so far, if any: where the replayed clock stops at the end. */
  lastPostAt?: number;
}

/** Options of `replayBatches`. */
export interface ReplayReaderOptions {
  /** Simulated seconds per real second. */
  speed: number;
  /** Largest batch handed over at once. */
  maxBatch?: number;
  signal?: AbortSignal;
}

/** The `createdAt` of the first post an item holds, in epoch ms, if it holds one. */
function postTime(item: unknown): number | undefined {
  for (const result of normalizeItems(item)) {
    if (result.type === "post") return Date.parse(result.post.createdAt);
  }
  return undefined;
}

/**
 * Reads an NDJSON archive in any format ingest takes and yields batches as they fall due: the first post at
 * once, each later one when `(createdAt − first createdAt) / speed` has passed. Items without a time (deletes,
 * stream notices) go with the post before them. The file is streamed, never read whole.
 */
export async function* replayBatches(file: string, options: ReplayReaderOptions): AsyncGenerator<ReplayBatch> {
  const totalBytes = (await stat(file)).size;
  const maxBatch = options.maxBatch ?? 500;
  const input = createReadStream(file);
  let bytesRead = 0;
  input.on("data", (chunk) => (bytesRead += chunk.length));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let firstPostAt: number | undefined;
  let lastPostAt: number | undefined;
  const startedAt = performance.now();
  let batch: ReplayBatch = { items: [], line: 0, bytesRead: 0, totalBytes, malformed: [] };
  let line = 0;
  const take = (): ReplayBatch => {
    const out = {
      ...batch,
      line,
      bytesRead,
      ...(firstPostAt === undefined ? {} : { schedule: { at: firstPostAt, realAt: startedAt } }),
      ...(lastPostAt === undefined ? {} : { lastPostAt }),
    };
    batch = { items: [], line, bytesRead, totalBytes, malformed: [] };
    return out;
  };
  try {
    for await (const raw of lines) {
      line += 1;
      if (options.signal?.aborted) return;
      const text = raw.trim();
      if (text === "") continue;
      let item: unknown;
      try {
        item = JSON.parse(text);
      } catch (err) {
        batch.malformed.push({ line, error: `line is not valid JSON (${(err as Error).message})` });
        continue;
      }
      const at = postTime(item);
      if (at !== undefined && !Number.isNaN(at)) {
        firstPostAt ??= at;
        lastPostAt = Math.max(lastPostAt ?? at, at);
        const dueIn = startedAt + (at - firstPostAt) / options.speed - performance.now();
        if (dueIn > 1) {
          if (batch.items.length > 0 || batch.malformed.length > 0) yield take();
          await sleep(dueIn, undefined, { signal: options.signal }).catch(() => undefined);
          if (options.signal?.aborted) return;
        }
      }
      batch.items.push(item);
      if (batch.items.length >= maxBatch) yield take();
    }
    if (batch.items.length > 0 || batch.malformed.length > 0 || line === 0) yield take();
  } finally {
    lines.close();
    input.destroy();
  }
}
