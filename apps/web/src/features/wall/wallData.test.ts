import { postKey, RECENT_LIMIT, type Post, type TimelinePoint } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import {
  advanceHighlight,
  countriesReached,
  feedBeside,
  goalProgress,
  HIGHLIGHT_MEMORY,
  mosaicGrid,
  NO_HIGHLIGHT,
  pickHighlight,
  settleHighlight,
  WALL_FEED_POSTS,
  WALL_TIMELINE_MAX_MINUTES,
  WALL_TIMELINE_MAX_POINTS,
  WALL_PHOTOS,
  wallPhotos,
  wallTimeline,
  type HighlightState,
} from "./wallData";
import { wallTestPost } from "./wallTestPost";

const MINUTE = 60_000;

const post = wallTestPost;

/** Posts `from`..`to` (inclusive), newest first, as `recent` holds them. */
function recentOf(from: number, to: number): Post[] {
  const out: Post[] = [];
  for (let i = to; i >= from; i -= 1) out.push(post(i));
  return out;
}

describe("goalProgress", () => {
  const snapshot = { totals: { posts: 500, authors: 1, originals: 500, retweets: 0, replies: 0, quotes: 0 }, byCountry: { FR: 300, DE: 200 } };

  it("is null without a goal", () => {
    expect(goalProgress(undefined, snapshot)).toBeNull();
  });

  it("counts the goal's country when it names one", () => {
    expect(goalProgress({ posts: 1_000, country: "FR", label: "#VotreJob" }, snapshot)).toEqual({
      value: 300,
      target: 1_000,
      ratio: 0.3,
      reached: false,
      country: "FR",
      label: "#VotreJob",
    });
    expect(goalProgress({ posts: 1_000, country: "IT" }, snapshot)?.value).toBe(0);
  });

  it("counts every post when the goal names no country", () => {
    expect(goalProgress({ posts: 2_000 }, snapshot)).toMatchObject({ value: 500, ratio: 0.25, reached: false });
  });

  it("caps the bar at full once the goal is passed, and says it is reached", () => {
    expect(goalProgress({ posts: 400 }, snapshot)).toMatchObject({ value: 500, ratio: 1, reached: true });
    expect(goalProgress({ posts: 500 }, snapshot)).toMatchObject({ ratio: 1, reached: true });
  });

  it("starts at 0 before the first snapshot", () => {
    expect(goalProgress({ posts: 10 }, null)).toMatchObject({ value: 0, ratio: 0, reached: false });
  });
});

