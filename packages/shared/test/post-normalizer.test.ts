import { describe, expect, it } from "vitest";
import { PostSchema } from "../src/models.js";
import { KNOWN_FORMATS, isNormalizedPost, normalizeItem, normalizePost, type NormalizeResult } from "../src/normalize/index.js";
import { expectPost, expectRejected } from "./support/normalize-results.js";

/** The smallest post a partner may send: every list and the kind left to their defaults. */
const minimal = {
  network: "other",
  id: "ext-1",
  createdAt: "2015-06-10T11:15:00+02:00",
  text: "Mon premier #VotreJob",
  author: { id: "u1", handle: "@Marie" },
};



describe("normalizePost", () => {
  it("fills default lists and kind, and writes createdAt as UTC ISO", () => {
    expect(expectPost(normalizePost(minimal))).toEqual({
      network: "other",
      id: "ext-1",
      createdAt: "2015-06-10T09:15:00.000Z",
      text: "Mon premier #VotreJob",
      author: { id: "u1", handle: "@Marie" },
      hashtags: [],
      mentions: [],
      urls: [],
      kind: "original",
    });
  });

  it("lower-cases hashtags, drops a leading # and de-duplicates", () => {
    const post = expectPost(normalizePost({ ...minimal, hashtags: ["#VotreJob", "votrejob", "##Emploi", "  ", "#"] }));
    expect(post.hashtags).toEqual(["votrejob", "emploi"]);
  });

  it("compares mentions without @ and without case", () => {
    const post = expectPost(normalizePost({ ...minimal, mentions: ["@Pole_Emploi", "pole_emploi", "@EURES_JOBS"] }));
    expect(post.mentions).toEqual(["pole_emploi", "eures_jobs"]);
  });

  it("upper-cases an explicit country and keeps lang, urls, kind and version", () => {
    const post = expectPost(
      normalizePost({ ...minimal, country: "fr", lang: "fr", urls: ["https://example.org"], kind: "quote", version: 2 }),
    );
    expect(post).toMatchObject({ country: "FR", lang: "fr", urls: ["https://example.org"], kind: "quote", version: 2 });
  });

  it("drops orgId and unknown fields: attribution is the server's", () => {
    const post = expectPost(normalizePost({ ...minimal, orgId: "acme", extra: 1 }));
    expect(post).not.toHaveProperty("orgId");
    expect(post).not.toHaveProperty("extra");
  });

  it.each([
    [{ author: { id: "u1" } }, "author.handle", "expected string"],
    [{ author: undefined }, "author", "expected object"],
    [{ id: "" }, "id", ""],
    [{ network: "myspace" }, "network", "expected one of"],
    [{ kind: "boost" }, "kind", "expected one of"],
    [{ createdAt: "tomorrow" }, "createdAt", "expected an ISO 8601 date-time"],
    [{ country: "France" }, "country", "ISO 3166-1 alpha-2"],
    [{ hashtags: "votrejob" }, "hashtags", "expected array"],
    [{ text: 42 }, "text", "expected string"],
    [{ author: { id: "u1", handle: "m", followers: -1 } }, "author.followers", ">=0"],
  ])("rejects %j, naming %s and what was expected", (fields, field, expected) => {
    const error = expectRejected(normalizePost({ ...minimal, ...fields }));
    expect(error.startsWith(`normalized post: ${field}: `)).toBe(true);
    expect(error).toContain(expected);
  });

  it("rejects created_at values that are not ISO 8601, which the JS date parser would accept", () => {
    // BUG (reported): PostInputSchema checks createdAt with Date.parse, which reads "1" as 2001-01-01 and
    // "hello 2015" as 2015-01-01, so junk times land in the wrong timeline minute.
    for (const createdAt of ["1", "0", "hello 2015", "June 10, 2015 10:00"]) {
      const error = expectRejected(normalizePost({ ...minimal, createdAt }));
      expect(error).toContain("createdAt");
    }
  });

  it("only ever returns posts that pass PostSchema", () => {
    // BUG (reported): a six-digit year passes Date.parse, and toISOString() then writes "+010000-…",
    // which PostSchema's createdAt refuses.
    const result = normalizePost({ ...minimal, createdAt: "+010000-01-01T00:00:00.000Z" });
    if (result.type === "post") expect(PostSchema.safeParse(result.post).success).toBe(true);
    else expect(expectRejected(result)).toContain("createdAt");
  });
});

