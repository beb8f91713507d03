import { Agent, request } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import type { ScheduledBatch } from "./sampled-clients.js";

/** How many batches a second the generator sends, whatever the rate. */
export const BATCHES_PER_SECOND = 20;
/** Requests allowed in flight before the generator calls it a backlog; open loop keeps sending regardless. */
const MAX_SOCKETS = 64;

/** What one open-loop step saw from the sending side. */
export interface LoadResult {
  scheduled: number;
  sent: number;
  accepted: number;
  failedRequests: number;
  /** The failed requests by HTTP status, or `error` when no answer came (a 503 is the store refusing: Redis stalled). */
  failedBy: Record<string, number>;
  /** Requests still unanswered when the step ended. */
  unanswered: number;
  maxInFlight: number;
  /** How late the generator sent its batches, worst and p99 (ms). */
  sendLateP99Ms: number;
  /**
   * From a batch's scheduled send time to its 202 answer (ms), p50 and p99 over accepted posts: the ingest part of
   * a post's latency (HTTP, the store, and any wait for the server's loop), the rest being the tick and the broadcast.
   */
  answeredP50Ms: number;
  answeredP99Ms: number;
  /** The generator's own event-loop delay p99 during the step (ms). */
  lagP99Ms: number;
  wallSeconds: number;
}

/** Where batches go: a campaign (`?campaign=`; none: the default one) and what tracks their latency there. */
export interface LoadTarget {
  campaign?: string;
  trackers: { addBatch(batch: ScheduledBatch): void };
}

/** A normalized post of the sweep's shape, whose id carries its scheduled send time: one word and 5,000 authors. */
export function benchPost(step: number, scheduledMs: number, n: number): Record<string, unknown> {
  const author = n % 5000;
  return {
    network: "other",
    id: `b${step}-${scheduledMs}-${n}`,
    createdAt: "2015-02-24T11:30:00.000Z",
    text: `Nous recrutons ! #VotreJob ${scheduledMs}`,
    author: { id: `bench-${author}`, handle: `bench${author}` },
    hashtags: ["votrejob"],
    mentions: [],
    urls: [],
    kind: "original",
  };
}

function post(step: number, scheduledMs: number, n: number): string {
  return JSON.stringify(benchPost(step, scheduledMs, n));
}

/**
 * Sends `rate` posts a second for `seconds` through `POST /api/ingest`, open loop: batch k leaves at
 * start + k / BATCHES_PER_SECOND whether or not earlier batches were answered, to `targets[k % targets.length]`
 * (so several campaigns share the rate). Waits `drainMs` at most for the answers afterwards.
 */
export async function runLoad(options: {
  url: string;
  token: string;
  step: number;
  rate: number;
  seconds: number;
  drainMs: number;
  targets: LoadTarget[];
}): Promise<LoadResult> {
  const { url, token, step, rate, seconds, targets } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  const ingestUrls = targets.map(({ campaign }) => {
    const target = new URL("/api/ingest", url);
    if (campaign !== undefined) target.searchParams.set("campaign", campaign);
    return target;
  });
  /** Posts sent so far to each target: a campaign's trackers count its own. */
  const perTarget = targets.map(() => 0);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const totalBatches = Math.max(1, Math.round(seconds * BATCHES_PER_SECOND));
  const lateness: number[] = [];
  /** Per accepted batch: ms from its scheduled send to its answer, and its posts (the weight in the percentiles). */
  const answered: { ms: number; posts: number }[] = [];
  let carried = 0;
  let sent = 0;
  let accepted = 0;
  let failedRequests = 0;
  const failedBy: Record<string, number> = {};
  const fail = (why: string): void => {
    failedRequests += 1;
    failedBy[why] = (failedBy[why] ?? 0) + 1;
  };
  let inFlight = 0;
  let maxInFlight = 0;
  let cumulative = 0;
  const started = Date.now() + 20;

  const send = (target: URL, body: string, size: number, due: number): void => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const req = request(
      target,
      { method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          inFlight -= 1;
          if (res.statusCode === 202) {
            const answer = JSON.parse(Buffer.concat(chunks).toString()) as { accepted?: number };
            accepted += answer.accepted ?? 0;
            answered.push({ ms: Date.now() - due, posts: size });
          } else fail(String(res.statusCode));
        });
      },
    );
    req.on("error", () => {
      inFlight -= 1;
      fail("error");
    });
    req.end(body);
    sent += size;
  };

  for (let k = 0; k < totalBatches; k += 1) {
    const due = started + Math.round((k * 1000) / BATCHES_PER_SECOND);
    const wait = due - Date.now();
    if (wait > 0) await delay(wait);
    lateness.push(Date.now() - due);
    // Spread fractional rates over batches so the total is exact.
    const exact = rate / BATCHES_PER_SECOND + carried;
    const size = Math.floor(exact);
    carried = exact - size;
    if (size === 0) continue;
    const lines: string[] = new Array<string>(size);
    for (let i = 0; i < size; i += 1) lines[i] = post(step, due, cumulative + i);
    cumulative += size;
    const t = k % targets.length;
    perTarget[t] = (perTarget[t] ?? 0) + size;
    targets[t]?.trackers.addBatch({ scheduledAt: due, size, cumulative: perTarget[t] ?? 0 });
    send(ingestUrls[t] as URL, `[${lines.join(",")}]`, size, due);
  }
  const drainUntil = Date.now() + options.drainMs;
  while (inFlight > 0 && Date.now() < drainUntil) await delay(20);
  lag.disable();
  agent.destroy();
  lateness.sort((a, b) => a - b);
  const answers = answeredPercentiles(answered);
  return {
    scheduled: cumulative,
    sent,
    accepted,
    failedRequests,
    // A copy: requests still unanswered fail later, when the agent is destroyed; they are counted as unanswered.
    failedBy: { ...failedBy },
    unanswered: inFlight,
    maxInFlight,
    sendLateP99Ms: lateness[Math.floor(lateness.length * 0.99)] ?? 0,
    answeredP50Ms: answers.p50Ms,
    answeredP99Ms: answers.p99Ms,
    lagP99Ms: lag.percentile(99) / 1e6,
    wallSeconds: (Date.now() - started) / 1000,
  };
}

/**
 * p50 and p99 of batches' answer times weighted by their posts (a batch of 50 counts as 50 posts, as post latency
 * does); NaN when no batch was answered.
 */
export function answeredPercentiles(batches: readonly { ms: number; posts: number }[]): { p50Ms: number; p99Ms: number } {
  const sorted = [...batches].sort((a, b) => a.ms - b.ms);
  const total = sorted.reduce((sum, b) => sum + b.posts, 0);
  const at = (p: number): number => {
    const rank = Math.max(1, Math.ceil((p / 100) * total));
    let seen = 0;
    for (const b of sorted) {
      seen += b.posts;
      if (seen >= rank) return b.ms;
    }
    return Number.NaN;
  };
  return total === 0 ? { p50Ms: Number.NaN, p99Ms: Number.NaN } : { p50Ms: at(50), p99Ms: at(99) };
}
