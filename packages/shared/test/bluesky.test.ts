import fc from "fast-check";
import { readFixture } from "@pulse/testkit/fixtures";
import { describe, expect, it } from "vitest";
import { applyDelete, applyPost, createState, toSnapshot } from "../src/aggregate.js";
import { PostSchema } from "../src/models.js";
import type { NormalizeResult } from "../src/normalize/result.js";
import {
  Utf8Slicer,
  atUri,
  isJetstreamEvent,
  jetstreamRepostSubject,
  normalizeJetstream,
} from "../src/normalize/bluesky.js";
import { expectPost, expectRejected } from "./support/normalize-results.js";



const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const TIME_US = 1_725_911_162_329_308;

/** The UTF-8 byte range of `part` in `text`, computed with Buffer so the test does not share the code under test. */
function bytesOf(text: string, part: string, from = 0): { byteStart: number; byteEnd: number } {
  const at = text.indexOf(part, from);
  if (at < 0) throw new Error(`${part} not in ${text}`);
  const byteStart = Buffer.byteLength(text.slice(0, at), "utf8");
  return { byteStart, byteEnd: byteStart + Buffer.byteLength(part, "utf8") };
}

/** A post text with accents and emoji before every facet, so UTF-16 indices and byte offsets differ. */
const TEXT = "Fête de l’emploi 👩🏽‍💻 café ! #VotreJob avec @Pôle-Emploi.bsky.social → exemple.fr/offres ✨ #DeinJob";

/** A realistic Jetstream commit event for `app.bsky.feed.post`; `record` overrides fields of the record. */
function postEvent(
  record: Record<string, unknown> = {},
  commit: Record<string, unknown> = {},
  event: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    did: DID,
    time_us: TIME_US,
    kind: "commit",
    commit: {
      rev: "3l3qo2vutsw2b",
      operation: "create",
      collection: "app.bsky.feed.post",
      rkey: "3l3qo2vuowo2b",
      record: {
        $type: "app.bsky.feed.post",
        createdAt: "2024-09-09T19:46:02.102Z",
        langs: ["fr", "en"],
        text: TEXT,
        facets: [
          {
            index: bytesOf(TEXT, "#VotreJob"),
            features: [{ $type: "app.bsky.richtext.facet#tag", tag: "VotreJob" }],
          },
          {
            index: bytesOf(TEXT, "@Pôle-Emploi.bsky.social"),
            features: [{ $type: "app.bsky.richtext.facet#mention", did: "did:plc:poleemploi" }],
          },
          {
            index: bytesOf(TEXT, "exemple.fr/offres"),
            features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://exemple.fr/offres" }],
          },
          {
            index: bytesOf(TEXT, "#DeinJob"),
            features: [{ $type: "app.bsky.richtext.facet#tag", tag: "DeinJob" }],
          },
        ],
        ...record,
      },
      cid: "bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi",
      ...commit,
    },
    ...event,
  };
}

const POST_URI = `at://${DID}/app.bsky.feed.post/3l3qo2vuowo2b`;
const SUBJECT_URI = "at://did:plc:author/app.bsky.feed.post/3l3qhe6lgrq2b";

function repostEvent(operation = "create", event: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    did: DID,
    time_us: TIME_US,
    kind: "commit",
    commit: {
      rev: "3l3qo2vutsw2c",
      operation,
      collection: "app.bsky.feed.repost",
      rkey: "3l3qo2vrepost",
      ...(operation === "delete"
        ? {}
        : {
            record: {
              $type: "app.bsky.feed.repost",
              createdAt: "2024-09-09T19:47:00.000Z",
              subject: { cid: "bafyreisubject", uri: SUBJECT_URI },
            },
            cid: "bafyreirepost",
          }),
    },
    ...event,
  };
}

