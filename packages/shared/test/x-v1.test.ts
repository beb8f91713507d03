import fc from "fast-check";
import { readFixture } from "@pulse/testkit/fixtures";
import { describe, expect, it, type TestContext } from "vitest";
import { applyDelete, applyPost, createState, toSnapshot } from "../src/aggregate.js";
import { PostSchema, type Post } from "../src/models.js";
import { isXV1Item, normalizeXV1 } from "../src/normalize/x-v1.js";
import { MARIE_TWEET } from "./support/hand-written-tweet.js";
import { expectPost, expectRejected } from "./support/normalize-results.js";



/** A small, realistic v1.1 stream status; `fields` overrides top-level fields. */
function status(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    created_at: "Wed Jun 10 09:15:30 +0000 2015",
    // The numeric id is what JSON.parse makes of 625000000000000001: already rounded.
    id: 625000000000000000,
    id_str: "625000000000000001",
    text: "Bonne journée #VotreJob @PoleEmploi &amp; merci https://t.co/abc",
    truncated: false,
    in_reply_to_status_id: null,
    in_reply_to_status_id_str: null,
    user: {
      id: 42,
      id_str: "42",
      name: "Marie Dupont",
      screen_name: "Marie_Dupont",
      followers_count: 1234,
      verified: false,
    },
    place: { id: "p1", full_name: "Paris, France", country_code: "fr", country: "France" },
    is_quote_status: false,
    entities: {
      hashtags: [
        { text: "VotreJob", indices: [14, 23] },
        { text: "votrejob", indices: [0, 0] },
      ],
      user_mentions: [{ screen_name: "PoleEmploi", id_str: "7", indices: [24, 35] }],
      urls: [
        { url: "https://t.co/abc", expanded_url: "https://example.org/jobs", indices: [48, 71] },
        { url: "https://t.co/only-short" },
      ],
      symbols: [],
    },
    lang: "fr",
    timestamp_ms: "1433927730000",
    ...fields,
  };
}

describe("isXV1Item", () => {
  it("recognizes statuses and stream notices", () => {
    expect(isXV1Item(status())).toBe(true);
    expect(isXV1Item({ id_str: "1", full_text: "REST, tweet_mode=extended", created_at: "x" })).toBe(true);
    // A status missing its user is still claimed, so that it is rejected with a message naming the field.
    expect(isXV1Item(status({ user: undefined }))).toBe(true);
    expect(isXV1Item({ delete: { status: { id: 1, id_str: "1", user_id: 2, user_id_str: "2" } } })).toBe(true);
    expect(isXV1Item({ limit: { track: 12, timestamp_ms: "1" } })).toBe(true);
    expect(isXV1Item({ scrub_geo: { user_id_str: "1", up_to_status_id_str: "2" } })).toBe(true);
    expect(isXV1Item({ event: "favorite", source: { id_str: "1" }, target: { id_str: "2" } })).toBe(true);
  });

  it("does not claim other formats or junk", () => {
    expect(isXV1Item({ network: "x", id: "1", author: { id: "1", handle: "a" } })).toBe(false);
    expect(isXV1Item({ data: { id: "1", text: "v2" }, includes: {} })).toBe(false);
    expect(isXV1Item({ event: "update", payload: "{}" })).toBe(false);
    expect(isXV1Item({ id: "1", uri: "https://m.example/1", content: "<p>hi</p>", account: {} })).toBe(false);
    expect(isXV1Item({ did: "did:plc:x", time_us: 1, kind: "commit" })).toBe(false);
    expect(isXV1Item({ id: 625000000000000000, text: "numeric id only", user: {} })).toBe(false);
    expect(isXV1Item({ delete: "1" })).toBe(false);
    for (const junk of [null, undefined, 1, "id_str", [status()]]) expect(isXV1Item(junk)).toBe(false);
  });
});

