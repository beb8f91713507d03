/**
 * The contract's limits on one item, applied by `normalizeItem` to the post of every format: a post at a limit is
 * kept whole, one character or entry over it is rejected with the field and the limit, and nothing is ever cut.
 */
import { describe, expect, it } from "vitest";
import { validItem } from "@pulse/testkit/fuzz-inputs";
import { POST_LIMITS, type Post } from "../src/models.js";
import { checkPostLimits, longerThan, normalizeItem } from "../src/normalize/index.js";
import { expectPost, expectRejected } from "./support/normalize-results.js";

type Json = Record<string, unknown>;

const post = (overrides: Json = {}): Json => ({ ...validItem("post", 1), ...overrides });
const author = (overrides: Json): Json => ({ author: { ...(validItem("post", 1).author as Json), ...overrides } });
/** `n` characters; emoji are two UTF-16 units each, so `"😀".repeat(n)` is n characters in 2n units. */
const chars = (n: number, unit = "a") => unit.repeat(n);
const list = <T = string>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
/** The value at a dotted path such as `author.name` or `urls.1`. */
const at = (value: unknown, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v as Json)[k], value);
const url = (n: number) => `https://example.org/${"p".repeat(n - "https://example.org/".length)}`;
const photo = (u: string): Json => ({ type: "photo", url: u });

