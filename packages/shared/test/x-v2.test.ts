import { readFixture } from "@pulse/testkit/fixtures";
import { describe, expect, it } from "vitest";
import { applyPost, createState, toSnapshot } from "../src/aggregate.js";
import { normalizeItem, normalizeItems } from "../src/normalize/index.js";
import { isXV2Message, normalizeXV2, splitXV2Message } from "../src/normalize/x-v2.js";
import { MARIE_TWEET } from "./support/hand-written-tweet.js";
import { expectPost, expectRejected } from "./support/normalize-results.js";

/** Parses JSON lines the way a caller would: a broken line is the caller's parse problem, kept apart. */
function parseLines(text: string): { items: unknown[]; broken: string[] } {
  const items: unknown[] = [];
  const broken: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      items.push(JSON.parse(line));
    } catch {
      broken.push(line);
    }
  }
  return { items, broken };
}



/** A small, realistic filtered-stream message; `tweet` overrides fields of `data`. */
function message(tweet: Record<string, unknown> = {}, includes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    data: {
      id: "1001",
      text: "Bonne journée #VotreJob @PoleEmploi https://t.co/abc",
      author_id: "42",
      created_at: "2015-06-10T09:15:30.000Z",
      lang: "fr",
      edit_history_tweet_ids: ["1001"],
      geo: { place_id: "p1" },
      entities: {
        hashtags: [{ start: 14, end: 22, tag: "VotreJob" }, { tag: "votrejob" }],
        mentions: [{ start: 23, end: 34, username: "PoleEmploi", id: "7" }],
        urls: [
          { url: "https://t.co/abc", expanded_url: "https://example.org/jobs" },
          { url: "https://t.co/only-short" },
        ],
      },
      ...tweet,
    },
    includes: {
      users: [
        { id: "9", username: "someone_else", name: "Not the author" },
        {
          id: "42",
          username: "Marie_Dupont",
          name: "Marie Dupont",
          verified: false,
          public_metrics: { followers_count: 1234, following_count: 5 },
        },
      ],
      places: [{ id: "p1", full_name: "Paris, France", country_code: "fr" }],
      ...includes,
    },
    matching_rules: [{ id: "1500", tag: "votrejob" }],
  };
}

describe("isXV2Message", () => {
  it("recognizes stream messages, lookup responses and stream errors", () => {
    expect(isXV2Message(message())).toBe(true);
    expect(isXV2Message({ data: [message().data] })).toBe(true);
    expect(isXV2Message({ errors: [{ title: "operational-disconnect" }] })).toBe(true);
  });

  it("does not claim other formats or junk", () => {
    const normalized = { network: "x", id: "1", author: { id: "1", handle: "a" } };
    expect(isXV2Message(normalized)).toBe(false);
    expect(isXV2Message({ id_str: "1", text: "v1.1", user: { screen_name: "a" } })).toBe(false);
    expect(isXV2Message({ event: "update", payload: "{}" })).toBe(false);
    expect(isXV2Message({ did: "did:plc:x", time_us: 1, kind: "commit" })).toBe(false);
    expect(isXV2Message({ data: "text" })).toBe(false);
    expect(isXV2Message({ errors: [] })).toBe(false);
    for (const junk of [null, undefined, 1, "data", [message()]]) expect(isXV2Message(junk)).toBe(false);
  });
});