describe("Utf8Slicer", () => {
  it("slices by UTF-8 byte offsets through accents, emoji and ZWJ sequences", () => {
    // "é" is 2 bytes, so "#a" starts at byte 3 though it is at UTF-16 index 2.
    expect(new Utf8Slicer("é #a").slice(3, 5)).toBe("#a");
    // "👋" is 4 bytes and 2 UTF-16 units.
    expect(new Utf8Slicer("👋 #b").slice(5, 7)).toBe("#b");
    expect(new Utf8Slicer(TEXT).slice(bytesOf(TEXT, "#DeinJob").byteStart, bytesOf(TEXT, "#DeinJob").byteEnd)).toBe(
      "#DeinJob",
    );
    expect(new Utf8Slicer("").slice(0, 0)).toBe("");
  });

  it("gives undefined for offsets inside a character, out of range, reversed or not integers", () => {
    const slicer = new Utf8Slicer("é👋x");
    expect(slicer.slice(0, 2)).toBe("é");
    expect(slicer.slice(1, 2)).toBeUndefined();
    expect(slicer.slice(2, 4)).toBeUndefined();
    expect(slicer.slice(0, 99)).toBeUndefined();
    expect(slicer.slice(6, 2)).toBeUndefined();
    expect(slicer.slice(-1, 2)).toBeUndefined();
    expect(slicer.slice(0.5, 2)).toBeUndefined();
    expect(slicer.slice("0", 2)).toBeUndefined();
  });

  it("agrees with Buffer's UTF-8 encoding for any text and any code-point boundaries", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.nat(), fc.nat(), (text, a, b) => {
        const points = [...text];
        const [i, j] = [a % (points.length + 1), b % (points.length + 1)].sort((x, y) => x - y) as [number, number];
        const before = points.slice(0, i).join("");
        const part = points.slice(i, j).join("");
        const start = Buffer.byteLength(before, "utf8");
        expect(new Utf8Slicer(text).slice(start, start + Buffer.byteLength(part, "utf8"))).toBe(part);
      }),
    );
  });
});

describe("isJetstreamEvent", () => {
  it("recognizes commit, identity and account events", () => {
    expect(isJetstreamEvent(postEvent())).toBe(true);
    expect(isJetstreamEvent({ did: DID, time_us: 1, kind: "identity", identity: {} })).toBe(true);
    expect(isJetstreamEvent({ did: DID, time_us: 1, kind: "account", account: {} })).toBe(true);
  });

  it("does not claim other formats or junk", () => {
    expect(isJetstreamEvent({ did: DID, time_us: 1, kind: "info" })).toBe(false);
    expect(isJetstreamEvent({ did: DID, time_us: "1", kind: "commit" })).toBe(false);
    expect(isJetstreamEvent({ time_us: 1, kind: "commit" })).toBe(false);
    expect(isJetstreamEvent({ data: { id: "1" }, includes: {} })).toBe(false);
    expect(isJetstreamEvent({ network: "bluesky", id: "x", author: { id: "a", handle: "a" } })).toBe(false);
    expect(isJetstreamEvent({ event: "update", payload: "{}" })).toBe(false);
    for (const junk of [null, undefined, 1, "did", [postEvent()]]) expect(isJetstreamEvent(junk)).toBe(false);
  });
});

