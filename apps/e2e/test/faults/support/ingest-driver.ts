/**
 * Drives `POST /api/ingest` as a careful producer would: batches of distinct posts, each batch retried (on the
 * next node in the list) after a 503 or a network error until one node answers 202. It records every answer,
 * so a test can check that a fault only ever produced 503s with `Retry-After` and never a half-counted batch.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { IngestResult } from "@pulse/shared";

/** A normalized post as the driver sends it. */
export interface DriverPost {
  network: "other";
  id: string;
  createdAt: string;
  text: string;
  author: { id: string; handle: string };
  country?: string;
  hashtags: string[];
  mentions: string[];
  urls: string[];
  kind: "original";
}

/**
 * Countries the generated posts cycle through. `undefined` sends no country and no campaign hashtag (whose
 * country would win), so that post lands in `"unknown"`.
 */
const COUNTRIES = ["FR", "BE", "DE", "ES", undefined] as const;
/** Minutes the generated posts spread over, so the timeline has several buckets. */
const MINUTES = 4;
const DAY = Date.parse("2015-02-24T12:00:00Z");

/**
 * Post `i` of a run: its country and minute follow from `i`, so the recount is known without asking the server.
 * `textBytes` pads the text, to make deltas heavy.
 */
export function makePost(runId: string, i: number, textBytes = 0): DriverPost {
  const country = COUNTRIES[i % COUNTRIES.length];
  return {
    network: "other",
    id: `${runId}-${i}`,
    createdAt: new Date(DAY + (i % MINUTES) * 60_000 + (i % 59) * 1000).toISOString(),
    text: `Nous recrutons ${country ? "#VotreJob" : "#faulttest"} ${i} ${"x".repeat(textBytes)}`,
    author: { id: `${runId}-author-${i % 13}`, handle: `author${i % 13}` },
    ...(country ? { country } : {}),
    hashtags: [country ? "VotreJob" : "faulttest"],
    mentions: [],
    urls: [],
    kind: "original",
  };
}

/** Everything the driver saw. */
export interface DriverStats {
  /** Batches a node answered 202 for. */
  batchesAccepted: number;
  /** 503 answers, and how many of them lacked `Retry-After`. */
  unavailable: number;
  unavailableWithoutRetryAfter: number;
  /** Answers other than 202 and 503, by status, with a body sample: each one is a defect. */
  unexpected: { status: number; body: string }[];
  /** Requests that got no answer: refused, reset or timed out, with the error's code or message. */
  networkErrors: string[];
  /**
   * Batches whose 202 counted some of its posts as duplicates but not all: an earlier attempt counted part of the
   * batch. A store batch is all or nothing, so this must stay 0 whatever the fault.
   */
  halfCounted: number;
  /**
   * Batches found already counted (all duplicates) although every earlier attempt was answered 503: a 503 whose
   * batch was applied after all, such as the one in flight when Redis crashed.
   */
  countedDespite503: number;
  /** Sums over the 202 answers. */
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** One request the driver made. */
export interface Attempt {
  url: string;
  /** `Date.now()` when it was sent and when it ended. */
  startedAt: number;
  endedAt: number;
  /** The HTTP status, or the network error's code. */
  outcome: number | string;
}

/** Options of an ingest driver. */
export interface IngestDriverOptions {
  /** The nodes to send to, read before every attempt (a test may change the list). */
  urls: () => string[];
  token: string;
  runId: string;
  batchSize: number;
  /** Padding of each post's text, in bytes. */
  textBytes?: number;
  /** Pause between two accepted batches; 0 sends the next at once. */
  pauseMs?: number;
  /** Pause before a retry. Shorter than the server's `Retry-After` on purpose, to keep the suite short. */
  retryDelayMs?: number;
  /** How long one request may take before it counts as a network error. */
  requestTimeoutMs?: number;
  /** The driver gives up (and its run rejects) when one batch is still not accepted after this long. */
  batchDeadlineMs?: number;
}

/** See the module comment. Runs one batch at a time. */
export class IngestDriver {
  readonly stats: DriverStats = {
    batchesAccepted: 0,
    unavailable: 0,
    unavailableWithoutRetryAfter: 0,
    unexpected: [],
    networkErrors: [],
    halfCounted: 0,
    countedDespite503: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
  };
  /** Every post of every batch a node answered 202 for: the recount. */
  readonly posts: DriverPost[] = [];
  /** Every request, in order. */
  readonly attempts: Attempt[] = [];
  private next = 0;
  private attempt = 0;
  private stopping = false;
  private running: Promise<void> | undefined;