describe("normalizeXV1 on hand-written statuses", () => {
  it("maps every field of a status", () => {
    expect(expectPost(normalizeXV1(status()))).toEqual({
      ...MARIE_TWEET,
      id: "625000000000000001",
      text: "Bonne journée #VotreJob @PoleEmploi & merci https://t.co/abc",
    });
  });

  it("uses id_str, never the rounded numeric id", () => {
    const item = status();
    expect(String(item.id)).not.toBe(item.id_str);
    expect(expectPost(normalizeXV1(item)).id).toBe("625000000000000001");
    const error = expectRejected(normalizeXV1(status({ id_str: undefined })));
    expect(error).toContain("id_str");
    expect(error).toContain("numeric id loses precision");
  });

  it.each([
    ["Wed Jun 10 11:15:30 +0200 2015", "2015-06-10T09:15:30.000Z"],
    ["Tue Jun 09 23:45:30 -0930 2015", "2015-06-10T09:15:30.000Z"],
    ["Thu May 10 17:41:57 +0000 2018", "2018-05-10T17:41:57.000Z"],
    ["Thu Feb 29 23:59:59 +0000 2024", "2024-02-29T23:59:59.000Z"],
  ])("reads created_at %s as %s", (createdAt, iso) => {
    expect(expectPost(normalizeXV1(status({ created_at: createdAt }))).createdAt).toBe(iso);
  });

  it.each([
    "2015-06-10T09:15:30Z",
    "Wed Jun 10 09:15:30 2015",
    "Wed Feb 31 09:15:30 +0000 2015",
    "Wed Jun 10 25:15:30 +0000 2015",
    "wed jun 10 09:15:30 +0000 2015",
    "",
    12,
  ])("rejects created_at %j, naming the expected form", (createdAt) => {
    const error = expectRejected(normalizeXV1(status({ created_at: createdAt })));
    expect(error).toBe("X API v1.1 status: created_at: expected a date like Thu May 10 17:41:57 +0000 2018");
  });

  it("takes the full text and its entities from extended_tweet when truncated", () => {
    const post = expectPost(
      normalizeXV1(
        status({
          truncated: true,
          text: "A long post that X cut short… https://t.co/more",
          entities: { hashtags: [], user_mentions: [], urls: [{ url: "https://t.co/more", expanded_url: "https://twitter.com/i/web/status/1" }] },
          extended_tweet: {
            full_text: "A long post that X cut short, here in full with #EmploiJeunes &lt;3",
            entities: { hashtags: [{ text: "EmploiJeunes" }], user_mentions: [], urls: [] },
          },
        }),
      ),
    );
    expect(post.text).toBe("A long post that X cut short, here in full with #EmploiJeunes <3");
    expect(post.hashtags).toEqual(["emploijeunes"]);
    // The truncated text's entities (the "read more" link) are not the full text's.
    expect(post.urls).toEqual([]);
  });

  it("prefers full_text over text, and keeps a truncated text that has no extended_tweet", () => {
    expect(expectPost(normalizeXV1(status({ full_text: "the full one", text: undefined }))).text).toBe("the full one");
    const cut = expectPost(normalizeXV1(status({ truncated: true, text: "cut short… https://t.co/x" })));
    expect(cut.text).toBe("cut short… https://t.co/x");
    expect(cut.hashtags).toEqual(["votrejob"]);
  });

  it("makes a retweet of the wrapper only, with the original's full text and entities", () => {
    const original = status({
      id_str: "500",
      user: { id_str: "9", screen_name: "PoleEmploi", name: "Pôle emploi" },
      truncated: true,
      text: "Les offres du jour… https://t.co/cut",
      entities: { hashtags: [], user_mentions: [], urls: [] },
      extended_tweet: {
        full_text: "Les offres du jour sont en ligne #VotreJob",
        entities: { hashtags: [{ text: "VotreJob" }], user_mentions: [], urls: [] },
      },
      place: null,
    });
    const retweet = status({
      text: "RT @PoleEmploi: Les offres du jour…",
      entities: { hashtags: [], user_mentions: [{ screen_name: "PoleEmploi" }], urls: [] },
      retweeted_status: original,
      place: null,
    });
    const post = expectPost(normalizeXV1(retweet));
    expect(post).toMatchObject({
      id: "625000000000000001",
      kind: "retweet",
      author: { id: "42", handle: "Marie_Dupont" },
      text: "RT @PoleEmploi: Les offres du jour sont en ligne #VotreJob",
      hashtags: ["votrejob"],
      mentions: ["poleemploi"],
    });
    expect(post.country).toBeUndefined();

    // The embedded original does not count: one post, a retweet, for one item.
    const state = createState("test");
    applyPost(state, post);
    expect(toSnapshot(state).totals).toMatchObject({ posts: 1, retweets: 1, originals: 0 });
  });

  it("keeps the retweet's own text when the original is malformed", () => {
    const post = expectPost(normalizeXV1(status({ text: "RT @x: hi", retweeted_status: { text: 5 } })));
    expect([post.kind, post.text]).toEqual(["retweet", "RT @x: hi"]);
  });

  it.each([
    [{ retweeted_status: status({ id_str: "5" }), in_reply_to_status_id_str: "6" }, "retweet"],
    [{ in_reply_to_status_id_str: "6" }, "reply"],
    [{ quoted_status: status({ id_str: "5" }) }, "quote"],
    [{ is_quote_status: true }, "quote"],
    [{ is_quote_status: true, quoted_status: status({ id_str: "5" }), in_reply_to_status_id_str: "6" }, "reply"],
    [{ in_reply_to_status_id_str: null, is_quote_status: false }, "original"],
  ])("%j makes kind %s", (fields, kind) => {
    expect(expectPost(normalizeXV1(status(fields))).kind).toBe(kind);
  });

  it("takes the country from place.country_code in upper case, or leaves it unset", () => {
    expect(expectPost(normalizeXV1(status({ place: { country_code: "cl" } }))).country).toBe("CL");
    for (const place of [null, undefined, {}, { country_code: "" }, { country_code: "FRA" }, { country_code: 33 }]) {
      expect(expectPost(normalizeXV1(status({ place }))).country).toBeUndefined();
    }
  });

  it("drops malformed optional fields rather than the post", () => {
    const post = expectPost(
      normalizeXV1(
        status({
          user: { id_str: "42", screen_name: "Marie_Dupont", name: 5, followers_count: "many", verified: "yes" },
          lang: 7,
          entities: { hashtags: [null, { text: 3 }, { text: "#VotreJob" }], user_mentions: "x", urls: [{}] },
        }),
      ),
    );
    expect(post.author).toEqual({ id: "42", handle: "Marie_Dupont" });
    expect(post.lang).toBeUndefined();
    expect([post.hashtags, post.mentions, post.urls]).toEqual([["votrejob"], [], []]);
  });

  it.each([
    ["no user", { user: undefined }, "user: expected the author object (user)"],
    ["a string user", { user: "Marie" }, "user: expected the author object (user)"],
    ["a numeric user id", { user: { id: 42, screen_name: "a" } }, "user.id_str: expected the id as a string of digits"],
    ["an empty screen_name", { user: { id_str: "42", screen_name: "" } }, "user.screen_name: expected the author's screen_name"],
    ["no text", { text: undefined }, "text: expected the status text (text or full_text)"],
    ["a numeric text", { text: 12 }, "text: expected the status text as a string"],
    ["a non-numeric id_str", { id_str: "abc" }, "id_str: expected the id as a string of digits"],
    ["a bad full_text", { truncated: true, extended_tweet: { full_text: 3 } }, "extended_tweet.full_text: expected the full text as a string"],
  ])("rejects a status with %s, naming the field", (_label, fields, message) => {
    expect(expectRejected(normalizeXV1(status(fields)))).toContain(`X API v1.1 status: ${message}`);
  });

  it("turns a status delete notice into a delete of its id_str", () => {
    const notice = { delete: { status: { id: 625000000000000000, id_str: "625000000000000001", user_id: 42, user_id_str: "42" }, timestamp_ms: "1" } };
    expect(normalizeXV1(notice)).toEqual({ type: "delete", key: "x:625000000000000001" });

    const state = createState("test");
    applyPost(state, expectPost(normalizeXV1(status())));
    const result = normalizeXV1(notice);
    if (result.type !== "delete") throw new Error("expected a delete");
    expect(applyDelete(state, result.key).outcome).toBe("deleted");
    expect(toSnapshot(state).totals.posts).toBe(0);
  });

  it("rejects a delete notice without id_str, and ignores a direct message delete", () => {
    const error = expectRejected(normalizeXV1({ delete: { status: { id: 625000000000000000 } } }));
    expect(error).toContain("X API v1.1 delete notice: delete.status.id_str");
    expect(error).toContain("numeric id loses precision");
    expect(expectRejected(normalizeXV1({ delete: {} }))).toContain("delete.status");
    expect(normalizeXV1({ delete: { direct_message: { id_str: "1", user_id_str: "2" } } }).type).toBe("ignored");
  });

  it.each([
    [{ limit: { track: 1234, timestamp_ms: "1" } }, "limit"],
    [{ scrub_geo: { user_id_str: "1", up_to_status_id_str: "2" } }, "scrub_geo"],
    [{ status_withheld: { id_str: "1", withheld_in_countries: ["DE"] } }, "status_withheld"],
    [{ user_withheld: { id_str: "1", withheld_in_countries: ["DE"] } }, "user_withheld"],
    [{ disconnect: { code: 4, stream_name: "x", reason: "stall" } }, "disconnect"],
    [{ warning: { code: "FALLING_BEHIND", message: "x", percent_full: 60 } }, "warning"],
    [{ friends: [1, 2] }, "friends"],
    [{ event: "favorite", source: { id_str: "1" }, target: { id_str: "2" } }, "favorite event"],
  ])("ignores the %s notice", (notice, name) => {
    expect(normalizeXV1(notice)).toEqual({ type: "ignored", reason: `X API v1.1 ${name} notice carries no post` });
  });

  it("does not key edits: v1.1 has no edit history, so each version is its own post", () => {
    const post = expectPost(normalizeXV1(status()));
    expect(post.version).toBeUndefined();
  });

  it("rejects junk without throwing", () => {
    for (const junk of [null, 3, "x", [], {}, { id_str: 5 }, JSON.parse(`{"__proto__": {"id_str": "1"}}`)]) {
      expect(normalizeXV1(junk).type).toBe("rejected");
    }
  });
});