describe("normalizeJetstream on hand-written events", () => {
  it("maps a post create, converting facet byte offsets before slicing", () => {
    const post = expectPost(normalizeJetstream(postEvent()));
    expect(post).toEqual({
      network: "bluesky",
      id: POST_URI,
      version: Math.floor(TIME_US / 1000),
      createdAt: "2024-09-09T19:46:02.102Z",
      text: TEXT,
      author: { id: DID, handle: DID },
      lang: "fr",
      hashtags: ["votrejob", "deinjob"],
      mentions: ["pôle-emploi.bsky.social"],
      urls: ["https://exemple.fr/offres"],
      kind: "original",
    });
  });

  it("reads a tag facet without a tag from the text, and adds record.tags", () => {
    const text = "Ça roule 🚲 #JouwBaan";
    const post = expectPost(
      normalizeJetstream(
        postEvent({
          text,
          facets: [{ index: bytesOf(text, "#JouwBaan"), features: [{ $type: "app.bsky.richtext.facet#tag" }] }],
          tags: ["YourJobUK", "jouwbaan", 7, ""],
        }),
      ),
    );
    expect(post.hashtags).toEqual(["jouwbaan", "yourjobuk"]);
  });

  it("falls back to the mention's DID when the offsets do not land on the @handle", () => {
    const text = "👋🏽 Merci @alice.bsky.social";
    const utf16 = { byteStart: text.indexOf("@"), byteEnd: text.length };
    const post = expectPost(
      normalizeJetstream(
        postEvent({
          text,
          facets: [{ index: utf16, features: [{ $type: "app.bsky.richtext.facet#mention", did: "did:plc:alice" }] }],
        }),
      ),
    );
    // Treating the byte offsets as UTF-16 indices would have cut "Merci @alice…" in the wrong place.
    expect(post.mentions).toEqual(["did:plc:alice"]);
    const right = expectPost(
      normalizeJetstream(
        postEvent({
          text,
          facets: [
            {
              index: bytesOf(text, "@alice.bsky.social"),
              features: [{ $type: "app.bsky.richtext.facet#mention", did: "did:plc:alice" }],
            },
          ],
        }),
      ),
    );
    expect(right.mentions).toEqual(["alice.bsky.social"]);
  });

  it("skips malformed facets and features without losing the post", () => {
    const post = expectPost(
      normalizeJetstream(
        postEvent({
          facets: [
            null,
            { index: { byteStart: 0, byteEnd: 4 } },
            { features: [{ $type: "app.bsky.richtext.facet#link" }, 3, { $type: "unknown#thing" }] },
            { index: "x", features: [{ $type: "app.bsky.richtext.facet#tag", tag: "YourJobIE" }] },
          ],
        }),
      ),
    );
    expect(post.hashtags).toEqual(["yourjobie"]);
    expect(post.urls).toEqual([]);
    expect(post.mentions).toEqual([]);
  });

  it.each([
    [{ reply: { root: { uri: "at://x" }, parent: { uri: "at://x" } } }, "reply"],
    [{ embed: { $type: "app.bsky.embed.record", record: { uri: "at://x" } } }, "quote"],
    [{ embed: { $type: "app.bsky.embed.recordWithMedia", record: {}, media: {} } }, "quote"],
    [{ embed: { $type: "app.bsky.embed.images", images: [] } }, "original"],
    [{ reply: { root: {}, parent: {} }, embed: { $type: "app.bsky.embed.record" } }, "reply"],
    [{}, "original"],
  ])("record %j makes kind %s", (fields, kind) => {
    expect(expectPost(normalizeJetstream(postEvent(fields))).kind).toBe(kind);
  });

  it("maps an update to the same post with a later version, which replaces the text", () => {
    const created = expectPost(normalizeJetstream(postEvent()));
    const later = TIME_US + 90_000_000;
    const updated = expectPost(
      normalizeJetstream(postEvent({ text: "corrigé #VotreJob", facets: [] }, { operation: "update" }, { time_us: later })),
    );
    expect(updated.id).toBe(created.id);
    expect(updated.version).toBe(Math.floor(later / 1000));
    expect(updated.version).toBeGreaterThan(created.version ?? 0);
    expect(Number.isSafeInteger(updated.version)).toBe(true);

    for (const order of [
      [created, updated],
      [updated, created],
    ]) {
      const state = createState("test");
      for (const post of order) applyPost(state, post);
      const snapshot = toSnapshot(state);
      expect(snapshot.totals.posts).toBe(1);
      expect(snapshot.recent.map((p) => p.text)).toEqual(["corrigé #VotreJob"]);
    }
    // A create replayed after a resume is a duplicate.
    const state = createState("test");
    applyPost(state, created);
    expect(applyPost(state, expectPost(normalizeJetstream(postEvent()))).outcome).toBe("duplicate");
  });

  it("maps a post delete to the delete of its AT URI key", () => {
    const deleted = normalizeJetstream(postEvent({}, { operation: "delete", record: undefined, cid: undefined }));
    expect(deleted).toEqual({ type: "delete", key: `bluesky:${POST_URI}` });
    const state = createState("test");
    applyPost(state, expectPost(normalizeJetstream(postEvent())));
    expect(applyDelete(state, `bluesky:${POST_URI}`).outcome).toBe("deleted");
    expect(toSnapshot(state).totals.posts).toBe(0);
  });

  it("maps a repost to a retweet keyed on its own AT URI, and its delete to that key", () => {
    const repost = expectPost(normalizeJetstream(repostEvent()));
    expect(repost).toEqual({
      network: "bluesky",
      id: `at://${DID}/app.bsky.feed.repost/3l3qo2vrepost`,
      version: Math.floor(TIME_US / 1000),
      createdAt: "2024-09-09T19:47:00.000Z",
      text: "",
      author: { id: DID, handle: DID },
      hashtags: [],
      mentions: [],
      urls: [],
      kind: "retweet",
    });
    expect(jetstreamRepostSubject(repostEvent())).toBe(SUBJECT_URI);
    expect(normalizeJetstream(repostEvent("delete"))).toEqual({
      type: "delete",
      key: `bluesky:at://${DID}/app.bsky.feed.repost/3l3qo2vrepost`,
    });
    expect(jetstreamRepostSubject(repostEvent("delete"))).toBeUndefined();
    expect(jetstreamRepostSubject(postEvent())).toBeUndefined();
  });

  it("ignores other collections, identity and account events, naming them", () => {
    const like = postEvent({ $type: "app.bsky.feed.like" }, { collection: "app.bsky.feed.like" });
    expect(normalizeJetstream(like)).toEqual({
      type: "ignored",
      reason: "Bluesky commit on app.bsky.feed.like, not a post or repost",
    });
    expect(normalizeJetstream(postEvent({}, { collection: "app.bsky.graph.follow", operation: "delete" })).type).toBe(
      "ignored",
    );
    const identity = {
      did: DID,
      time_us: TIME_US,
      kind: "identity",
      identity: { did: DID, handle: "jcsalterego.bsky.social", seq: 1409752997, time: "2024-09-05T06:11:04.870Z" },
    };
    expect(normalizeJetstream(identity)).toEqual({
      type: "ignored",
      reason: `Bluesky identity event for ${DID} (handle jcsalterego.bsky.social)`,
    });
    const account = { did: DID, time_us: TIME_US, kind: "account", account: { active: true, did: DID, seq: 1 } };
    expect(normalizeJetstream(account).type).toBe("ignored");
  });

  it("falls back to time_us when createdAt is missing or unusable", () => {
    const seen = new Date(Math.floor(TIME_US / 1000)).toISOString();
    for (const createdAt of [undefined, "yesterday", "0001-01-01T00:00:00Z", "+275760-09-13T00:00:00.000Z", 12]) {
      expect(expectPost(normalizeJetstream(postEvent({ createdAt }))).createdAt).toBe(seen);
    }
    expect(expectPost(normalizeJetstream(postEvent({ createdAt: "2024-09-09T21:46:02+02:00" }))).createdAt).toBe(
      "2024-09-09T19:46:02.000Z",
    );
  });

  it("keeps a post without text or langs", () => {
    const post = expectPost(normalizeJetstream(postEvent({ text: undefined, langs: [], facets: undefined })));
    expect(post.text).toBe("");
    expect(post.lang).toBeUndefined();
    expect(post.hashtags).toEqual([]);
  });

  it.each([
    [{ did: "plc:nope", time_us: 1, kind: "commit" }, "did"],
    [{ did: DID, time_us: -1, kind: "commit" }, "time_us"],
    [{ did: DID, time_us: 1.5, kind: "commit" }, "time_us"],
    [{ did: DID, time_us: 1, kind: "commit" }, "commit"],
    [{ did: DID, time_us: 1, kind: "commit", commit: { operation: "create", collection: "app.bsky.feed.post" } }, "commit.rkey"],
    [{ did: DID, time_us: 1, kind: "commit", commit: { operation: "undo", collection: "c", rkey: "r" } }, "commit.operation"],
    [{ did: DID, time_us: 1, kind: "commit", commit: { operation: "create", collection: "app.bsky.feed.post", rkey: "a/b" } }, "commit.rkey"],
    [{ did: DID, time_us: 1, kind: "commit", commit: { operation: "create", collection: "app.bsky.feed.post", rkey: "r" } }, "commit.record"],
  ])("rejects %j, naming %s", (item, field) => {
    expect(expectRejected(normalizeJetstream(item))).toContain(field);
  });

  it("never throws and only makes valid posts, whatever the JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = normalizeJetstream(value);
        if (result.type === "post") expect(PostSchema.safeParse(result.post).success).toBe(true);
      }),
    );
  });

  it("never throws and only makes valid posts, whatever the shape of a plausible event", () => {
    const anything = fc.oneof(fc.jsonValue(), fc.string({ unit: "binary" }), fc.integer());
    const facet = fc.record(
      {
        index: fc.oneof(fc.record({ byteStart: fc.integer({ min: -2, max: 80 }), byteEnd: fc.integer({ min: -2, max: 80 }) }), anything),
        features: fc.array(
          fc.record(
            {
              $type: fc.constantFrom(
                "app.bsky.richtext.facet#tag",
                "app.bsky.richtext.facet#mention",
                "app.bsky.richtext.facet#link",
                "other",
              ),
              tag: fc.oneof(fc.string({ unit: "binary" }), anything),
              did: anything,
              uri: anything,
            },
            { requiredKeys: ["$type"] },
          ),
        ),
      },
      { requiredKeys: [] },
    );
    const record = fc.record(
      {
        text: fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), anything),
        createdAt: fc.oneof(fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? "bad" : d.toISOString())), anything),
        langs: fc.oneof(fc.array(fc.string()), anything),
        facets: fc.oneof(fc.array(facet, { maxLength: 4 }), anything),
        tags: fc.oneof(fc.array(fc.oneof(fc.string({ unit: "binary" }), anything)), anything),
        reply: anything,
        embed: fc.oneof(fc.record({ $type: fc.constantFrom("app.bsky.embed.record", "app.bsky.embed.images") }), anything),
        subject: anything,
      },
      { requiredKeys: [] },
    );
    const event = fc.record({
      did: fc.oneof(fc.constant(DID), fc.string().map((s) => `did:${s}`), anything),
      time_us: fc.oneof(fc.maxSafeNat(), fc.constant(TIME_US), anything),
      kind: fc.constantFrom("commit", "identity", "account", "other"),
      commit: fc.oneof(
        fc.record({
          operation: fc.constantFrom("create", "update", "delete"),
          collection: fc.constantFrom("app.bsky.feed.post", "app.bsky.feed.repost", "app.bsky.feed.like"),
          rkey: fc.string({ minLength: 1 }),
          record,
        }),
        anything,
      ),
      identity: anything,
    });
    fc.assert(
      fc.property(event, (value) => {
        const result = normalizeJetstream(value);
        if (result.type === "post") {
          expect(PostSchema.safeParse(result.post).success).toBe(true);
          expect(result.post.id.startsWith("at://")).toBe(true);
          expect(Number.isSafeInteger(result.post.version)).toBe(true);
        }
        if (result.type === "delete") expect(result.key.startsWith("bluesky:at://")).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("normalizeJetstream media", () => {
  const CID_1 = "bafkreibme22gw2h7y2eunhzq5qvdenrydwgvwvqzqgsrpahnzudnn3xsiu";
  const CID_2 = "bafkreiaeeo6nnufpzfd2yc37zfp45dxhjuycnupmbhm2snbrshvwfjsbwq";
  const VIDEO_CID = "bafkreifhuv36ji7vcq3tmdjltceyrfaat6vdccn2pklxf7j7dgsobdlgbm";
  const blob = (cid: string, mimeType = "image/jpeg") => ({ $type: "blob", ref: { $link: cid }, mimeType, size: 123_456 });
  const images = {
    $type: "app.bsky.embed.images",
    images: [
      { alt: "Le stand de Pôle emploi", image: blob(CID_1), aspectRatio: { width: 2000, height: 1500 } },
      { alt: "", image: blob(CID_2) },
    ],
  };
  const video = {
    $type: "app.bsky.embed.video",
    video: blob(VIDEO_CID, "video/mp4"),
    alt: "Notre atelier CV",
    aspectRatio: { width: 1080, height: 1920 },
  };
  const photoUrls = (cid: string) => ({
    url: `https://cdn.bsky.app/img/feed_fullsize/plain/${DID}/${cid}@jpeg`,
    previewUrl: `https://cdn.bsky.app/img/feed_thumbnail/plain/${DID}/${cid}@jpeg`,
  });
  const videoBase = `https://video.bsky.app/watch/${encodeURIComponent(DID)}/${VIDEO_CID}`;
  const media = (record: Record<string, unknown>) => expectPost(normalizeJetstream(postEvent(record))).media;

  it("maps images to CDN URLs built from the author's DID and each blob's CID", () => {
    expect(media({ embed: images })).toEqual([
      { type: "photo", ...photoUrls(CID_1), alt: "Le stand de Pôle emploi", width: 2000, height: 1500 },
      { type: "photo", ...photoUrls(CID_2) },
    ]);
    // The image host takes the DID as it is; the video host takes it URL-encoded.
    expect(photoUrls(CID_1).url).toContain("/plain/did:plc:ewvi7nxzyoun6zhxrhs64oiz/");
  });

  it("maps a video to its HLS playlist and thumbnail, and one presented as a GIF to a gif", () => {
    expect(media({ embed: video })).toEqual([
      {
        type: "video",
        url: `${videoBase}/playlist.m3u8`,
        previewUrl: `${videoBase}/thumbnail.jpg`,
        alt: "Notre atelier CV",
        width: 1080,
        height: 1920,
      },
    ]);
    expect(videoBase).toBe(`https://video.bsky.app/watch/did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz/${VIDEO_CID}`);
    expect(media({ embed: { ...video, presentation: "gif" } })?.[0]?.type).toBe("gif");
  });

  it("takes a record-with-media's own images or video, never the quoted post's", () => {
    const quoted = { $type: "app.bsky.embed.record", record: { uri: SUBJECT_URI, cid: "bafyreisubject" } };
    const withImages = expectPost(normalizeJetstream(postEvent({ embed: { $type: "app.bsky.embed.recordWithMedia", record: quoted, media: images } })));
    expect(withImages.kind).toBe("quote");
    expect(withImages.media?.map((m) => m.url)).toEqual([photoUrls(CID_1).url, photoUrls(CID_2).url]);
    expect(media({ embed: { $type: "app.bsky.embed.recordWithMedia", record: quoted, media: video } })?.[0]?.url).toBe(`${videoBase}/playlist.m3u8`);
    expect(expectPost(normalizeJetstream(postEvent({ embed: quoted })))).not.toHaveProperty("media");
  });

  it.each([
    [["porn"], true],
    [["sexual"], true],
    [["nudity"], true],
    [["graphic-media"], true],
    [["!no-unauthenticated"], false],
    [[], false],
  ])("self-labels %j mark the media sensitive: %s", (vals, sensitive) => {
    const labels = { $type: "com.atproto.label.defs#selfLabels", values: vals.map((val) => ({ val })) };
    expect(media({ embed: images, labels })?.map((m) => m.sensitive === true)).toEqual([sensitive, sensitive]);
    expect(media({ embed: video, labels })?.map((m) => m.sensitive === true)).toEqual([sensitive]);
  });

  it("reads a legacy blob ref ({ cid, mimeType })", () => {
    expect(media({ embed: { $type: "app.bsky.embed.images", images: [{ alt: "", image: { cid: CID_1, mimeType: "image/jpeg" } }] } })).toEqual([
      { type: "photo", ...photoUrls(CID_1) },
    ]);
  });

  it("skips malformed images one by one and keeps the post; an external card or no embed gives no media", () => {
    const post = expectPost(
      normalizeJetstream(
        postEvent({
          embed: {
            $type: "app.bsky.embed.images",
            images: [
              { alt: "no blob" },
              { image: blob("../../evil?x=1") },
              { image: { $type: "blob", ref: "not a link" } },
              null,
              "image",
              { image: blob(CID_2), alt: 42, aspectRatio: { width: "wide", height: 0 } },
            ],
          },
          labels: "porn",
        }),
      ),
    );
    expect(post.id).toBe(POST_URI);
    expect(post.media).toEqual([{ type: "photo", ...photoUrls(CID_2) }]);
    for (const embed of [
      undefined,
      { $type: "app.bsky.embed.external", external: { uri: "https://exemple.fr", title: "", description: "" } },
      { $type: "app.bsky.embed.video" },
      { $type: "app.bsky.embed.video", video: blob("bad/cid") },
      { $type: "app.bsky.embed.images", images: "none" },
      { $type: "app.bsky.embed.recordWithMedia", media: "none" },
    ]) {
      expect(expectPost(normalizeJetstream(postEvent({ embed })))).not.toHaveProperty("media");
    }
  });

  it("builds no URL from a DID that could leave its path", () => {
    const post = expectPost(normalizeJetstream(postEvent({ embed: images }, {}, { did: "did:web:evil.example/x?y=" })));
    expect(post).not.toHaveProperty("media");
  });
});

describe("normalizeJetstream on real payloads (bluesky-social/jetstream golden_v1.jsonl)", () => {
  it("maps each of the 10 events: a reply, a repost, and 8 ignored", (ctx) => {
    const lines = readFixture(ctx, "bluesky-jetstream/golden_v1.jsonl")
      .split("\n")
      .filter((l) => l.trim() !== "");
    expect(lines).toHaveLength(10);
    const items: unknown[] = lines.map((l) => JSON.parse(l));
    expect(items.every(isJetstreamEvent)).toBe(true);
    const results = items.map(normalizeJetstream);
    expect(results.map((r) => r.type)).toEqual([
      "ignored", // like
      "post", // reply
      "post", // repost
      "ignored", // follow
      "ignored", // profile update
      "ignored", // delete on another collection
      "ignored", // place.stream.broadcast.origin update
      "ignored", // identity
      "ignored", // account
      "ignored", // block
    ]);
    const reasons = results.map((r) => (r.type === "ignored" ? r.reason : ""));
    expect(reasons[0]).toContain("app.bsky.feed.like");
    expect(reasons[5]).toContain("org.hypercerts.claim.activity");
    expect(reasons[7]).toBe("Bluesky identity event for did:plc:g4ut2w5755qxi3fe7mfs72p4");
    expect(reasons[8]).toBe("Bluesky account event for did:plc:g4ut2w5755qxi3fe7mfs72p4");

    const reply = expectPost(results[1] as NormalizeResult);
    expect(reply).toEqual({
      network: "bluesky",
      id: "at://did:plc:q235v55g5unth4zjjdpacfdr/app.bsky.feed.post/3mmoojp4cd223",
      version: 1779719009157,
      createdAt: "2026-05-25T14:23:28.757Z",
      text: "Try RSV for a good time !!",
      author: { id: "did:plc:q235v55g5unth4zjjdpacfdr", handle: "did:plc:q235v55g5unth4zjjdpacfdr" },
      lang: "en",
      hashtags: [],
      mentions: [],
      urls: [],
      kind: "reply",
    });

    const repost = expectPost(results[2] as NormalizeResult);
    expect(repost).toMatchObject({
      id: "at://did:plc:eizxoqcsvvvarxeb3pjkblrp/app.bsky.feed.repost/3mmoojpbade2i",
      createdAt: "2026-05-25T14:23:27.388Z",
      kind: "retweet",
      text: "",
      hashtags: [],
    });
    expect(jetstreamRepostSubject(items[2])).toBe(
      "at://did:plc:hjloomm2tkve3pmfgbxegl3v/app.bsky.feed.post/3mmood3a6hc25",
    );
    expect(atUri("did:plc:q235v55g5unth4zjjdpacfdr", "app.bsky.feed.post", "3mmoojp4cd223")).toBe(reply.id);

    const state = createState("test");
    for (const result of results) if (result.type === "post") applyPost(state, result.post);
    expect(toSnapshot(state).totals).toMatchObject({ posts: 2, authors: 2, replies: 1, retweets: 1, originals: 0 });
  });
});