describe("normalizePost media", () => {
  const photo = { type: "photo", url: "https://cdn.example/p.jpg", previewUrl: "https://cdn.example/p-small.jpg", alt: "Affiche", width: 800, height: 600 };
  const video = { type: "video", url: "https://cdn.example/v.mp4", sensitive: true, blurhash: "U9Dv$c~q00Rj" };

  it("passes media through, in order", () => {
    expect(expectPost(normalizePost({ ...minimal, media: [photo, video] })).media).toEqual([photo, video]);
  });

  it("drops withheld, which only the server sets, and an empty list", () => {
    const post = expectPost(normalizePost({ ...minimal, media: [{ ...photo, withheld: "approval" }] }));
    expect(post.media).toEqual([photo]);
    expect(expectPost(normalizePost({ ...minimal, media: [] }))).not.toHaveProperty("media");
    expect(expectPost(normalizePost(minimal))).not.toHaveProperty("media");
  });

  it.each([
    [{ media: "https://cdn.example/p.jpg" }, "media", "expected array"],
    [{ media: [photo, { type: "audio", url: "https://cdn.example/a.mp3" }] }, "media.1.type", "expected one of"],
    [{ media: [{ type: "photo" }] }, "media.0.url", "expected the media URL"],
    [{ media: [{ type: "photo", url: "" }] }, "media.0.url", "expected the media URL"],
    [{ media: [{ ...photo, width: -3 }] }, "media.0.width", ">0"],
    [{ media: [{ ...photo, alt: 5 }] }, "media.0.alt", "expected string"],
    [{ media: [{ ...photo, sensitive: "yes" }] }, "media.0.sensitive", "expected boolean"],
  ])("rejects %j, naming %s and what was expected", (fields, field, expected) => {
    const error = expectRejected(normalizePost({ ...minimal, ...fields }));
    expect(error.startsWith(`normalized post: ${field}: `), error).toBe(true);
    expect(error).toContain(expected);
  });
});

describe("normalizeItem", () => {
  it("sends a normalized post to normalizePost", () => {
    expect(normalizeItem(minimal)).toEqual(normalizePost(minimal));
    expect(isNormalizedPost(minimal)).toBe(true);
  });

  it("rejects an unknown format and says what is expected", () => {
    for (const item of [{}, { hello: "world" }, { network: 1, id: "1", author: {} }, { text: "no network" }]) {
      const error = expectRejected(normalizeItem(item));
      expect(error).toBe(`unknown item format: expected ${KNOWN_FORMATS}`);
    }
  });

  it("never throws on junk", () => {
    const circular: Record<string, unknown> = { network: "other", id: "c", author: { id: "a", handle: "b" } };
    circular.self = circular;
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("boom");
        },
        has() {
          throw new Error("boom");
        },
      },
    );
    const throwingGetter = Object.defineProperty({}, "network", {
      enumerable: true,
      get() {
        throw new Error("getter");
      },
    });
    const junk: unknown[] = [
      null,
      undefined,
      0,
      42,
      Number.NaN,
      -1n,
      "",
      "a string",
      true,
      Symbol("s"),
      () => 1,
      [],
      [minimal],
      [[[]]],
      new Date(),
      Object.create(null),
      JSON.parse(`{"__proto__": {"network": "other", "id": "p", "author": {"id": "a", "handle": "b"}}}`),
      circular,
      hostile,
      throwingGetter,
    ];
    for (const item of junk) {
      let result: NormalizeResult | undefined;
      expect(() => (result = normalizeItem(item))).not.toThrow();
      expect(result?.type).toBe("rejected");
    }
  });

  it("does not let a __proto__ key pollute objects", () => {
    const item = JSON.parse(`{"network": "other", "id": "p2", "createdAt": "2015-06-10T09:00:00Z", "text": "t",
      "author": {"id": "a", "handle": "b", "__proto__": {"admin": true}}, "__proto__": {"polluted": true}}`);
    const post = expectPost(normalizeItem(item));
    expect(Object.getPrototypeOf(post)).toBe(Object.prototype);
    expect((post as Record<string, unknown>).polluted).toBeUndefined();
    expect((post.author as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
