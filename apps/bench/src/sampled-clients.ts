import hdr from "hdr-histogram-js";
import { io, type Socket } from "socket.io-client";
import type { LoadTarget } from "./load.js";

/** An HDR histogram of milliseconds, 1 ms to 10 min at 3 significant digits. */
export type Histogram = ReturnType<typeof hdr.build>;

/** A fresh latency histogram. */
export function latencyHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000, numberOfSignificantValueDigits: 3 });
}

/** Reads the scheduled send time that the load generator wrote into a post id: `b<step>-<ms>-<n>`. */
export function scheduledAt(id: unknown): number | undefined {
  if (typeof id !== "string" || !id.startsWith("b")) return undefined;
  const ms = Number(id.split("-")[1]);
  return Number.isFinite(ms) ? ms : undefined;
}

/** One ingest batch as the latency trackers see it: `cumulative` posts once it is counted. */
export interface ScheduledBatch {
  scheduledAt: number;
  size: number;
  cumulative: number;
}

interface Sampled {
  socket: Socket;
  /** totals.posts as this client knows it. */
  total: number;
  base: number;
  /** Index of the first batch this client has not yet seen counted. */
  next: number;
}

/** What a step reads its latency from: the sampled clients of one campaign, or of several. */
export interface LatencyTrackers {
  /** "Counted" latency of the step's posts (see `SampledClients`). */
  readonly counted: Histogram;
  /** "Visible" latency. */
  readonly visible: Histogram;
  /** How many sampled clients. */
  readonly size: number;
  /** Where the load goes, each target with its trackers. */
  targets(): LoadTarget[];
  startStep(): void;
  countedPosts(): number;
  recordMissing(sent: number, now: number): void;
  close(): void;
}

/**
 * A few full socket.io-client clients that measure latency. For Pulse, a post is counted by the first delta
 * whose `totals.posts` reaches the post's batch ("counted" latency, every post), and shown by the delta that
 * carries it in `posts` ("visible" latency, at most 50 posts a delta). For the naive server every `post` event
 * carries one post.
 */
export class SampledClients implements LatencyTrackers {
  readonly counted = latencyHistogram();
  readonly visible = latencyHistogram();
  private clients: Sampled[] = [];
  private batches: ScheduledBatch[] = [];
  bytes = 0;
  received = 0;

  /** `campaign`: the Pulse campaign the clients follow and the load goes to (none: the default one). */
  constructor(
    private readonly mode: "pulse" | "naive",
    private readonly campaign?: string,
  ) {}

  get size(): number {
    return this.clients.length;
  }

  targets(): LoadTarget[] {
    return [{ ...(this.campaign === undefined ? {} : { campaign: this.campaign }), trackers: this }];
  }

