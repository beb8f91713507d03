/**
 * The write floor's latency for a post, from what `write-floor` measured, so that it compares like with like with
 * Pulse's many-clients p99 (see docs/performance.md, "The many-clients step against the write floor").
 *
 * Pulse's p99 is over posts × sampled clients: from a post's scheduled send time to the moment a sampled client
 * (connected last, so served last in each broadcast) has the delta that counts it. Its floor is what a post would
 * cost if nothing but the tick and the socket writes cost anything: posts arrive evenly in time, each waits for the
 * next round (the tick), and reaches each sampled client when that round's write reaches it.
 */

/** One round of the floor: when it started (ms, wall clock) and when each sampled client had its frame. */
export interface FloorRound {
  startMs: number;
  /** Per sampled client: ms from the round's start to the moment that client had read the whole frame. */
  deliveryMs: number[];
}

/** Nearest-rank percentile (`p` in 0..100) of ascending `sorted`; NaN when empty. */
export function percentileOf(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/**
 * Latency percentiles of posts arriving evenly over the rounds' span (one every `stepMs`, from the first round's
 * start to the last's), each carried by the first round that starts after it, measured at every sampled client:
 * (round start − arrival) + that client's delivery time in that round. The rounds' real start times are used, so a
 * round that started late (a busy loop) lengthens the wait of the posts before it, as Pulse's late ticks do.
 */
export function floorPostLatency(rounds: readonly FloorRound[], stepMs = 0.25): { p50Ms: number; p99Ms: number; posts: number } {
  const ordered = [...rounds].sort((a, b) => a.startMs - b.startMs);
  const latencies: number[] = [];
  let next = 1;
  const first = ordered[0];
  const last = ordered.at(-1);
  if (!first || !last || ordered.length < 2) return { p50Ms: Number.NaN, p99Ms: Number.NaN, posts: 0 };
  let posts = 0;
  for (let t = first.startMs + stepMs / 2; t < last.startMs; t += stepMs) {
    while ((ordered[next]?.startMs ?? Infinity) <= t) next += 1;
    const round = ordered[next];
    if (!round) break;
    posts += 1;
    const wait = round.startMs - t;
    for (const delivery of round.deliveryMs) latencies.push(wait + delivery);
  }
  latencies.sort((a, b) => a - b);
  return { p50Ms: percentileOf(latencies, 50), p99Ms: percentileOf(latencies, 99), posts };
}
