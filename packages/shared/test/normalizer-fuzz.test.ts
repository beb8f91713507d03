/**
 * Property tests of every normalizer at once, through `normalizeItems` as the server calls it, on the inputs the
 * server fuzz tests send (`@pulse/testkit/fuzz-inputs`): items of each format, valid and broken, read the way the
 * server reads a body (malformed UTF-8 becomes U+FFFD, nesting up to 20,000 levels), with prototype keys, and huge.
 * Each network's own test file holds its hand-written and real-payload cases.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BAD_UTF8,
  ITEM_FORMATS,
  asServerReads,
  brokenItemArbitrary,
  hugeString,
  itemArbitrary,
  junkValue,
  malformedString,
  seedItems,
  validItem,
  validItemArbitrary,
  withHostileKeys,
  type ItemFormat,
} from "@pulse/testkit/fuzz-inputs";
import { postKey } from "../src/keys.js";
import { PostSchema } from "../src/models.js";
import { normalizeItems, type NormalizeResult } from "../src/normalize/index.js";

const format = fc.constantFrom(...ITEM_FORMATS);

/** Normalizes `item`, checking it does not throw, and that every post passes PostSchema and every delete names a network. */
function normalizeChecked(item: unknown): NormalizeResult[] {
  let results: NormalizeResult[] = [];
  expect(() => (results = normalizeItems(item))).not.toThrow();
  for (const result of results) {
    if (result.type === "post") expect(PostSchema.safeParse(result.post).success, JSON.stringify(result.post).slice(0, 300)).toBe(true);
    if (result.type === "delete") expect(result.key).toMatch(/^(x|mastodon|bluesky|other):./);
    // The catch-all of normalizeItem: a normalizer threw, which it must not.
    if (result.type === "rejected") expect(result.error).not.toMatch(/^could not normalize item/);
  }
  return results;
}

/** The field that carries a post's words in each format, where a format has one. */
const TEXT_PATH: Partial<Record<ItemFormat, string[]>> = {
  post: ["text"],
  "x-v1": ["text"],
  "mastodon-status": ["content"],
};

/** The valid items (`validItem(format, key, 0, variant)`) that carry media, and the media types they make. */
const MEDIA_ITEMS: [ItemFormat, number, string[]][] = [
  ["post", 1, ["photo"]],
  ["x-v2", 1, ["photo", "video"]],
  ["x-v1", 2, ["photo"]],
  ["mastodon-status", 1, ["photo"]],
  ["mastodon-status", 4, ["photo"]],
  ["jetstream", 6, ["photo"]],
];

/** Every path to a field inside an item's media list (`includes.media`, `media_attachments`, `embed.images`…). */
function mediaPaths(value: unknown, path: string[] = [], inside = false, out: string[][] = []): string[][] {
  if (value === null || typeof value !== "object") return out;
  for (const [key, child] of Object.entries(value)) {
    const at = [...path, key];
    const under = inside || /^(media|media_attachments|extended_entities|attachments|embed)$/.test(key);
    if (under) out.push(at);
    mediaPaths(child, at, under, out);
  }
  return out;
}

function setPath(item: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(item);
  let at: Record<string, unknown> = copy;
  for (const step of path.slice(0, -1)) at = at[step] as Record<string, unknown>;
  at[path[path.length - 1] as string] = value;
  return copy;
}