describe("limits on one normalized post", () => {
  // [field as the error names it, the item at the limit, the item one over, the error's "expected" part]
  const cases: [string, Json, Json, string][] = [
    ["text", post({ text: chars(25_000) }), post({ text: chars(25_001) }), "expected at most 25000 characters"],
    ["id", post({ id: chars(256) }), post({ id: chars(257) }), "expected at most 256 characters"],
    ["author.id", post(author({ id: chars(256) })), post(author({ id: chars(257) })), "expected at most 256 characters"],
    ["author.handle", post(author({ handle: chars(256) })), post(author({ handle: chars(257) })), "expected at most 256 characters"],
    ["author.name", post(author({ name: chars(512) })), post(author({ name: chars(513) })), "expected at most 512 characters"],
    ["lang", post({ lang: chars(256) }), post({ lang: chars(257) }), "expected at most 256 characters"],
    ["hashtags", post({ hashtags: list(100, (i) => `t${i}`) }), post({ hashtags: list(101, (i) => `t${i}`) }), "101 entries; expected at most 100"],
    ["mentions", post({ mentions: list(100, (i) => `m${i}`) }), post({ mentions: list(101, (i) => `m${i}`) }), "101 entries; expected at most 100"],
    ["urls", post({ urls: list(100, (i) => `https://example.org/${i}`) }), post({ urls: list(101, (i) => `https://example.org/${i}`) }), "101 entries; expected at most 100"],
    ["urls.1", post({ urls: ["https://example.org/", url(2_048)] }), post({ urls: ["https://example.org/", url(2_049)] }), "expected a URL of at most 2048 characters"],
    ["hashtags.0", post({ hashtags: [chars(256)] }), post({ hashtags: [chars(257)] }), "expected a hashtag of at most 256 characters"],
    ["mentions.0", post({ mentions: [chars(256)] }), post({ mentions: [chars(257)] }), "expected a mention of at most 256 characters"],
    ["media", post({ media: list(100, (i) => photo(`https://example.org/${i}`)) }), post({ media: list(101, (i) => photo(`https://example.org/${i}`)) }), "101 entries; expected at most 100"],
    ["media.0.alt", post({ media: [{ ...photo("https://example.org/"), alt: chars(25_000) }] }), post({ media: [{ ...photo("https://example.org/"), alt: chars(25_001) }] }), "expected at most 25000 characters"],
    ["media.0.blurhash", post({ media: [{ ...photo("https://example.org/"), blurhash: chars(256) }] }), post({ media: [{ ...photo("https://example.org/"), blurhash: chars(257) }] }), "expected at most 256 characters"],
    ["media.1.url", post({ media: [photo("https://example.org/"), photo(url(2_048))] }), post({ media: [photo("https://example.org/"), photo(url(2_049))] }), "expected at most 2048 characters"],
  ];

  it.each(cases)("%s: kept whole at the limit, rejected one over it with the field and the limit", (field, atLimit, over, expected) => {
    // Kept whole: nothing was cut to fit.
    expect(at(expectPost(normalizeItem(atLimit)), field)).toEqual(at(atLimit, field));
    expect(expectRejected(normalizeItem(over))).toBe(`over the limits of one item: ${field}: ${expected.includes("entries") ? "" : "too long; "}${expected}`);
  });

  it("counts characters, not UTF-16 units: 25,000 emoji are a text at the limit", () => {
    expect(expectPost(normalizeItem(post({ text: chars(25_000, "😀") }))).text).toHaveLength(50_000);
    expect(expectRejected(normalizeItem(post({ text: chars(25_001, "😀") })))).toMatch(/^over the limits of one item: text: too long/);
    expect(expectRejected(normalizeItem(post({ text: `${chars(24_999, "😀")}aa` })))).toMatch(/text: too long/);
    expect(longerThan(chars(12_500, "😀") + chars(12_500), 25_000)).toBe(false);
    // A lone surrogate is a character of its own.
    expect(longerThan("\ud800".repeat(25_001), 25_000)).toBe(true);
  });

  it("applies to the normalized post: hashtags repeated past 100 that normalize to fewer are kept", () => {
    const kept = expectPost(normalizeItem(post({ hashtags: list(150, (i) => (i % 2 ? "#VotreJob" : "votrejob")) })));
    expect(kept.hashtags).toEqual(["votrejob"]);
  });

  it("rejects a megabyte text in 4 MB of input without cutting it, in every format", () => {
    const huge = chars(4 * 1024 * 1024);
    const x2 = validItem("x-v2", 1);
    const x1 = validItem("x-v1", 1);
    const mastodon = validItem("mastodon-status", 1);
    const jetstream = validItem("jetstream", 1);
    const items: [string, unknown][] = [
      ["normalized post", post({ text: huge })],
      ["X API v2", { ...x2, data: { ...(x2.data as Json), text: huge } }],
      ["X API v1.1", { ...x1, text: huge }],
      // Mastodon HTML over 65,536 characters is refused by its own normalizer; 30,000 characters of text fit.
      ["Mastodon", { ...mastodon, content: `<p>${chars(30_000)}</p>` }],
      ["Bluesky", { ...jetstream, commit: { ...(jetstream.commit as Json), record: { ...((jetstream.commit as Json).record as Json), text: huge } } }],
    ];
    for (const [format, item] of items) {
      expect(expectRejected(normalizeItem(item)), format).toBe("over the limits of one item: text: too long; expected at most 25000 characters");
    }
  });

  it("rejects 200,000 hashtags, mentions or URLs a network message carries", () => {
    const many = list(200_000, (i) => `t${i}`);
    const x2 = validItem("x-v2", 1);
    const tweet = x2.data as Json;
    const withEntities = (entities: Json) => ({ ...x2, data: { ...tweet, entities } });
    expect(expectRejected(normalizeItem(withEntities({ hashtags: many.map((tag) => ({ start: 0, end: 1, tag })) })))).toBe(
      "over the limits of one item: hashtags: 200000 entries; expected at most 100",
    );
    expect(expectRejected(normalizeItem(withEntities({ mentions: many.map((username) => ({ start: 0, end: 1, username })) })))).toMatch(/mentions: 200000 entries/);
    expect(expectRejected(normalizeItem(withEntities({ urls: many.map((u) => ({ start: 0, end: 1, url: u, expanded_url: `https://example.org/${u}` })) })))).toMatch(
      /urls: 200000 entries/,
    );
    const mastodon = validItem("mastodon-status", 1);
    expect(expectRejected(normalizeItem({ ...mastodon, tags: many.map((name) => ({ name, url: "https://fuzz.example/tags/x" })) }))).toMatch(/hashtags: 200000 entries/);
  });

  it("rejects more than 100 media, or a media URL over 2,048 characters, that a network message carries", () => {
    const mastodon = validItem("mastodon-status", 1);
    const attachment = (u: string) => ({ type: "image", url: u, preview_url: u });
    const attachments = list(101, (i) => attachment(`https://files.fuzz.example/${i}.jpg`));
    expect(expectRejected(normalizeItem({ ...mastodon, media_attachments: attachments }))).toBe(
      "over the limits of one item: media: 101 entries; expected at most 100",
    );
    expect(expectPost(normalizeItem({ ...mastodon, media_attachments: attachments.slice(1) })).media).toHaveLength(100);
    expect(expectRejected(normalizeItem({ ...mastodon, media_attachments: [attachment(url(2_049))] }))).toBe(
      "over the limits of one item: media.0.url: too long; expected at most 2048 characters",
    );
  });

  it("limits media, a v2 field, as soon as a post carries it", () => {
    const base = expectPost(normalizeItem(post())) as Post & { media?: unknown };
    const photo = (u: string) => ({ type: "photo", url: u, previewUrl: u });
    expect(checkPostLimits({ ...base, media: list(100, (i) => photo(`https://example.org/${i}.jpg`)) } as Post)).toBeUndefined();
    expect(checkPostLimits({ ...base, media: list(101, (i) => photo(`https://example.org/${i}.jpg`)) } as Post)).toBe("media: 101 entries; expected at most 100");
    expect(checkPostLimits({ ...base, media: [photo(url(2_049))] } as Post)).toBe("media.0.url: too long; expected at most 2048 characters");
    expect(checkPostLimits({ ...base, media: [{ ...photo("https://example.org/a.jpg"), previewUrl: url(2_049) }] } as Post)).toBe(
      "media.0.previewUrl: too long; expected at most 2048 characters",
    );
    expect(POST_LIMITS.entries).toBe(100);
  });
});