describe("normalizeXV1 media", () => {
  const sizes = (w: number, h: number) => ({ thumb: { w: 150, h: 150, resize: "crop" }, large: { w, h, resize: "fit" } });
  const photo = (n: number) => ({
    id_str: `9${n}`,
    type: "photo",
    media_url: `http://pbs.twimg.com/media/p${n}.jpg`,
    media_url_https: `https://pbs.twimg.com/media/p${n}.jpg`,
    url: `https://t.co/p${n}`,
    sizes: sizes(2048, 1536),
  });
  const video = {
    id_str: "97",
    type: "video",
    media_url_https: "https://pbs.twimg.com/ext_tw_video_thumb/97/pu/img/poster.jpg",
    original_info: { width: 1920, height: 1080 },
    sizes: sizes(1280, 720),
    ext_alt_text: "Interview d'embauche",
    video_info: {
      aspect_ratio: [16, 9],
      variants: [
        { bitrate: 2176000, content_type: "video/mp4", url: "https://video.twimg.com/ext_tw_video/97/high.mp4" },
        { content_type: "application/x-mpegURL", url: "https://video.twimg.com/ext_tw_video/97/pl.m3u8" },
        { bitrate: 832000, content_type: "video/mp4", url: "https://video.twimg.com/ext_tw_video/97/low.mp4" },
      ],
    },
  };

  it("maps photos from extended_entities, in order, with alt text and the large size", () => {
    const post = expectPost(
      normalizeXV1(status({ extended_entities: { media: [{ ...photo(1), ext_alt_text: "Salon de l'emploi" }, photo(2)] }, entities: { media: [photo(1)] } })),
    );
    expect(post.media).toEqual([
      { type: "photo", url: "https://pbs.twimg.com/media/p1.jpg", alt: "Salon de l'emploi", width: 2048, height: 1536 },
      { type: "photo", url: "https://pbs.twimg.com/media/p2.jpg", width: 2048, height: 1536 },
    ]);
  });

  it("plays a video's best mp4 with its still as poster and its original size; possibly_sensitive marks it", () => {
    const post = expectPost(normalizeXV1(status({ possibly_sensitive: true, extended_entities: { media: [video] } })));
    expect(post.media).toEqual([
      {
        type: "video",
        url: "https://video.twimg.com/ext_tw_video/97/high.mp4",
        previewUrl: "https://pbs.twimg.com/ext_tw_video_thumb/97/pu/img/poster.jpg",
        alt: "Interview d'embauche",
        width: 1920,
        height: 1080,
        sensitive: true,
      },
    ]);
  });

  it("reads an extended status's media from extended_tweet, and entities.media when there is nothing else", () => {
    const extended = status({
      truncated: true,
      extended_tweet: { full_text: "long", extended_entities: { media: [photo(3), photo(4)] } },
      extended_entities: { media: [photo(3)] },
    });
    expect(expectPost(normalizeXV1(extended)).media?.map((m) => m.url)).toEqual([
      "https://pbs.twimg.com/media/p3.jpg",
      "https://pbs.twimg.com/media/p4.jpg",
    ]);
    const legacy = status({ entities: { ...(status().entities as object), media: [photo(5)] } });
    expect(expectPost(normalizeXV1(legacy)).media?.map((m) => m.url)).toEqual(["https://pbs.twimg.com/media/p5.jpg"]);
    expect(expectPost(normalizeXV1(status()))).not.toHaveProperty("media");
  });

  it("gives a retweet the original's media, marked when either status is possibly_sensitive", () => {
    const original = { ...status({ id_str: "1", possibly_sensitive: true }), extended_entities: { media: [photo(6)] } };
    const retweet = expectPost(normalizeXV1(status({ retweeted_status: original, extended_entities: { media: [photo(7)] } })));
    expect(retweet.media).toEqual([{ type: "photo", url: "https://pbs.twimg.com/media/p6.jpg", width: 2048, height: 1536, sensitive: true }]);
    // An original without media leaves the retweet's own.
    const bare = expectPost(normalizeXV1(status({ retweeted_status: status({ id_str: "1" }), extended_entities: { media: [photo(7)] } })));
    expect(bare.media?.map((m) => m.url)).toEqual(["https://pbs.twimg.com/media/p7.jpg"]);
  });

  it("skips malformed items one by one and keeps the post", () => {
    const post = expectPost(
      normalizeXV1(
        status({
          extended_entities: {
            media: [
              { ...photo(1), media_url_https: undefined },
              { ...photo(2), type: "sticker" },
              { ...video, video_info: { variants: [{ content_type: "application/x-mpegURL", url: "https://video.twimg.com/pl.m3u8" }] } },
              { ...photo(3), media_url_https: "data:image/png;base64,AAAA" },
              "junk",
              { ...photo(4), ext_alt_text: null, sizes: "big", original_info: { width: 0, height: 10 } },
            ],
          },
        }),
      ),
    );
    expect(post.id).toBe("625000000000000001");
    expect(post.media).toEqual([{ type: "photo", url: "https://pbs.twimg.com/media/p4.jpg" }]);
    for (const junk of [null, "media", { media: "x" }, { media: [null, 1] }]) {
      expect(expectPost(normalizeXV1(status({ extended_entities: junk, possibly_sensitive: "yes" })))).not.toHaveProperty("media");
    }
  });
});