describe("normalizeXV2 on hand-written messages", () => {
  it("maps every field of a stream message", () => {
    const post = expectPost(normalizeXV2(message()));
    expect(post).toEqual({ ...MARIE_TWEET, id: "1001", version: 0, text: "Bonne journée #VotreJob @PoleEmploi https://t.co/abc" });
  });

  it("normalizes created_at to an ISO string in UTC", () => {
    const post = expectPost(normalizeXV2(message({ created_at: "2015-06-10T11:15:30+02:00" })));
    expect(post.createdAt).toBe("2015-06-10T09:15:30.000Z");
  });

  it("takes the long text and its entities from note_tweet", () => {
    const post = expectPost(
      normalizeXV2(
        message({
          text: "A long post that X cut short… https://t.co/more",
          note_tweet: {
            text: "A long post that X cut short, here in full with #EmploiJeunes",
            entities: { hashtags: [{ tag: "EmploiJeunes" }] },
          },
        }),
      ),
    );
    expect(post.text).toBe("A long post that X cut short, here in full with #EmploiJeunes");
    expect(post.hashtags).toEqual(["emploijeunes"]);
    // Mentions and urls of the short text are not the long text's: note_tweet.entities replaces entities whole.
    expect(post.urls).toEqual([]);
  });

  it.each([
    [[{ type: "retweeted", id: "5" }], "retweet"],
    [[{ type: "quoted", id: "5" }], "quote"],
    [[{ type: "replied_to", id: "5" }], "reply"],
    [[{ type: "quoted", id: "5" }, { type: "replied_to", id: "6" }], "reply"],
    [[], "original"],
    [undefined, "original"],
  ])("referenced_tweets %j makes kind %s", (refs, kind) => {
    expect(expectPost(normalizeXV2(message({ referenced_tweets: refs }))).kind).toBe(kind);
  });

  it("makes one post of the top-level tweet only, never of includes.tweets", () => {
    const quoted = { id: "900", text: "the quoted one", author_id: "9", created_at: "2015-06-09T08:00:00.000Z" };
    const post = expectPost(
      normalizeXV2(message({ referenced_tweets: [{ type: "quoted", id: "900" }] }, { tweets: [quoted] })),
    );
    expect(post.id).toBe("1001");
    expect(post.author.id).toBe("42");
  });

  it("keys an edit on its first id and ranks it by its place in the history", () => {
    const history = { edit_history_tweet_ids: ["1001", "1002", "1003"] };
    const first = expectPost(normalizeXV2(message({ id: "1001", ...history })));
    const last = expectPost(normalizeXV2(message({ id: "1003", text: "fixed typo", ...history })));
    expect([first.id, first.version]).toEqual(["1001", 0]);
    expect([last.id, last.version, last.text]).toEqual(["1001", 2, "fixed typo"]);
  });

  it("uses the tweet id and no version when there is no edit history", () => {
    const post = expectPost(normalizeXV2(message({ edit_history_tweet_ids: undefined })));
    expect(post.id).toBe("1001");
    expect(post.version).toBeUndefined();
  });

  it("rejects an edit history that does not hold the tweet's own id", () => {
    const error = expectRejected(normalizeXV2(message({ edit_history_tweet_ids: ["1", "2"] })));
    expect(error).toContain("data.edit_history_tweet_ids");
    expect(error).toContain("1001");
  });

  it("still counts a post whose author is missing from includes, under the author id", () => {
    const post = expectPost(normalizeXV2(message({}, { users: [{ id: "9", username: "someone_else" }] })));
    expect(post.author).toEqual({ id: "42", handle: "42" });
    const bare = expectPost(normalizeXV2({ data: message().data }));
    expect(bare.author).toEqual({ id: "42", handle: "42" });
    expect(bare.country).toBeUndefined();
  });

  it("leaves the country unset when the place is unknown or has no usable code", () => {
    expect(expectPost(normalizeXV2(message({ geo: { place_id: "nowhere" } }))).country).toBeUndefined();
    expect(
      expectPost(normalizeXV2(message({}, { places: [{ id: "p1", country_code: "" }] }))).country,
    ).toBeUndefined();
    expect(expectPost(normalizeXV2(message({ geo: undefined }))).country).toBeUndefined();
  });

  it("ignores an in-stream error and names it", () => {
    const result = normalizeXV2({
      errors: [{ title: "operational-disconnect", detail: "This stream has been disconnected.", type: "x" }],
    });
    expect(result).toEqual({
      type: "ignored",
      reason: "X API v2 stream error: operational-disconnect: This stream has been disconnected.",
    });
  });

  it("still counts the post when errors sit next to data", () => {
    const item = { ...message(), errors: [{ title: "Not Found Error", detail: "Could not find tweet 5" }] };
    expect(expectPost(normalizeXV2(item)).id).toBe("1001");
  });

  it("reads a lookup response of one tweet, ignores an empty one and rejects several", () => {
    const one = { data: [message().data], includes: message().includes };
    expect(expectPost(normalizeXV2(one)).author.handle).toBe("Marie_Dupont");
    expect(normalizeXV2({ data: [], meta: { result_count: 0 } }).type).toBe("ignored");
    const two = { data: [message().data, { ...message().data as object, id: "1002" }], includes: {} };
    expect(expectRejected(normalizeXV2(two))).toMatch(/holds 2 tweets: expected one tweet per item/);
  });

  it("splits a lookup response of several tweets into messages that each normalize", () => {
    const includes = message().includes;
    const second = { ...(message().data as object), id: "1002", edit_history_tweet_ids: ["1002"] };
    const parts = splitXV2Message({ data: [message().data, second], includes });
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => expectPost(normalizeXV2(p)).id)).toEqual(["1001", "1002"]);
    const single = message();
    expect(splitXV2Message(single)).toEqual([single]);
    // Ingest goes through normalizeItems, which splits before normalizing.
    const results = normalizeItems({ data: [message().data, second], includes });
    expect(results.map((r) => expectPost(r).id)).toEqual(["1001", "1002"]);
  });

  it.each([
    [{ created_at: undefined }, "data.created_at", "ISO 8601"],
    [{ created_at: "yesterday" }, "data.created_at", "ISO 8601"],
    [{ author_id: undefined }, "data.author_id", "expansions=author_id"],
    [{ text: 12 }, "data.text", "expected string"],
    [{ id: "" }, "data.id", "tweet id"],
  ])("rejects a tweet with %j, naming %s", (fields, field, expected) => {
    const error = expectRejected(normalizeXV2(message(fields)));
    expect(error).toContain(field);
    expect(error).toContain(expected);
  });

  it("rejects junk without throwing", () => {
    for (const junk of [null, 3, "x", [], { data: [3] }, { data: {} }, {}, JSON.parse(`{"__proto__": {"data": {}}}`)]) {
      const result = normalizeXV2(junk);
      expect(result.type).toBe("rejected");
    }
    expect(expectRejected(normalizeXV2({ data: [3] }))).toContain("data.0");
  });

  it("is what normalizeItem picks for X API v2 messages", () => {
    const result = normalizeItem(message());
    expect(expectPost(result).network).toBe("x");
  });
});