describe("every normalizer, on the fuzz inputs", () => {
  it("reads every valid item of every format: nothing rejected", () => {
    fc.assert(
      fc.property(format.chain((f) => validItemArbitrary({}, f)), (item) => {
        const results = normalizeChecked(item);
        expect(results.length).toBeGreaterThan(0);
        for (const result of results) expect(result.type, JSON.stringify(result)).not.toBe("rejected");
      }),
      { numRuns: 500 },
    );
  });

  it("never throws, and only makes valid posts, whatever breaks an item", () => {
    fc.assert(
      fc.property(format.chain((f) => brokenItemArbitrary({}, f)), (item) => {
        normalizeChecked(asServerReads(item));
      }),
      { numRuns: 1_000 },
    );
  });

  it("reads an item with __proto__, constructor and prototype keys on every object exactly as without them", () => {
    fc.assert(
      fc.property(format.chain((f) => validItemArbitrary({}, f)), (item) => {
        const plain = normalizeChecked(item);
        // Through JSON text, as the server gets it: JSON.parse makes `__proto__` an own key.
        const hostile = normalizeChecked(asServerReads(withHostileKeys(item)));
        expect(hostile).toEqual(plain);
        for (const result of hostile) {
          if (result.type === "post") expect(Object.getPrototypeOf(result.post)).toBe(Object.prototype);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, "isAdmin")).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("with a key pool, only ever makes posts and deletes of the seeded keys (what the server's RSS test relies on)", () => {
    const pool = new Set<string>();
    for (const item of seedItems(10)) {
      for (const result of normalizeItems(item)) {
        expect(result.type).toBe("post");
        if (result.type === "post") pool.add(postKey(result.post));
      }
    }
    expect(pool.size).toBe(seedItems(10).length);
    fc.assert(
      fc.property(itemArbitrary({ keyPool: 10 }), (item) => {
        for (const result of normalizeChecked(asServerReads(item))) {
          if (result.type === "post") expect(pool.has(postKey(result.post)), postKey(result.post)).toBe(true);
          if (result.type === "delete") expect(pool.has(result.key), result.key).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("keeps the media of the valid items that carry them", () => {
    for (const [f, variant, types] of MEDIA_ITEMS) {
      const [result] = normalizeChecked(validItem(f, 3, 0, variant));
      expect(result?.type === "post" ? result.post.media?.map((m) => m.type) : result, `${f} ${variant}`).toEqual(types);
    }
  });

  it("makes only media a screen can load from network items, never withheld, whatever breaks their media", () => {
    // A valid item with media, one field under its media replaced by junk (or any string), then the broken items.
    const brokenMedia = fc
      .tuple(fc.constantFrom(...MEDIA_ITEMS.filter(([f]) => f !== "post")), fc.nat(), fc.oneof(junkValue, malformedString, fc.string(), fc.webUrl()))
      .map(([[f, variant], pick, junk]) => {
        const item = validItem(f, 3, 0, variant);
        const paths = mediaPaths(item);
        const path = paths[pick % paths.length] as string[];
        return setPath(item, path, junk);
      });
    const network = fc.constantFrom(...ITEM_FORMATS.filter((f) => f !== "post"));
    fc.assert(
      fc.property(fc.oneof(brokenMedia, network.chain((f) => brokenItemArbitrary({}, f))), (item) => {
        for (const result of normalizeChecked(asServerReads(item))) {
          if (result.type !== "post") continue;
          for (const media of result.post.media ?? []) {
            expect(media.url).toMatch(/^https?:\/\/[^\s]+$/);
            expect(media).not.toHaveProperty("withheld");
          }
          if (result.post.media) expect(result.post.media.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("keeps a post whose text holds malformed UTF-8, with U+FFFD where the bad bytes were", () => {
    const withText = fc.constantFrom(...(Object.keys(TEXT_PATH) as ItemFormat[])).chain((f) =>
      fc.tuple(
        fc.constant(f),
        // Retweets, reblogs and truncated statuses take their words from elsewhere in the item.
        validItemArbitrary({}, f).filter((item) => !item.reblog && !item.retweeted_status && !item.truncated),
        fc.nat(BAD_UTF8.length - 1),
        fc.string({ maxLength: 20 }),
      ),
    );
    fc.assert(
      fc.property(withText, ([f, item, bad, words]) => {
        const path = TEXT_PATH[f] as string[];
        const results = normalizeChecked(asServerReads(setPath(item, path, `Nous recrutons ⟦bad:${bad}⟧ ${words.replace(/[<>&]/g, "")}`)));
        const [result] = results;
        expect(result?.type).toBe("post");
        if (result?.type === "post") expect(result.post.text).toContain("\ufffd");
      }),
      { numRuns: 200 },
    );
  });

  it("rejects a post whose text is megabytes long, naming the limit, and keeps one at the limit whole", () => {
    const withHugeText = fc.tuple(
      validItemArbitrary({}, "post"),
      // From 200,000 bytes: over 25,000 characters even of lone surrogates, which JSON writes in 6 bytes each.
      fc.integer({ min: 200_000, max: 2_000_000 }),
      fc.constantFrom("x", "é", "👩🏽‍💻", "\ud800"),
    );
    fc.assert(
      fc.property(withHugeText, ([item, bytes, unit]) => {
        const [result] = normalizeChecked(asServerReads({ ...item, text: hugeString(bytes, unit) }));
        expect(result).toEqual({ type: "rejected", error: "over the limits of one item: text: too long; expected at most 25000 characters" });
      }),
      { numRuns: 12 },
    );
    // 25,000 characters of each unit, one or two UTF-16 units each.
    for (const unit of ["x", "é", "😀", "\ud800"]) {
      const text = unit.repeat(25_000);
      const [result] = normalizeChecked(asServerReads({ ...seedItems(1)[0], text }));
      expect(result?.type, unit).toBe("post");
      // Not toBe: a failure would print the whole text.
      if (result?.type === "post") expect(result.post.text === text, unit).toBe(true);
    }
  });
});