describe("wallTimeline: a bounded window", () => {
  const campaign = { start: "2015-02-24T00:00:00+01:00", end: "2015-02-25T00:00:00+01:00" };
  const start = Date.parse(campaign.start);

  it("draws a whole campaign day as at most 300 points aligned on the day, over the whole day's axis", () => {
    const timeline: TimelinePoint[] = Array.from({ length: 24 * 60 }, (_, i) => ({ t: start + i * MINUTE, posts: i % 7 }));
    const drawn = wallTimeline(timeline, campaign)!;
    expect(drawn.stepMinutes).toBe(5);
    expect(drawn.points).toHaveLength(288);
    expect(drawn.points.length).toBeLessThanOrEqual(WALL_TIMELINE_MAX_POINTS);
    expect(drawn.domain).toEqual([start, Date.parse(campaign.end)]);
    expect(drawn.points[0]).toEqual({ t: start, posts: (0 + 1 + 2 + 3 + 4) / 5 });
    expect(drawn.points.every((p) => (p.t - start) % (5 * MINUTE) === 0)).toBe(true);
    // The curve's highest point (2+3+4+5+6)/5, not the busiest minute (6), which no point of the chart shows.
    expect(drawn.peak?.posts).toBe(4);
  });

  it("keeps a partly elapsed day on the day's axis, without shifting its points as minutes pass", () => {
    const morning: TimelinePoint[] = [
      { t: start + 8 * 60 * MINUTE, posts: 4 },
      { t: start + 8 * 60 * MINUTE + 7 * MINUTE, posts: 2 },
    ];
    const drawn = wallTimeline(morning, campaign)!;
    expect(drawn.domain).toEqual([start, Date.parse(campaign.end)]);
    // 08:00–08:04 averages 4 over 5 minutes, 08:05–08:07 averages the 2 over the 3 minutes seen.
    expect(drawn.points).toEqual([
      { t: start + 8 * 60 * MINUTE, posts: 4 / 5 },
      { t: start + 8 * 60 * MINUTE + 5 * MINUTE, posts: 2 / 3 },
    ]);
    const later = wallTimeline([...morning, { t: start + 8 * 60 * MINUTE + 9 * MINUTE, posts: 1 }], campaign)!;
    expect(later.points[0]).toEqual(drawn.points[0]);
  });

  it("never draws more than a day of minutes, however long the data runs", () => {
    const threeDays: TimelinePoint[] = Array.from({ length: 3 * 24 * 60 }, (_, i) => ({ t: i * MINUTE, posts: 1 }));
    const drawn = wallTimeline(threeDays, campaign)!;
    expect(drawn.points.length).toBeLessThanOrEqual(WALL_TIMELINE_MAX_POINTS);
    const spanned = drawn.domain[1] - drawn.domain[0];
    expect(spanned).toBeLessThanOrEqual(WALL_TIMELINE_MAX_MINUTES * MINUTE);
    expect(drawn.domain[1]).toBe((3 * 24 * 60 - 1) * MINUTE + MINUTE);
  });

  it("falls back to the data's own span outside the campaign day, and is null with no data", () => {
    const drawn = wallTimeline([{ t: 10 * MINUTE, posts: 3 }, { t: 12 * MINUTE, posts: 1 }], campaign)!;
    expect(drawn.stepMinutes).toBe(1);
    expect(drawn.points).toEqual([
      { t: 10 * MINUTE, posts: 3 },
      { t: 11 * MINUTE, posts: 0 },
      { t: 12 * MINUTE, posts: 1 },
    ]);
    expect(drawn.domain).toEqual([10 * MINUTE, 13 * MINUTE]);
    expect(wallTimeline([], campaign)).toBeNull();
  });

  it("gives the peak the chart draws: the highest averaged point, at its span's start, not the busiest minute", () => {
    // One busy minute (50 posts at 10:02) in a day drawn in 5-minute points: the curve peaks at 10 at 10:00.
    const spike = [
      { t: start + 10 * 60 * MINUTE, posts: 0 },
      { t: start + 10 * 60 * MINUTE + 2 * MINUTE, posts: 50 },
      { t: start + 10 * 60 * MINUTE + 7 * MINUTE, posts: 4 },
      { t: start + 10 * 60 * MINUTE + 20 * MINUTE, posts: 1 },
    ];
    const drawn = wallTimeline(spike, campaign)!;
    expect(drawn.stepMinutes).toBe(5);
    expect(drawn.peak).toEqual({ t: start + 10 * 60 * MINUTE, posts: 10 });
    expect(drawn.peak!.posts).toBe(Math.max(...drawn.points.map((p) => p.posts)));
    expect(drawn.points).toContainEqual(drawn.peak);
    // Per-minute points: the peak is the busiest minute itself.
    expect(wallTimeline(spike, null)!.peak).toEqual({ t: start + 10 * 60 * MINUTE + 2 * MINUTE, posts: 50 });
  });

  it("chooses a round step from the span it draws", () => {
    const campaign10h = { start: "2015-02-24T08:00:00+01:00", end: "2015-02-24T18:00:00+01:00" };
    const morning = [{ t: Date.parse(campaign10h.start), posts: 2 }];
    // 600 minutes of campaign fit 300 points two minutes each; a lone minute outside it needs no averaging.
    expect(wallTimeline(morning, campaign10h)!.stepMinutes).toBe(2);
    expect(wallTimeline(morning, null)!.stepMinutes).toBe(1);
    expect(wallTimeline(morning, campaign10h, 100)!.stepMinutes).toBe(10);
  });

  it("labels the axis on round hours from the day's start", () => {
    const { ticks } = wallTimeline([{ t: start + 9 * 60 * MINUTE, posts: 1 }], campaign)!;
    expect(ticks).toHaveLength(9);
    expect(ticks[1]! - ticks[0]!).toBe(3 * 60 * MINUTE);
    expect(ticks[0]).toBe(start);
    expect(ticks.at(-1)).toBe(Date.parse(campaign.end));
  });

  it("labels a span outside the campaign on the UTC clock", () => {
    // 00:07 to 01:51 UTC: the axis runs from 00:07 to 01:52, labelled every 15 minutes from 00:15.
    const drawn = wallTimeline([{ t: 7 * MINUTE, posts: 1 }, { t: 111 * MINUTE, posts: 1 }], null)!;
    expect(drawn.domain).toEqual([7 * MINUTE, 112 * MINUTE]);
    expect(drawn.ticks.map((t) => t / MINUTE)).toEqual([15, 30, 45, 60, 75, 90, 105]);
  });
});