describe("normalizeXV1 properties", () => {
  const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");

  /** Writes `date` the way v1.1 does, as seen from a UTC offset of `offsetMinutes`. */
  function v1Date(date: Date, offsetMinutes: number): string {
    const local = new Date(date.getTime() + offsetMinutes * 60_000);
    const sign = offsetMinutes < 0 ? "-" : "+";
    const abs = Math.abs(offsetMinutes);
    return `${WEEKDAYS[local.getUTCDay()]} ${MONTHS[local.getUTCMonth()]} ${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)} ${pad(local.getUTCFullYear(), 4)}`;
  }

  it("reads any created_at at any offset as the same instant", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (date, offset) => {
          const instant = new Date(Math.floor(date.getTime() / 1000) * 1000);
          const post = expectPost(normalizeXV1(status({ created_at: v1Date(instant, offset) })));
          expect(post.createdAt).toBe(instant.toISOString());
        },
      ),
    );
  });

  const STATUS_KEYS = [
    "id_str", "created_at", "text", "full_text", "truncated", "extended_tweet", "user", "entities", "place",
    "retweeted_status", "quoted_status", "is_quote_status", "in_reply_to_status_id_str", "lang", "delete", "limit",
  ] as const;

  /** Every post result is a valid Post; nothing throws. */
  function check(item: unknown): void {
    const result = normalizeXV1(item);
    if (result.type === "post") expect(PostSchema.safeParse(result.post).success).toBe(true);
    if (result.type === "delete") expect(result.key).toMatch(/^x:\d+$/);
  }

  it("never throws on arbitrary JSON, and every post passes PostSchema", () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 500 });
  });

  it("never throws on statuses with fields replaced by arbitrary JSON", () => {
    const field = fc.oneof(fc.jsonValue(), fc.constantFrom(null, undefined, "", "Thu May 10 17:41:57 +0000 2018"));
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...STATUS_KEYS), field),
        fc.dictionary(fc.constantFrom("id_str", "screen_name", "name", "followers_count", "verified"), field),
        (fields, userFields) => {
          const base = status();
          check({ ...base, user: { ...(base.user as object), ...userFields }, ...fields });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("normalizeXV1 on real payloads (xdevplatform/tweet_parser test data)", () => {
  function readStatuses(ctx: TestContext): Record<string, unknown>[] {
    return readFixture(ctx, "x-v1.1/original_format_examples.json")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it("original_format_examples.json: 25 statuses, 3 retweets, countries CL 13, US 2, none 10", (ctx) => {
    const items = readStatuses(ctx);
    expect(items).toHaveLength(25);
    expect(items.filter((i) => "retweeted_status" in i)).toHaveLength(3);
    expect(items.filter((i) => i.is_quote_status === true)).toHaveLength(8);
    expect(items.filter((i) => i.truncated === true)).toHaveLength(5);

    const posts = items.map((item) => {
      expect(isXV1Item(item)).toBe(true);
      return expectPost(normalizeXV1(item));
    });
    // One post per line, keyed on id_str; the numeric ids were rounded by JSON.parse.
    expect(posts.map((p) => p.id)).toEqual(items.map((i) => i.id_str));
    expect(items.filter((i) => String(i.id) !== i.id_str).length).toBeGreaterThan(20);

    const countries: Record<string, number> = {};
    for (const post of posts) countries[post.country ?? "none"] = (countries[post.country ?? "none"] ?? 0) + 1;
    expect(countries).toEqual({ CL: 13, US: 2, none: 10 });

    const kinds: Record<string, number> = {};
    for (const post of posts) kinds[post.kind] = (kinds[post.kind] ?? 0) + 1;
    // 8 quote statuses, one of which is a reply (a reply that quotes is a reply).
    expect(kinds).toEqual({ original: 11, quote: 7, reply: 4, retweet: 3 });

    expect(posts.every((p) => p.author.handle === "RobotPrincessFi" && p.author.id === "815279070241955840")).toBe(true);
    expect(posts.every((p) => p.lang === "en" && p.version === undefined)).toBe(true);

    const state = createState("test");
    for (const post of posts) applyPost(state, post);
    const snapshot = toSnapshot(state);
    expect(snapshot.totals).toMatchObject({ posts: 25, authors: 1, originals: 11, quotes: 7, replies: 4, retweets: 3 });
    expect(snapshot.byCountry).toEqual({ CL: 13, US: 2, unknown: 10 });

    // Media: GIFs (two of them in extended_tweet, one the retweeted original's) and photos, none sensitive.
    const media = Object.fromEntries(posts.filter((p) => p.media).map((p) => [p.id, p.media?.map((m) => m.type).join(",")]));
    expect(media).toEqual({
      "887453193294282752": "gif",
      "887450119146270723": "gif",
      "867834809732677634": "photo",
      "867833721579122688": "photo,photo",
      "867475059358683136": "gif",
      "867473446648676352": "gif",
      "867471562613575680": "gif",
      "867468508149370880": "gif",
    });
    expect(posts.some((p) => p.media?.some((m) => m.sensitive))).toBe(false);
    expect(posts.find((p) => p.id === "887453193294282752")?.media).toEqual([
      {
        type: "gif",
        url: "https://video.twimg.com/tweet_video/DFDd9j0U0AEtlvd.mp4",
        previewUrl: "https://pbs.twimg.com/tweet_video_thumb/DFDd9j0U0AEtlvd.jpg",
        width: 500,
        height: 260,
      },
    ]);
    expect(posts.find((p) => p.id === "867475059358683136")?.media?.[0]?.url).toBe("https://video.twimg.com/tweet_video/DAngwRuW0AAzmYK.mp4");
  });

  it("original_format_examples.json: extended text, entities, retweets and escapes", (ctx) => {
    const items = readStatuses(ctx);
    const byId = new Map(items.map((item) => [item.id_str as string, expectPost(normalizeXV1(item))]));
    const get = (id: string): Post => byId.get(id) ?? expect.unreachable(`no post ${id}`);

    for (const item of items.filter((i) => i.truncated === true)) {
      const full = (item.extended_tweet as { full_text: string }).full_text;
      expect(get(item.id_str as string).text).toBe(full.replaceAll("&amp;", "&"));
    }
    // X escapes & in text; the post shows it as written.
    expect(get("867472736871866368").text).toContain("G) 140 chars & replies.");
    expect(get("872836379595620353").hashtags).toEqual(["tweet", "hashtag"]);
    expect(get("867471067178090496").mentions).toEqual(["notfromshrek", "gnip", "twitter"]);
    expect(get("867470833744191488").urls).toEqual([
      "https://smittenkitchen.com/2009/12/ridiculously-easy-butterscotch-sauce/",
    ]);
    // The quote's own link, from extended_tweet.entities rather than the "read more" link.
    expect(get("867479301360205824").urls).toEqual(["https://twitter.com/notFromShrek/status/861652051016663040"]);

    // The retweet of a truncated status reads in full, not as its cut "si… " wrapper text.
    const retweet = get("867475059358683136");
    expect(retweet.kind).toBe("retweet");
    expect(retweet.text).toBe(
      "RT @RobotPrincessFi: F) Tweet with 140 characters + media. The quick brown fox jumped over the lazily Tweeting dog. Lorem ipsum dolor sit amet, consectetur adipi https://t.co/x2MZliBLyk",
    );
    // The retweeted original's link counts for the retweet.
    expect(get("867478524235366400").urls).toEqual([
      "https://github.com/fionapigott/character-encoding/blob/master/character_encoding.pdf",
    ]);
  });

  it("broken_original_format_missing_user.json: rejected, naming user", (ctx) => {
    const item: unknown = JSON.parse(readFixture(ctx, "x-v1.1/broken_original_format_missing_user.json"));
    expect(isXV1Item(item)).toBe(true);
    expect(expectRejected(normalizeXV1(item))).toBe(
      "X API v1.1 status: user: expected the author object (user) with id_str and screen_name",
    );
  });

  // tweet_parser flags the next three as malformed against its strict key lists. Pulse does not need what they
  // lack, and X adds fields over time, so each is a usable post.
  it("broken_original_format_additional_field.json: an unknown field is ignored", (ctx) => {
    const item = JSON.parse(readFixture(ctx, "x-v1.1/broken_original_format_additional_field.json")) as Record<string, unknown>;
    expect(item.unexpected_field).toBe("blahhhhhh");
    expect(expectPost(normalizeXV1(item))).toMatchObject({
      id: "867834809732677634",
      text: "K) Let's try just one photo! 🐰 https://t.co/ubynnad49V",
      country: "CL",
      kind: "original",
    });
  });

  it("broken_original_format_missing_field.json: user.description is not needed, and id_str beats the rounded id", (ctx) => {
    const item = JSON.parse(readFixture(ctx, "x-v1.1/broken_original_format_missing_field.json")) as Record<string, unknown>;
    expect(item.user).not.toHaveProperty("description");
    // The numeric id in this file was rounded when it was written; id_str is the real one.
    expect(String(item.id)).toBe("867468138991964200");
    const post = expectPost(normalizeXV1(item));
    expect([post.id, post.author.id, post.text]).toEqual([
      "867468138991964160",
      "815279070241955840",
      "A) This is a regular old Tweet. 🐣",
    ]);
  });

  it("broken_original_format_missing_quotetweet_field.json: the quoted status's missing user does not cost the quote", (ctx) => {
    const item = JSON.parse(
      readFixture(ctx, "x-v1.1/broken_original_format_missing_quotetweet_field.json"),
    ) as Record<string, { user?: unknown }>;
    expect(item.quoted_status).toBeDefined();
    expect(item.quoted_status?.user).toBeUndefined();
    const post = expectPost(normalizeXV1(item));
    expect([post.id, post.kind, post.author.handle]).toEqual(["867479301360205824", "quote", "RobotPrincessFi"]);
    expect(post.text).toMatch(/Magic! https:\/\/t\.co\/5PU0FLFRYz$/);
  });
});
