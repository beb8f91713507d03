/**
 * The live feed's pace: a token bucket that decides which visible posts come on screen when a flood arrives.
 * The embedded store keeps one in `AggregateState.feed`; the Redis store's scripts run the same bucket.
 */

/**
 * How many posts the live feed takes at once before its pace applies: a test batch, a backfill or a source
 * that reconnects shows whole, as long as it is no bigger than this.
 */
export const FEED_BURST = 200;

/**
 * The live feed's pace, a token bucket: at most `perSecond` posts a second come on screen once a burst of
 * `FEED_BURST` is spent. Screens cannot show a flood anyway, and every client would receive every post shown.
 */
export interface FeedPace {
  perSecond: number;
  /** Places left in the bucket. */
  tokens: number;
  /** When the bucket was last refilled (epoch ms). */
  at: number;
  /** How many of the current batch's first candidates to pass over, so its newest get the places (`reserveFeedPlaces`). */
  skip: number;
}

/** A full feed bucket for `perSecond` posts a second, starting `now`. */
export function createFeedPace(perSecond: number, now = Date.now()): FeedPace {
  return { perSecond, tokens: FEED_BURST, at: now, skip: 0 };
}

function refillFeed(pace: FeedPace, now: number): void {
  pace.tokens = Math.min(FEED_BURST, pace.tokens + (Math.max(0, now - pace.at) * pace.perSecond) / 1000);
  pace.at = now;
}

/**
 * Gives a batch's places in the feed to its newest posts: of the `candidates` new posts that would come on screen
 * (in arrival order), the oldest beyond the places left are passed over. Call before applying the batch, so a
 * batch bigger than the places left still shows its newest post, as `recent` (newest first) should.
 */
export function reserveFeedPlaces(pace: FeedPace, candidates: number, now: number): void {
  refillFeed(pace, now);
  pace.skip = Math.max(0, candidates - Math.floor(pace.tokens));
}

/** Takes one place in the feed after refilling for the time passed; false when the feed is at its pace. */
export function takeFeedPlace(pace: FeedPace, now: number): boolean {
  refillFeed(pace, now);
  if (pace.skip > 0) {
    pace.skip -= 1;
    return false;
  }
  if (pace.tokens < 1) return false;
  pace.tokens -= 1;
  return true;
}