  /** Connects `count` clients and waits for each to be ready. */
  async connect(url: string, count: number): Promise<void> {
    const auth = this.campaign === undefined ? {} : { auth: { campaign: this.campaign } };
    await Promise.all(
      Array.from({ length: count }, () => {
        const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, ...auth });
        const client: Sampled = { socket, total: 0, base: 0, next: 0 };
        this.clients.push(client);
        return new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("a sampled client did not connect within 15 s")), 15_000);
          const ready = (): void => {
            clearTimeout(timer);
            resolve();
          };
          if (this.mode === "pulse") {
            socket.once("snapshot", (s: { totals: { posts: number } }) => {
              client.total = s.totals.posts;
              ready();
            });
            socket.on("delta", (d: { totals?: { posts?: number }; posts?: { id: string }[] }) => this.onDelta(client, d));
          } else {
            socket.once("connect", ready);
            socket.on("post", (p: { id: string }) => this.onPost(p));
          }
        });
      }),
    );
  }

  /** Starts a step: clears the histograms and counts from the current totals. */
  startStep(): void {
    this.counted.reset();
    this.visible.reset();
    this.batches = [];
    this.received = 0;
    for (const c of this.clients) {
      c.base = c.total;
      c.next = 0;
    }
  }

  /** Tells the trackers about a batch just sent (in schedule order). */
  addBatch(batch: ScheduledBatch): void {
    this.batches.push(batch);
  }

  private onDelta(client: Sampled, delta: { totals?: { posts?: number }; posts?: { id: string }[] }): void {
    const now = Date.now();
    if (typeof delta.totals?.posts === "number") client.total = delta.totals.posts;
    const reached = client.total - client.base;
    while (client.next < this.batches.length) {
      const batch = this.batches[client.next];
      if (!batch || batch.cumulative > reached) break;
      this.counted.recordValueWithCount(Math.max(1, now - batch.scheduledAt), batch.size);
      client.next += 1;
    }
    for (const post of delta.posts ?? []) {
      const at = scheduledAt(post.id);
      if (at !== undefined) this.visible.recordValue(Math.max(1, now - at));
    }
  }

  private onPost(post: { id: string }): void {
    const at = scheduledAt(post.id);
    if (at === undefined) return;
    const latency = Math.max(1, Date.now() - at);
    this.counted.recordValue(latency);
    this.visible.recordValue(latency);
    this.received += 1;
  }

  /** Posts every client has seen counted (Pulse) or received (naive, summed over clients). */
  countedPosts(): number {
    if (this.mode === "naive") return Math.floor(this.received / Math.max(1, this.clients.length));
    return Math.min(...this.clients.map((c) => c.total - c.base));
  }

  /** Records the posts not yet counted at `now` as lower bounds, so a backlog shows in the percentiles. */
  recordMissing(sent: number, now: number): void {
    if (this.mode === "pulse") {
      for (const c of this.clients) {
        for (let i = c.next; i < this.batches.length; i += 1) {
          const batch = this.batches[i];
          if (batch) this.counted.recordValueWithCount(Math.max(1, now - batch.scheduledAt), batch.size);
        }
      }
      return;
    }
    const missing = sent * this.clients.length - this.received;
    const last = this.batches.at(-1);
    if (missing > 0 && last) this.counted.recordValueWithCount(Math.max(1, now - last.scheduledAt), missing);
  }

  /** Disconnects every sampled client. */
  close(): void {
    for (const c of this.clients) c.socket.disconnect();
    this.clients = [];
  }
}

/**
 * The sampled clients of several campaigns, one `SampledClients` each, read as one: the load is spread over the
 * campaigns (batch k to campaign k mod n), each campaign's clients time its own batches, and the histograms add up.
 */
export class CampaignsSampledClients implements LatencyTrackers {
  private readonly each: SampledClients[];

  constructor(campaigns: readonly string[]) {
    this.each = campaigns.map((id) => new SampledClients("pulse", id));
  }

  get size(): number {
    return this.each.reduce((n, c) => n + c.size, 0);
  }

  get counted(): Histogram {
    return this.merged((c) => c.counted);
  }

  get visible(): Histogram {
    return this.merged((c) => c.visible);
  }

  /** Connects `perCampaign` clients to each campaign. */
  async connect(url: string, perCampaign: number): Promise<void> {
    await Promise.all(this.each.map((c) => c.connect(url, perCampaign)));
  }

  targets(): LoadTarget[] {
    return this.each.flatMap((c) => c.targets());
  }

  startStep(): void {
    for (const c of this.each) c.startStep();
  }

  countedPosts(): number {
    return this.each.reduce((n, c) => n + c.countedPosts(), 0);
  }

  recordMissing(sent: number, now: number): void {
    for (const c of this.each) c.recordMissing(sent, now);
  }

  close(): void {
    for (const c of this.each) c.close();
  }

  private merged(pick: (c: SampledClients) => Histogram): Histogram {
    const all = latencyHistogram();
    for (const c of this.each) all.add(pick(c));
    return all;
  }
}