describe("normalizeXV2 media", () => {
  const photo = { media_key: "3_1", type: "photo", url: "https://pbs.twimg.com/media/photo.jpg", width: 1200, height: 800, alt_text: "Le stand de Pôle emploi" };
  const video = {
    media_key: "7_2",
    type: "video",
    preview_image_url: "https://pbs.twimg.com/ext_tw_video_thumb/2/pu/img/poster.jpg",
    width: 1280,
    height: 720,
    variants: [
      { content_type: "application/x-mpegURL", url: "https://video.twimg.com/ext_tw_video/2/pu/pl/playlist.m3u8" },
      { bit_rate: 832000, content_type: "video/mp4", url: "https://video.twimg.com/ext_tw_video/2/pu/vid/640x360/low.mp4" },
      { bit_rate: 2176000, content_type: "video/mp4", url: "https://video.twimg.com/ext_tw_video/2/pu/vid/1280x720/high.mp4" },
      { bit_rate: 256000, content_type: "video/mp4", url: "https://video.twimg.com/ext_tw_video/2/pu/vid/320x180/tiny.mp4" },
    ],
  };
  const gif = {
    media_key: "16_3",
    type: "animated_gif",
    preview_image_url: "https://pbs.twimg.com/tweet_video_thumb/gif.jpg",
    width: 498,
    height: 280,
    variants: [{ bit_rate: 0, content_type: "video/mp4", url: "https://video.twimg.com/tweet_video/gif.mp4" }],
  };
  const withMedia = (keys: unknown[], media: unknown[], tweet: Record<string, unknown> = {}) =>
    expectPost(normalizeXV2(message({ attachments: { media_keys: keys }, ...tweet }, { media })));

  it("maps a photo, a video and a GIF, in the order of media_keys", () => {
    const post = withMedia(["16_3", "3_1", "7_2"], [photo, video, gif]);
    expect(post.media).toEqual([
      { type: "gif", url: "https://video.twimg.com/tweet_video/gif.mp4", previewUrl: "https://pbs.twimg.com/tweet_video_thumb/gif.jpg", width: 498, height: 280 },
      { type: "photo", url: "https://pbs.twimg.com/media/photo.jpg", alt: "Le stand de Pôle emploi", width: 1200, height: 800 },
      {
        type: "video",
        // The mp4 of the highest bit rate, never the HLS playlist.
        url: "https://video.twimg.com/ext_tw_video/2/pu/vid/1280x720/high.mp4",
        previewUrl: "https://pbs.twimg.com/ext_tw_video_thumb/2/pu/img/poster.jpg",
        width: 1280,
        height: 720,
      },
    ]);
  });

  it("marks every item sensitive when the tweet is possibly_sensitive", () => {
    const post = withMedia(["3_1", "7_2"], [photo, video], { possibly_sensitive: true });
    expect(post.media?.map((m) => m.sensitive)).toEqual([true, true]);
    const safe = withMedia(["3_1"], [photo], { possibly_sensitive: false });
    expect(safe.media?.[0]).not.toHaveProperty("sensitive");
  });

  it("has no media field when the tweet has none, or its keys are not in includes", () => {
    expect(expectPost(normalizeXV2(message())).media).toBeUndefined();
    expect(withMedia(["3_404"], [photo])).not.toHaveProperty("media");
    expect(expectPost(normalizeXV2(message({ attachments: { media_keys: ["3_1"] } })))).not.toHaveProperty("media");
  });

  it("skips malformed items one by one and keeps the post", () => {
    const post = withMedia(
      ["a", "b", "c", "d", "e", "3_1", "f"],
      [
        { media_key: "a", type: "photo" },
        { media_key: "b", type: "sticker", url: "https://pbs.twimg.com/media/b.jpg" },
        { media_key: "c", type: "video", preview_image_url: "https://pbs.twimg.com/c.jpg" },
        { media_key: "d", type: "photo", url: "javascript:alert(1)" },
        { media_key: "e", type: "photo", url: 42 },
        "junk",
        null,
        { ...photo, alt_text: 7, width: -1, height: "big" },
        { media_key: "f", type: "video", variants: "none", preview_image_url: "https://pbs.twimg.com/f.jpg" },
      ],
    );
    expect(post.id).toBe("1001");
    expect(post.media).toEqual([{ type: "photo", url: "https://pbs.twimg.com/media/photo.jpg" }]);
    for (const attachments of [null, "3_1", { media_keys: "3_1" }, { media_keys: [3, null] }]) {
      expect(expectPost(normalizeXV2(message({ attachments }, { media: [photo] })))).not.toHaveProperty("media");
    }
    expect(expectPost(normalizeXV2(message({ attachments: { media_keys: ["3_1"] } }, { media: "junk" })))).not.toHaveProperty("media");
    expect(expectPost(normalizeXV2(message({ possibly_sensitive: "yes" }))).id).toBe("1001");
  });

  it("reads the media of each tweet of a lookup response from the shared includes", () => {
    const second = { ...(message().data as object), id: "1002", edit_history_tweet_ids: ["1002"], attachments: { media_keys: ["7_2"] } };
    const first = { ...(message().data as object), attachments: { media_keys: ["3_1"] } };
    const results = normalizeItems({ data: [first, second], includes: { ...message().includes as object, media: [photo, video] } });
    expect(results.map((r) => expectPost(r).media?.map((m) => m.type))).toEqual([["photo"], ["video"]]);
  });
});