  constructor(private readonly options: IngestDriverOptions) {}

  /** Sends `batches` batches, one after another, and resolves when every one was accepted. */
  run(batches: number): Promise<void> {
    this.running = (async () => {
      for (let b = 0; b < batches && !this.stopping; b++) {
        await this.sendBatch();
        if (this.options.pauseMs) await delay(this.options.pauseMs);
      }
    })();
    return this.running;
  }

  /** Starts sending batches until `stop()`. */
  start(maxBatches = 10_000): void {
    void this.run(maxBatches).catch(() => {});
  }

  /** Lets the batch in flight finish (it is retried until accepted), sends no more and resolves when done. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Accepted batches so far. */
  get batches(): number {
    return this.stats.batchesAccepted;
  }

  /** Sends the next batch until a node accepts it. */
  async sendBatch(): Promise<IngestResult> {
    const { batchSize, runId, textBytes = 0 } = this.options;
    const batch = Array.from({ length: batchSize }, (_, k) => makePost(runId, this.next + k, textBytes));
    this.next += batchSize;
    const body = JSON.stringify(batch);
    const deadline = Date.now() + (this.options.batchDeadlineMs ?? 30_000);
    // True while every failed attempt of this batch was a 503.
    let onlyRefused = true;
    for (;;) {
      const urls = this.options.urls();
      const url = urls[this.attempt % urls.length];
      this.attempt += 1;
      const startedAt = Date.now();
      const answer = await this.post(`${url}/api/ingest`, body);
      this.attempts.push({ url: url ?? "", startedAt, endedAt: Date.now(), outcome: answer.kind === "answer" ? answer.status : answer.error });
      if (answer.kind === "answer" && answer.status === 202) {
        const result = answer.body as IngestResult;
        this.stats.batchesAccepted += 1;
        this.stats.accepted += result.accepted;
        this.stats.duplicates += result.duplicates;
        this.stats.rejected += result.rejected.length;
        if (result.duplicates > 0 && result.duplicates < batch.length) this.stats.halfCounted += 1;
        if (onlyRefused && result.duplicates === batch.length) this.stats.countedDespite503 += 1;
        this.posts.push(...batch);
        return result;
      }
      if (answer.kind === "answer" && answer.status === 503) {
        this.stats.unavailable += 1;
        if (!answer.retryAfter) this.stats.unavailableWithoutRetryAfter += 1;
      } else if (answer.kind === "answer") {
        this.stats.unexpected.push({ status: answer.status, body: JSON.stringify(answer.body).slice(0, 300) });
        onlyRefused = false;
      } else {
        this.stats.networkErrors.push(answer.error);
        onlyRefused = false;
      }
      if (Date.now() > deadline) {
        throw new Error(`batch not accepted within ${this.options.batchDeadlineMs ?? 30_000} ms; stats: ${JSON.stringify(this.stats)}`);
      }
      await delay(this.options.retryDelayMs ?? 100);
    }
  }

  private async post(
    url: string,
    body: string,
  ): Promise<{ kind: "answer"; status: number; retryAfter: string | null; body: unknown } | { kind: "error"; error: string }> {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.options.token}` },
        body,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 5000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Kept as text for the report.
      }
      return { kind: "answer", status: res.status, retryAfter: res.headers.get("retry-after"), body: parsed };
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      return { kind: "error", error: cause?.code ?? cause?.message ?? (err as Error).name ?? String(err) };
    }
  }
}