describe("the highlighted post", () => {
  it("prefers the newest worded post, skipping reshares and posts shown lately", () => {
    const recent = [post(3, { kind: "retweet" }), post(2), post(1)];
    expect(pickHighlight(recent, [])?.id).toBe("2");
    expect(pickHighlight(recent, ["x:2"])?.id).toBe("1");
    expect(pickHighlight(recent, ["x:2", "x:1"])?.id).toBe("3");
    expect(pickHighlight(recent, ["x:1", "x:2", "x:3"])?.id).toBe("2");
    expect(pickHighlight([], [])).toBeNull();
  });

  it("shows only pinned posts while there are any, the one shown longest ago next", () => {
    const pinned = [post(900, { text: "Pinned by staff" })];
    expect(pickHighlight(recentOf(1, 5), [], pinned)?.id).toBe("900");
    // A pin shown lately still comes back: it stays until it is unpinned.
    expect(pickHighlight(recentOf(1, 5), ["x:900"], pinned)?.id).toBe("900");
    const pins = [post(903), post(902), post(901)];
    expect(pickHighlight(recentOf(1, 5), ["x:903"], pins)?.id).toBe("902");
    expect(pickHighlight(recentOf(1, 5), ["x:902", "x:901", "x:903"], pins)?.id).toBe("902");
  });

  it("rotates through recent posts without repeating one lately shown", () => {
    const recent = recentOf(1, 20);
    let state = settleHighlight(NO_HIGHLIGHT, recent);
    const seen = [state.post?.id];
    for (let i = 0; i < HIGHLIGHT_MEMORY; i += 1) {
      state = advanceHighlight(state, recent);
      seen.push(state.post?.id);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(state.shown.length).toBeLessThanOrEqual(HIGHLIGHT_MEMORY);
  });

  it("stays put while newer posts arrive", () => {
    const recent = recentOf(1, 20);
    const first = settleHighlight(NO_HIGHLIGHT, recent);
    expect(first.post?.id).toBe("20");
    expect(settleHighlight(first, recent)).toBe(first);
    expect(settleHighlight(first, recentOf(5, 30)).post?.id).toBe("20");
  });

  it("stays its full time once newer posts push it out of a full recent list", () => {
    const full = recentOf(1, RECENT_LIMIT);
    const state = settleHighlight(NO_HIGHLIGHT, full);
    const pushed = recentOf(RECENT_LIMIT + 1, 2 * RECENT_LIMIT);
    expect(settleHighlight(state, pushed)).toBe(state);
  });

  it("goes at once when it is taken off screen while older posts stay", () => {
    const full = recentOf(1, RECENT_LIMIT);
    const state = settleHighlight(NO_HIGHLIGHT, full);
    const hidden = full.filter((p) => p.id !== state.post?.id);
    const next = settleHighlight(state, hidden);
    expect(next.post).not.toBeNull();
    expect(next.post?.id).not.toBe(state.post?.id);
    // With a short list nothing is ever pushed out, so a missing post was taken off screen.
    const short = settleHighlight(NO_HIGHLIGHT, recentOf(1, 3));
    expect(settleHighlight(short, recentOf(1, 2)).post?.id).toBe("2");
  });

  it("puts a post at once when staff pin it, without waiting for the rotation", () => {
    const state = settleHighlight(NO_HIGHLIGHT, recentOf(1, 5));
    expect(state.post?.id).toBe("5");
    const pinned = [post(900)];
    expect(settleHighlight(state, recentOf(1, 5), pinned).post?.id).toBe("900");
  });

  it("goes at once when a pinned post is unpinned and hidden", () => {
    const pinned = [post(900)];
    const state = settleHighlight(NO_HIGHLIGHT, recentOf(1, 5), pinned);
    expect(state.post?.id).toBe("900");
    expect(settleHighlight(state, recentOf(1, 5), []).post?.id).toBe("5");
  });

  it("keeps a pinned post through every turn until it is unpinned, then goes at once even if it is recent", () => {
    const recent = recentOf(1, 5);
    const pinned = [post(3)];
    let state = settleHighlight(NO_HIGHLIGHT, recent, pinned);
    for (let turn = 0; turn < 20; turn += 1) {
      state = advanceHighlight(state, recent, pinned);
      expect(state.post?.id).toBe("3");
    }
    const unpinned = settleHighlight(state, recent, []);
    expect(unpinned.post?.id).not.toBe("3");
  });

  it("lets several pins take turns, newest pin first, and no recent post in between", () => {
    const recent = recentOf(1, 5);
    const pinned = [post(902), post(901)];
    let state = settleHighlight(NO_HIGHLIGHT, recent, pinned);
    const seen = [state.post?.id];
    for (let turn = 0; turn < 5; turn += 1) {
      state = advanceHighlight(state, recent, pinned);
      seen.push(state.post?.id);
    }
    expect(seen).toEqual(["902", "901", "902", "901", "902", "901"]);
  });

  it("puts a new pin on screen at once, even over another pin, and leaves the others their turns", () => {
    const recent = recentOf(1, 5);
    const state = settleHighlight(NO_HIGHLIGHT, recent, [post(901)]);
    const next = settleHighlight(state, recent, [post(902), post(901)]);
    expect(next.post?.id).toBe("902");
    expect(advanceHighlight(next, recent, [post(902), post(901)]).post?.id).toBe("901");
    // Unpinning the one not on screen changes nothing on screen.
    expect(settleHighlight(next, recent, [post(902)]).post?.id).toBe("902");
  });

  it("shows the latest version of the post it holds", () => {
    const state = settleHighlight(NO_HIGHLIGHT, [post(1)]);
    const edited = settleHighlight(state, [post(1, { text: "Edited" })]);
    expect(edited.post?.text).toBe("Edited");
  });

  it("keeps no more than a few keys in memory, however long it runs", () => {
    let state: HighlightState = NO_HIGHLIGHT;
    for (let i = 1; i <= 500; i += 1) state = advanceHighlight(settleHighlight(state, recentOf(i, i + 30)), recentOf(i, i + 30));
    expect(state.shown.length).toBeLessThanOrEqual(HIGHLIGHT_MEMORY);
    expect(state.olderKeys?.length ?? 0).toBeLessThan(RECENT_LIMIT);
  });
});

describe("feedBeside", () => {
  it("shows a few of the newest posts, never the highlighted one", () => {
    const recent = recentOf(1, 30);
    const beside = feedBeside(recent, recent[0]!);
    expect(beside).toHaveLength(WALL_FEED_POSTS);
    expect(beside.map(postKey)).not.toContain(postKey(recent[0]!));
    expect(beside[0]?.id).toBe("29");
    expect(feedBeside([], null)).toEqual([]);
  });

  it("lists the pins not highlighted first, newest pin first, each post once", () => {
    const recent = recentOf(1, 30);
    const pinned = [post(902), post(29), post(900)];
    const beside = feedBeside(recent, pinned[0]!, pinned);
    expect(beside.map((p) => p.id)).toEqual(["29", "900", "30", "28"]);
  });
});

describe("countriesReached", () => {
  it("counts countries with posts, not the unknown bucket", () => {
    expect(countriesReached({ FR: 3, DE: 0, unknown: 9, GB: 1 })).toBe(2);
  });
});

describe("wallPhotos and mosaicGrid", () => {
  const picture = (name: string) => ({ type: "photo" as const, url: `https://pbs.twimg.com/${name}.jpg` });

  it("takes the newest posts' pictures in order, never a blur or a bad URL, at most WALL_PHOTOS", () => {
    const recent = [
      wallTestPost(3, { media: [picture("c1"), picture("c2")] }),
      wallTestPost(2, { media: [{ type: "photo", url: "", withheld: "approval" }, { ...picture("s"), sensitive: true }, { type: "photo", url: "ftp://x/y.jpg" }] }),
      wallTestPost(1, { media: [picture("a")] }),
    ];
    expect(wallPhotos(recent).map((photo) => photo.picture.src)).toEqual(["c1", "c2", "a"].map((name) => `https://pbs.twimg.com/${name}.jpg`));
    const many = Array.from({ length: 20 }, (_, i) => wallTestPost(i + 1, { media: [picture(`p${i}`)] }));
    expect(wallPhotos(many)).toHaveLength(WALL_PHOTOS);
    expect(wallPhotos([wallTestPost(1)])).toEqual([]);
  });

  it("lays the tiles out close to the screen's shape, 4 × 3 at most", () => {
    expect(mosaicGrid(1)).toEqual({ columns: 1, rows: 1 });
    expect(mosaicGrid(4)).toEqual({ columns: 2, rows: 2 });
    expect(mosaicGrid(6)).toEqual({ columns: 3, rows: 2 });
    expect(mosaicGrid(WALL_PHOTOS)).toEqual({ columns: 4, rows: 3 });
  });
});