describe("normalizeXV2 on real payloads (DocNow/twarc-csv test data)", () => {
  it("streaming_output_with_error.jsonl: 7 records normalize, 1 broken line is left to the caller", (ctx) => {
    const { items, broken } = parseLines(readFixture(ctx, "x-v2/streaming_output_with_error.jsonl"));
    expect(items).toHaveLength(7);
    expect(broken).toHaveLength(1);
    expect(normalizeItem(broken[0]).type).toBe("rejected");

    const posts = items.map((item) => {
      expect(isXV2Message(item)).toBe(true);
      return expectPost(normalizeItem(item));
    });
    const countries: Record<string, number> = {};
    for (const post of posts) countries[post.country ?? "none"] = (countries[post.country ?? "none"] ?? 0) + 1;
    expect(countries).toEqual({ GB: 2, US: 4, MW: 1 });

    const kinds = posts.map((p) => p.kind);
    expect(kinds).toEqual(["quote", "reply", "original", "original", "reply", "reply", "original"]);

    // Each post is the top-level tweet, its author the matching user, not the referenced tweet's.
    const data = items.map((item) => (item as { data: { id: string; author_id: string } }).data);
    expect(posts.map((p) => p.id)).toEqual(data.map((d) => d.id));
    expect(posts.map((p) => p.author.id)).toEqual(data.map((d) => d.author_id));
    expect(posts.map((p) => p.author.handle)).toEqual([
      "blackheart_265",
      "sheelaghb18",
      "dreasaurusrex92",
      "OpenMindMH",
      "courtney_fromm",
      "RealProstateDoc",
      "ArborRidge1",
    ]);
    expect(posts[3]?.hashtags).toEqual(["dogsoftwitter", "dogs"]);
    expect(posts[1]?.mentions).toEqual(["policemutual"]);
    expect(posts[2]?.urls).toEqual(["https://www.instagram.com/p/CNIQbqSrZRL/?igshid=je3jmv61ndpu"]);
    expect(posts.every((p) => p.network === "x" && p.lang === "en" && p.version === undefined)).toBe(true);

    // Two tweets carry a photo each in includes.media; none of the seven is possibly_sensitive with media.
    expect(posts.map((p) => p.media?.length ?? 0)).toEqual([1, 0, 0, 1, 0, 0, 0]);
    expect(posts[0]?.media).toEqual([{ type: "photo", url: "https://pbs.twimg.com/media/Ex5ldKwXEAEnEnI.jpg", width: 500, height: 500 }]);
    expect(posts[3]?.media).toEqual([{ type: "photo", url: "https://pbs.twimg.com/media/Ex5lubjXAAQm1WE.jpg", width: 1536, height: 2048 }]);

    const state = createState("test");
    for (const post of posts) applyPost(state, post);
    expect(toSnapshot(state).byCountry).toEqual({ GB: 2, US: 4, MW: 1 });
    expect(toSnapshot(state).totals).toMatchObject({ posts: 7, originals: 3, replies: 3, quotes: 1, retweets: 0 });
  });

  it("edited.jsonl: the edit is keyed on its first id, and the later version wins in any order", (ctx) => {
    const { items, broken } = parseLines(readFixture(ctx, "x-v2/edited.jsonl"));
    expect(broken).toHaveLength(0);
    expect(items).toHaveLength(1);
    const lookup = items[0] as { data: unknown[]; includes: { tweets: { id: string }[] } };
    const latest = expectPost(normalizeItem(lookup));
    expect(latest).toMatchObject({
      id: "1576994746135764992",
      version: 1,
      text: "hey :) https://t.co/rnwEIoNuqd",
      createdAt: "2022-10-03T17:57:11.000Z",
      lang: "qst",
      author: { id: "337119125", handle: "wongmjane", name: "Jane Manchun Wong", followers: 138097, verified: true },
      urls: ["https://twitter.com/i/web/status/1576994789110992896"],
      kind: "original",
    });

    // The first version rides along in includes.tweets; sent as its own message it is version 0 of the same key.
    const firstTweet = lookup.includes.tweets.find((t) => t.id === "1576994746135764992");
    const first = expectPost(normalizeItem({ data: firstTweet, includes: lookup.includes }));
    expect([first.id, first.version]).toEqual(["1576994746135764992", 0]);
    expect(first.text).toMatch(/^i miss y’all so much/);

    for (const order of [
      [first, latest],
      [latest, first],
    ]) {
      const state = createState("test");
      const outcomes = order.map((post) => applyPost(state, post).outcome);
      const snapshot = toSnapshot(state);
      expect(snapshot.totals.posts).toBe(1);
      expect(snapshot.recent.map((p) => p.text)).toEqual(["hey :) https://t.co/rnwEIoNuqd"]);
      expect(outcomes).toEqual(order[0] === first ? ["accepted", "updated"] : ["accepted", "duplicate"]);
    }
  });

  it("geo_tweets.jsonl: a place gives the country, bare coordinates give none", (ctx) => {
    const { items, broken } = parseLines(readFixture(ctx, "x-v2/geo_tweets.jsonl"));
    expect(broken).toHaveLength(0);
    expect(items).toHaveLength(2);
    const [polish, berlin] = items.map((item) => expectPost(normalizeItem(item)));

    expect(polish?.country).toBeUndefined();
    expect(polish?.lang).toBe("pl");
    expect(polish?.author.handle).toBe("kamanonickname");
    // #harrypotter appears twice in the text and once in the post.
    expect(polish?.hashtags).toHaveLength(12);
    expect(polish?.hashtags).toContain("zostańwdomu");
    expect(polish?.hashtags.filter((t) => t === "harrypotter")).toHaveLength(1);

    expect(berlin?.country).toBe("DE");
    expect(berlin?.kind).toBe("reply");
    expect(berlin?.mentions).toEqual(["j2bryson", "twitter"]);
    expect(berlin?.author).toMatchObject({ handle: "IgorBrigadir", followers: 2969, verified: false });
    expect(berlin?.urls).toEqual(["https://twarc-project.readthedocs.io/en/latest/twarc2_en_us/"]);
  });
});
