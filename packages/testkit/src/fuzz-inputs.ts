/**
 * What the outside world may send Pulse, as fast-check arbitraries: items of every supported format, some with
 * pictures and videos (valid, then broken field by field), `POST /api/ingest` requests (JSON, NDJSON, raw bytes, malformed UTF-8 and UTF-16, nesting
 * up to 100,000 levels, strings around the body limit, items over the limits of one item (megabyte strings and
 * 200,000-entry lists in any field of any format), `__proto__` and `constructor` keys) and Socket.IO input
 * (events of any name with any arguments, oversized messages, raw packets).
 *
 * Every fuzz test draws from here, so they all fuzz the same inputs: the normalizer properties in packages/shared,
 * the in-process run in apps/server and the out-of-process run in apps/e2e.
 *
 * Keys: by default ids range freely, so posts the server accepts keep adding to its store. With a key pool of `n`,
 * every id comes from `n` per format, and `seedItems(n)` holds each of those posts once: after the seed, whatever is
 * generated is a duplicate, an edit (which replaces a post), a delete of a pool key, ignored or rejected, so the
 * store stops growing. That is what a memory measurement of the server needs.
 */
import fc from "fast-check";

/** The item formats `POST /api/ingest` detects (see the contract), as the generators name them. */
export const ITEM_FORMATS = ["post", "x-v2", "x-v1", "x-v1-delete", "mastodon-status", "mastodon-event", "jetstream"] as const;

/** One of `ITEM_FORMATS`. */
export type ItemFormat = (typeof ITEM_FORMATS)[number];

/** Where the generated ids come from. */
export interface KeyOptions {
  /** Draw every id from this many per format (see the module comment); unset: ids range freely. */
  keyPool?: number;
}

/** The largest edit version generated: edits stay few per key, so a bounded pool stays bounded. */
export const MAX_VERSION = 2;

// ---------------------------------------------------------------------------------------------------------------
// Valid items of every format

type Json = Record<string, unknown>;

const DAY_MS = Date.parse("2015-02-24T00:00:00Z");
const TAGS = ["VotreJob", "DeinJob", "JouwBaan", "fuzz"];
const NETWORKS = ["other", "x", "mastodon", "bluesky"] as const;
const KINDS = ["original", "retweet", "reply", "quote"] as const;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A second of the campaign day per key. */
const at = (key: number) => DAY_MS + (key % 86_400) * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const two = (n: number) => String(n).padStart(2, "0");
/** An X id: digits only, as id_str and v2 ids are. `edit` picks one id of an edit chain. */
const xId = (prefix: string, key: number, edit = 0) => `${prefix}${String(key).padStart(10, "0")}${edit}`;
const mastodonUri = (key: number) => `https://fuzz.example/users/u${key % 17}/statuses/${key}`;
const did = (key: number) => `did:plc:fuzz${key % 17}`;

/** A date the way X API v1.1 writes it. */
function v1Date(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

/** A normalized Post. The variant picks its network, kind and country. */
function normalizedPost(key: number, version: number, variant: number): Json {
  const tag = TAGS[variant % TAGS.length];
  return {
    network: NETWORKS[variant % NETWORKS.length],
    id: `fuzz-${key}`,
    createdAt: iso(at(key)),
    text: `Nous recrutons #${tag} ${key}`,
    author: { id: `fuzz-author-${key % 17}`, handle: `@Fuzz${key % 17}`, name: "Fuzz", followers: key },
    hashtags: [tag],
    mentions: ["@PoleEmploi"],
    urls: ["https://example.org/jobs"],
    kind: KINDS[Math.floor(variant / NETWORKS.length) % KINDS.length],
    ...(variant % 3 === 0 ? { country: "fr" } : {}),
    lang: "fr",
    ...(version > 0 ? { version } : {}),
    ...(variant % 5 === 1 ? { media: [{ type: "photo", url: `https://cdn.fuzz.example/${key}.jpg`, alt: "Affiche", width: 800, height: 600, sensitive: key % 2 === 0 }] } : {}),
  };
}

/** An X API v2 tweet at edit `version` (its place in the edit history). */
function xV2Tweet(key: number, version: number, variant: number): Json {
  const authorId = `${4200 + (key % 17)}`;
  const ref = variant % KINDS.length;
  return {
    id: xId("7", key, version),
    text: `Nous recrutons #VotreJob @PoleEmploi https://t.co/fz${key}`,
    author_id: authorId,
    created_at: iso(at(key)),
    lang: "fr",
    edit_history_tweet_ids: Array.from({ length: version + 1 }, (_, k) => xId("7", key, k)),
    ...(variant % 2 === 0 ? { geo: { place_id: "p1" } } : {}),
    entities: {
      hashtags: [{ start: 15, end: 24, tag: "VotreJob" }],
      mentions: [{ start: 25, end: 36, username: "PoleEmploi", id: "7" }],
      urls: [{ start: 37, end: 60, url: `https://t.co/fz${key}`, expanded_url: "https://example.org/jobs" }],
    },
    ...(ref > 0 ? { referenced_tweets: [{ type: ["retweeted", "replied_to", "quoted"][ref - 1], id: "1" }] } : {}),
    ...(variant % 3 === 1 ? { attachments: { media_keys: [`3_${key}`, `7_${key}`] }, possibly_sensitive: variant % 2 === 0 } : {}),
  };
}

/** The `includes.media` of a v2 tweet with `attachments`: a photo and a video. */
function xV2Media(key: number): Json[] {
  return [
    { media_key: `3_${key}`, type: "photo", url: `https://pbs.twimg.com/media/fz${key}.jpg`, width: 1200, height: 800, alt_text: "Salon" },
    {
      media_key: `7_${key}`,
      type: "video",
      preview_image_url: `https://pbs.twimg.com/ext_tw_video_thumb/fz${key}.jpg`,
      width: 1280,
      height: 720,
      variants: [
        { content_type: "application/x-mpegURL", url: `https://video.twimg.com/fz${key}.m3u8` },
        { bit_rate: 832000, content_type: "video/mp4", url: `https://video.twimg.com/fz${key}.mp4` },
      ],
    },
  ];
}

/** An X API v2 stream message; some variants are a lookup of every version, or a stream error. */
function xV2Message(key: number, version: number, variant: number): Json {
  if (variant % 7 === 6) {
    return { errors: [{ title: "operational-disconnect", detail: "This stream has been disconnected", type: "https://api.twitter.com/2/problems/operational-disconnect" }] };
  }
  const includes = {
    users: [{ id: `${4200 + (key % 17)}`, username: `fuzz_${key % 17}`, name: "Fuzz", verified: false, public_metrics: { followers_count: key } }],
    places: [{ id: "p1", full_name: "Paris, France", country_code: "fr" }],
    tweets: [{ id: "1", text: "a quoted or retweeted tweet, which never counts on its own", author_id: "1" }],
    ...(variant % 3 === 1 ? { media: xV2Media(key) } : {}),
  };
  const data = variant % 7 === 5 ? Array.from({ length: version + 1 }, (_, v) => xV2Tweet(key, v, variant)) : xV2Tweet(key, version, variant);
  return { data, includes, matching_rules: [{ id: "1", tag: "votrejob" }] };
}

/** An X API v1.1 status: original, retweet, reply, quote, or truncated with its extended text. */
function xV1Status(key: number, variant: number): Json {
  const idStr = xId("6", key);
  const text = "Nous recrutons #VotreJob @PoleEmploi &amp; merci";
  const entities = {
    hashtags: [{ text: "VotreJob", indices: [15, 24] }],
    user_mentions: [{ screen_name: "PoleEmploi", id_str: "7", indices: [25, 36] }],
    urls: [],
    symbols: [],
  };
  const user = (id: number) => ({ id, id_str: String(id), name: "Fuzz", screen_name: `fuzz_${id % 17}`, followers_count: key, verified: false });
  const kind = variant % KINDS.length;
  const original = { created_at: v1Date(DAY_MS), id_str: "1", text, user: user(1), entities };
  return {
    created_at: v1Date(at(key)),
    // The numeric id is rounded by JSON.parse, as it is in real payloads.
    id: Number(idStr),
    id_str: idStr,
    text: kind === 1 ? `RT @fuzz_1: ${text}` : text,
    truncated: variant % 5 === 4,
    ...(variant % 5 === 4 ? { extended_tweet: { full_text: `${text} et plus encore`, entities } } : {}),
    in_reply_to_status_id_str: kind === 2 ? "1" : null,
    user: user(4200 + (key % 17)),
    place: variant % 2 ? { full_name: "Paris, France", country_code: "fr" } : null,
    is_quote_status: kind === 3,
    ...(kind === 1 ? { retweeted_status: original } : {}),
    ...(kind === 3 ? { quoted_status: original } : {}),
    entities,
    ...(variant % 3 === 2
      ? { extended_entities: { media: [{ id_str: "9", type: "photo", media_url_https: `https://pbs.twimg.com/media/v1fz${key}.jpg`, sizes: { large: { w: 2048, h: 1536, resize: "fit" } } }] } }
      : {}),
    lang: "fr",
    timestamp_ms: String(at(key)),
  };
}

/** An X API v1.1 stream notice: a status delete (of a pool key), or one that is understood and ignored. */
function xV1Notice(key: number, variant: number): Json {
  const idStr = xId("6", key);
  switch (variant % 4) {
    case 1:
      return { limit: { track: key, timestamp_ms: String(at(key)) } };
    case 2:
      return { delete: { direct_message: { id: key, id_str: String(key), user_id: 1, user_id_str: "1" }, timestamp_ms: String(at(key)) } };
    default:
      return { delete: { status: { id: Number(idStr), id_str: idStr, user_id: 4200, user_id_str: "4200" }, timestamp_ms: String(at(key)) } };
  }
}

/** A Mastodon Status; `version` sets `edited_at`, which ranks its edits. Some variants are a reblog. */
function mastodonStatus(key: number, version: number, variant: number): Json {
  const acct = `u${key % 17}`;
  const status: Json = {
    id: `11${String(key).padStart(10, "0")}`,
    created_at: iso(at(key)),
    in_reply_to_id: variant % 4 === 2 ? "1" : null,
    sensitive: false,
    spoiler_text: variant % 5 === 0 ? "CW emploi" : "",
    visibility: "public",
    language: "fr",
    uri: mastodonUri(key),
    url: `https://fuzz.example/@${acct}/${key}`,
    edited_at: version > 0 ? iso(at(key) + version * 60_000) : null,
    content:
      '<p>Nous recrutons <a href="https://fuzz.example/tags/VotreJob" class="mention hashtag" rel="tag">#<span>VotreJob</span></a> ' +
      `avec <span class="h-card"><a href="https://fuzz.example/@poleemploi" class="u-url mention">@<span>poleemploi</span></a></span> ${key}<br>` +
      '<a href="https://example.org/jobs">example.org/jobs</a> &amp; &lt;3</p>',
    reblog: null,
    account: { id: String(key % 17), username: acct, acct, display_name: "Fuzz", url: `https://fuzz.example/@${acct}`, followers_count: key, bot: false },
    media_attachments:
      variant % 3 === 1
        ? [{ id: "1", type: "image", url: `https://fuzz.example/media/${key}.jpg`, preview_url: `https://fuzz.example/media/${key}-small.jpg`, description: null, blurhash: "U9Dv$c~q00Rj", meta: { original: { width: 800, height: 600 } } }]
        : [],
    mentions: [{ id: "8", username: "poleemploi", acct: "poleemploi", url: "https://fuzz.example/@poleemploi" }],
    tags: [{ name: "VotreJob", url: "https://fuzz.example/tags/votrejob" }],
    card: null,
    quote: null,
  };
  if (variant % 4 === 1) {
    status.reblog = { ...status, uri: "https://other.example/users/a/statuses/1", url: "https://other.example/@a/1", account: { id: "1", username: "a", acct: "a@other.example", url: "https://other.example/@a" } };
    status.content = "";
  }
  return status;
}

/** A Mastodon streaming event: `update` or `status.update` (payload as an object; `encode` may make it text), a delete of a pool key, or one that is ignored. */
function mastodonEvent(key: number, version: number, variant: number): Json {
  switch (variant % 5) {
    case 0:
    case 1:
      return { event: "update", payload: mastodonStatus(key, version, Math.floor(variant / 5)) };
    case 2:
      return { event: "status.update", payload: mastodonStatus(key, version, Math.floor(variant / 5)) };
    case 3:
      return { event: "delete", payload: mastodonUri(key) };
    default:
      return { event: "notification", payload: JSON.stringify({ id: "1", type: "favourite" }) };
  }
}

/** The UTF-8 byte range of `part` in `text`, as Bluesky facets give it. */
function bytesOf(text: string, part: string): { byteStart: number; byteEnd: number } {
  const byteStart = Buffer.byteLength(text.slice(0, text.indexOf(part)), "utf8");
  return { byteStart, byteEnd: byteStart + Buffer.byteLength(part, "utf8") };
}

/** A Bluesky Jetstream event: a post created, updated or deleted, a repost, a like, or an identity event. */
function jetstreamEvent(key: number, version: number, variant: number): Json {
  // Jetstream versions are time_us in whole milliseconds: an edit is a later commit.
  const base = { did: did(key), time_us: (at(key) + version) * 1000, kind: "commit" };
  const rkey = `fuzz${key}`;
  const text = `Fête de l’emploi 👩🏽‍💻 #VotreJob avec @pole-emploi.bsky.social ${key}`;
  const post = {
    $type: "app.bsky.feed.post",
    createdAt: iso(at(key)),
    langs: ["fr"],
    text,
    facets: [
      { index: bytesOf(text, "#VotreJob"), features: [{ $type: "app.bsky.richtext.facet#tag", tag: "VotreJob" }] },
      { index: bytesOf(text, "@pole-emploi.bsky.social"), features: [{ $type: "app.bsky.richtext.facet#mention", did: "did:plc:poleemploi" }] },
    ],
    ...(Math.floor(variant / 6) % 2 === 1
      ? { embed: { $type: "app.bsky.embed.images", images: [{ alt: "Salon", image: { $type: "blob", ref: { $link: "bafkreibme22gw2h7y2eunhzq5qvdenrydwgvwvqzqgsrpahnzudnn3xsiu" }, mimeType: "image/jpeg", size: 1000 }, aspectRatio: { width: 4, height: 3 } }] } }
      : {}),
  };
  switch (variant % 6) {
    case 0:
    case 1:
      return { ...base, commit: { rev: "3l3qo2vutsw2b", operation: version > 0 ? "update" : "create", collection: "app.bsky.feed.post", rkey, record: post, cid: "bafyfuzz" } };
    case 2:
      return { ...base, commit: { rev: "3l3qo2vutsw2c", operation: "create", collection: "app.bsky.feed.repost", rkey, record: { $type: "app.bsky.feed.repost", createdAt: iso(at(key)), subject: { uri: "at://did:plc:author/app.bsky.feed.post/1", cid: "bafysubject" } }, cid: "bafyrepost" } };
    case 3:
      return { ...base, commit: { rev: "3l3qo2vutsw2d", operation: "delete", collection: variant % 12 === 3 ? "app.bsky.feed.post" : "app.bsky.feed.repost", rkey } };
    case 4:
      return { ...base, commit: { rev: "3l3qo2vutsw2e", operation: "create", collection: "app.bsky.feed.like", rkey, record: { $type: "app.bsky.feed.like", subject: { uri: "at://did:plc:author/app.bsky.feed.post/1" } } } };
    default:
      return { ...base, kind: "identity", identity: { did: did(key), handle: "fuzz.bsky.social", seq: key, time: iso(at(key)) } };
  }
}

/**
 * A valid item of `format` for pool key `key` at edit `version` (0 to `MAX_VERSION`; formats without edits ignore
 * it). `variant` picks among the shapes a format has (retweets, reblogs, deletes, ignored notices...).
 */
export function validItem(format: ItemFormat, key: number, version = 0, variant = 0): Json {
  switch (format) {
    case "post":
      return normalizedPost(key, version, variant);
    case "x-v2":
      return xV2Message(key, version, variant);
    case "x-v1":
      return xV1Status(key, variant);
    case "x-v1-delete":
      return xV1Notice(key, variant);
    case "mastodon-status":
      return mastodonStatus(key, version, variant);
    case "mastodon-event":
      return mastodonEvent(key, version, variant);
    case "jetstream":
      return jetstreamEvent(key, version, variant);
  }
}

/**
 * The posts of a key pool of `size`, each once at version 0: every key an item of `validItem` can carry with that
 * pool, except deletes. Ingest them first, and every later post of the pool is a duplicate or an edit.
 */
export function seedItems(size: number): Json[] {
  const items: Json[] = [];
  for (let key = 0; key < size; key++) {
    for (let network = 0; network < NETWORKS.length; network++) items.push(normalizedPost(key, 0, network));
    items.push(xV2Message(key, 0, 0), xV1Status(key, 0), mastodonStatus(key, 0, 0));
    items.push(jetstreamEvent(key, 0, 0), jetstreamEvent(key, 0, 2));
  }
  return items;
}

// ---------------------------------------------------------------------------------------------------------------
// Junk

/** Keys attackers like, and the keys every format is detected by. */
export const hostileKey = fc.constantFrom(
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf",
  "data", "includes", "network", "id", "id_str", "author", "user", "account", "event", "payload", "did", "kind", "commit", "delete", "text", "content",
);

/** Strings that are not well-formed: lone surrogates (JSON carries them as `\ud800` escapes), NUL, BOM, bidi overrides. */
export const malformedString = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    fc.constantFrom("\u0000", "\ufeff", "\ufffd", "\u202e", "\u200d", "\r", "\n", "\\", '"', "é", "👩🏽‍💻"),
    fc.string({ unit: "binary", maxLength: 1 }),
  ),
  maxLength: 40,
});

/** Byte sequences that are not UTF-8: stray continuation, truncated, overlong, surrogates encoded, beyond U+10FFFF. */
export const BAD_UTF8: readonly (readonly number[])[] = [
  [0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xff], [0xff, 0xfe],
];

/**
 * Marks that `encodeJson` turns into raw bytes: `⟦bad:k⟧` inside a string becomes `BAD_UTF8[k]`, and a string that
 * is exactly `⟦deep:a:n⟧` (or `o`) becomes JSON nested n levels deep (arrays, or objects). Values stay plain JSON
 * until then, so a generator can put them anywhere.
 */
const MARK = /"⟦deep:([ao]):(\d+)⟧"|⟦bad:(\d+)⟧/g;

/** A string with invalid UTF-8 bytes in it, once encoded. */
export const badUtf8String = fc
  .tuple(fc.string({ maxLength: 10 }), fc.nat(BAD_UTF8.length - 1), fc.string({ maxLength: 10 }))
  .map(([before, k, after]) => `${before}⟦bad:${k}⟧${after}`);

/** A value nested `depth` levels deep once encoded. */
export const deepValue = (maxDepth: number) =>
  fc.tuple(fc.constantFrom("a", "o"), fc.integer({ min: 1, max: maxDepth })).map(([shape, depth]) => `⟦deep:${shape}:${depth}⟧`);

/** HTML nested `depth` tags deep, for Mastodon's HTML content. */
export const deepHtml = (maxDepth: number) =>
  fc.tuple(fc.constantFrom("span", "p", "a", "b", "blockquote"), fc.integer({ min: 1, max: maxDepth })).map(([tag, depth]) => `<${tag}>`.repeat(depth) + "#VotreJob");

/** JSON values made of junk leaves, hostile keys and the values formats are detected by. */
export const junkValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    malformedString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(
      "", " ", "0", "-1", "1e999", "NaN", "null", "[]", "{}", "2015-02-24T10:00:00Z", "+010000-01-01T00:00:00Z", "Tue Feb 24 10:00:00 +0000 2015",
      "<p>", "</p><script>alert(1)</script>", "#VotreJob", "@", "did:", "at://", "https://", "commit", "create", "update", "delete",
      Number.MAX_SAFE_INTEGER + 2, -0, 1e308, 5e-324,
    ),
  ),
  node: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileKey, fc.string()), tie("node"), { maxKeys: 5 }),
  ),
})).node;

/** A string of about `bytes` UTF-8 bytes, of one repeated unit (ASCII, accents, emoji, markup or lone surrogates). */
export function hugeString(bytes: number, unit: string): string {
  const unitBytes = unit === "\ud800" ? 6 : Buffer.byteLength(unit, "utf8");
  return unit.repeat(Math.max(1, Math.floor(bytes / unitBytes)));
}

/** The units `hugeString` is made of. */
const HUGE_UNITS = ["x", "é", "👩🏽‍💻", "<b>a</b>", "\ud800", "#VotreJob "];

/** Gives `obj` an own property even for `__proto__`, which an assignment would not create. */
function defineOwn(obj: Json, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A copy of `value` where every object also has own `__proto__`, `constructor` and `prototype` keys (as
 * `JSON.parse` makes them), holding `payload`. Pulse must read it exactly as it reads `value`.
 */
export function withHostileKeys(value: unknown, payload: unknown = { polluted: true, isAdmin: true, network: "x", country: "ZZ" }): unknown {
  if (Array.isArray(value)) return value.map((v) => withHostileKeys(v, payload));
  if (value === null || typeof value !== "object") return value;
  const copy: Json = {};
  for (const [k, v] of Object.entries(value)) defineOwn(copy, k, withHostileKeys(v, payload));
  defineOwn(copy, "__proto__", payload);
  defineOwn(copy, "constructor", { prototype: payload });
  defineOwn(copy, "prototype", payload);
  return copy;
}

// ---------------------------------------------------------------------------------------------------------------
// Broken items

type Path = (string | number)[];

/** Paths that carry an item's key (or turn it into a delete of another key): left alone with a key pool. */
const KEY_PATH = /^(network|id|id_str|uri|did|kind|event|payload|payload\.uri|delete(\..*)?|data(\.\d+)?(\.id|\.edit_history_tweet_ids(\.\d+)?)?|commit(\.(rkey|collection|operation))?)$/;

/** Every path to a property of `value`, a few levels deep. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length >= 5 || value === null || typeof value !== "object") return out;
  for (const [k, v] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(k) : k];
    out.push(path);
    pathsOf(v, path, out);
  }
  return out;
}

/** One change to an item: a field replaced by junk, removed, or given prototype keys. */
type Mutation = { op: "set"; path: Path; value: unknown } | { op: "delete"; path: Path } | { op: "hostile"; path: Path };

function applyMutation(item: Json, m: Mutation): void {
  let parent: unknown = item;
  for (const step of m.path.slice(0, -1)) {
    // An earlier mutation may have replaced or removed this path.
    if (parent === null || typeof parent !== "object") return;
    parent = (parent as Json)[step as string];
  }
  if (parent === null || typeof parent !== "object") return;
  const last = m.path[m.path.length - 1] as string;
  const target = parent as Json;
  if (m.op === "set") defineOwn(target, last, m.value);
  else if (m.op === "delete") delete target[last];
  else {
    const inner = target[last];
    if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
      defineOwn(inner as Json, "__proto__", { polluted: true, network: "x", id: "other" });
      defineOwn(inner as Json, "constructor", { prototype: { polluted: true } });
    }
  }
}

/** Field values that break items: junk, malformed UTF-8 and UTF-16, deep nesting, nested HTML, long strings. */
const fieldJunk = fc.oneof(
  { arbitrary: junkValue, weight: 6 },
  { arbitrary: malformedString, weight: 2 },
  { arbitrary: badUtf8String, weight: 2 },
  { arbitrary: deepValue(20_000), weight: 1 },
  { arbitrary: deepHtml(500), weight: 1 },
  { arbitrary: fc.tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.constantFrom(...HUGE_UNITS)).map(([n, unit]) => hugeString(n, unit)), weight: 1 },
);

/** An item id: from the pool, or any key (a free run). */
function keyArbitrary(options: KeyOptions): fc.Arbitrary<number> {
  return options.keyPool ? fc.nat(options.keyPool - 1) : fc.nat();
}

/** A valid item of `format` (or of any format), with its key from `options`. */
export function validItemArbitrary(options: KeyOptions = {}, format?: ItemFormat): fc.Arbitrary<Json> {
  return fc
    .record({
      format: format ? fc.constant(format) : fc.constantFrom(...ITEM_FORMATS),
      key: keyArbitrary(options),
      version: fc.nat(MAX_VERSION),
      variant: fc.nat(59),
    })
    .map(({ format: f, key, version, variant }) => validItem(f, key, version, variant));
}

/**
 * A valid item broken by up to three mutations: fields replaced by `fieldJunk`, removed, or given `__proto__` and
 * `constructor` keys. With a key pool, the fields that carry the key are left alone.
 */
export function brokenItemArbitrary(options: KeyOptions = {}, format?: ItemFormat): fc.Arbitrary<Json> {
  return validItemArbitrary(options, format).chain((item) => {
    const paths = pathsOf(item).filter((p) => !options.keyPool || !KEY_PATH.test(p.join(".")));
    if (paths.length === 0) return fc.constant(item);
    const path = fc.constantFrom(...paths);
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      { arbitrary: fc.record({ op: fc.constant("set" as const), path, value: fieldJunk }), weight: 6 },
      { arbitrary: fc.record({ op: fc.constant("delete" as const), path }), weight: 2 },
      { arbitrary: fc.record({ op: fc.constant("hostile" as const), path }), weight: 1 },
    );
    return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
      const copy = structuredClone(item);
      for (const m of mutations) applyMutation(copy, m);
      return copy;
    });
  });
}

/**
 * Any item `POST /api/ingest` may receive: valid, broken, valid with prototype keys everywhere, or plain junk. A
 * Mastodon event's payload is sometimes sent as JSON text, as the streaming API does.
 */
export function itemArbitrary(options: KeyOptions = {}): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.oneof(
        { arbitrary: validItemArbitrary(options), weight: 3 },
        { arbitrary: brokenItemArbitrary(options), weight: 6 },
        { arbitrary: validItemArbitrary(options).map((item) => withHostileKeys(item)), weight: 1 },
        { arbitrary: junkValue, weight: 2 },
      ),
      fc.boolean(),
    )
    .map(([item, payloadAsText]) => {
      const record = item as Json;
      if (payloadAsText && record !== null && typeof record === "object" && typeof record.event === "string" && typeof record.payload === "object") {
        return { ...record, payload: JSON.stringify(record.payload) };
      }
      return item;
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Items over the limits of one item

/**
 * One way to put an item over the contract's limits of one item: a huge string (`shape: "string"`, after `prefix`) or
 * a list of many distinct entries (`shape: "array"`, each made by `entry`) at `path` of a valid item of `format`.
 * `field` is the Post field the rejection must name.
 */
export interface OversizedCase {
  format: ItemFormat;
  path: Path;
  field: string;
  shape: "string" | "array";
  prefix?: string;
  entry?: (i: number) => unknown;
}

const tag = (i: number) => `t${i}`;

/** Every field of every format that can carry a post over a limit, as the networks name them. */
export const OVERSIZED_CASES: readonly OversizedCase[] = [
  { format: "post", path: ["text"], field: "text", shape: "string" },
  { format: "post", path: ["id"], field: "id", shape: "string" },
  { format: "post", path: ["author", "id"], field: "author.id", shape: "string" },
  { format: "post", path: ["author", "handle"], field: "author.handle", shape: "string" },
  { format: "post", path: ["author", "name"], field: "author.name", shape: "string" },
  { format: "post", path: ["lang"], field: "lang", shape: "string" },
  { format: "post", path: ["hashtags", 0], field: "hashtags.0", shape: "string" },
  { format: "post", path: ["mentions", 0], field: "mentions.0", shape: "string" },
  { format: "post", path: ["urls", 0], field: "urls.0", shape: "string", prefix: "https://example.org/" },
  { format: "post", path: ["hashtags"], field: "hashtags", shape: "array", entry: tag },
  { format: "post", path: ["mentions"], field: "mentions", shape: "array", entry: tag },
  { format: "post", path: ["urls"], field: "urls", shape: "array", entry: (i) => `https://e.org/${i}` },
  { format: "x-v2", path: ["data", "text"], field: "text", shape: "string" },
  { format: "x-v2", path: ["includes", "users", 0, "name"], field: "author.name", shape: "string" },
  { format: "x-v2", path: ["data", "entities", "urls", 0, "expanded_url"], field: "urls.0", shape: "string", prefix: "https://example.org/" },
  { format: "x-v2", path: ["data", "entities", "hashtags"], field: "hashtags", shape: "array", entry: (i) => ({ tag: tag(i) }) },
  { format: "x-v2", path: ["data", "entities", "mentions"], field: "mentions", shape: "array", entry: (i) => ({ username: tag(i) }) },
  { format: "x-v1", path: ["text"], field: "text", shape: "string" },
  { format: "x-v1", path: ["user", "name"], field: "author.name", shape: "string" },
  { format: "x-v1", path: ["entities", "hashtags"], field: "hashtags", shape: "array", entry: (i) => ({ text: tag(i) }) },
  { format: "mastodon-status", path: ["account", "display_name"], field: "author.name", shape: "string" },
  { format: "mastodon-status", path: ["tags"], field: "hashtags", shape: "array", entry: (i) => ({ name: tag(i) }) },
  { format: "jetstream", path: ["commit", "record", "text"], field: "text", shape: "string" },
  { format: "jetstream", path: ["did"], field: "id", shape: "string", prefix: "did:plc:" },
  { format: "jetstream", path: ["commit", "record", "langs", 0], field: "lang", shape: "string" },
  { format: "jetstream", path: ["commit", "record", "tags"], field: "hashtags", shape: "array", entry: tag },
];

/** How big an oversized item is: its huge string in UTF-8 bytes, its long list in entries. */
export interface OversizedSize {
  stringBytes: number;
  entries: number;
}

/** The sizes of the issue that brought the limits in: 4 MB strings and 200,000-entry arrays. */
export const OVERSIZED: OversizedSize = { stringBytes: 4 * 1024 * 1024, entries: 200_000 };

/** The largest oversized item that fits a body of `maxBytes`, and stays far over every limit. */
export function oversizedFor(maxBytes: number): OversizedSize {
  // Lists are encoded in up to 24 bytes an entry ({"username":"t199999"},).
  return { stringBytes: Math.min(OVERSIZED.stringBytes, Math.floor(maxBytes * 0.8)), entries: Math.min(OVERSIZED.entries, Math.floor(maxBytes / 30)) };
}

/** A valid item of `oversized.format` for key `key`, put over the limits as `oversized` says, `unit` making its huge string. */
export function oversizedItem(oversized: OversizedCase, key: number, size: OversizedSize = OVERSIZED, unit = "x"): Json {
  const item = structuredClone(validItem(oversized.format, key, 0, 0));
  const make = oversized.entry ?? tag;
  const value =
    oversized.shape === "string"
      ? `${oversized.prefix ?? ""}${hugeString(size.stringBytes, unit)}`
      : Array.from({ length: size.entries }, (_, i) => make(i));
  applyMutation(item, { op: "set", path: oversized.path, value });
  return item;
}

/** An item over the limits, with a key from `options` (free by default: a new post unless a limit refuses it). */
export function oversizedItemArbitrary(options: KeyOptions & { size: OversizedSize }): fc.Arbitrary<{ oversized: OversizedCase; item: Json }> {
  return fc
    .tuple(fc.constantFrom(...OVERSIZED_CASES), keyArbitrary(options), fc.constantFrom(...HUGE_UNITS))
    .map(([oversized, key, unit]) => ({ oversized, item: oversizedItem(oversized, key, options.size, unit) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding

/** Serializes `value` as JSON, then turns the marks of `badUtf8String` and `deepValue` into their bytes. */
export function encodeJson(value: unknown): Buffer {
  const text = JSON.stringify(value) ?? "null";
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(MARK)) {
    parts.push(Buffer.from(text.slice(last, match.index), "utf8"));
    const [, shape, depth, bad] = match;
    if (bad !== undefined) parts.push(Buffer.from(BAD_UTF8[Number(bad)] ?? [0xff]));
    else parts.push(Buffer.from(nested(shape === "o" ? "o" : "a", Number(depth)), "utf8"));
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), "utf8"));
  return Buffer.concat(parts);
}

/** JSON text nested `depth` levels: `[[[]]]` or `{"a":{"a":{}}}`. */
function nested(shape: "a" | "o", depth: number): string {
  return shape === "a" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "{}" + "}".repeat(depth);
}

/** What the server holds once it has read an encoded item: bad bytes become U+FFFD, marks become nesting. */
export function asServerReads(value: unknown): unknown {
  return JSON.parse(encodeJson(value).toString("utf8"));
}

// ---------------------------------------------------------------------------------------------------------------
// Ingest requests

/** A `POST /api/ingest` request, with the answers the contract allows for it. */
export interface IngestRequest {
  /** What kind of body it is, for failure messages and tallies. */
  label: string;
  contentType: string | undefined;
  /** The bearer token sent: the right one, a wrong one, none, or a malformed header. */
  auth: "valid" | "wrong" | "none" | "malformed";
  body: Uint8Array;
  /** The statuses the contract allows: 401, 415 and 413 in that order, else 202 or 400. */
  expected: readonly number[];
}

/** Options of `ingestRequestArbitrary`. */
export interface IngestRequestOptions extends KeyOptions {
  /** The server's `INGEST_MAX_BYTES`: large bodies are drawn around it. */
  maxBytes: number;
}

const JSON_TYPES = ["application/json", "application/json; charset=utf-8", "Application/JSON"];
const NDJSON_TYPES = ["application/x-ndjson", "application/ndjson", "application/x-ndjson; charset=utf-8"];
const OTHER_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "text/json", undefined];

type Body = { label: string; ndjson: boolean; body: Buffer };

/** The bodies a request may carry. */
function bodyArbitrary(options: IngestRequestOptions): fc.Arbitrary<Body> {
  const item = itemArbitrary(options);
  const { maxBytes } = options;
  const json = (label: string) => (value: unknown): Body => ({ label, ndjson: false, body: encodeJson(value) });
  // Posts of few keys at version 0: after the first, huge copies and long lists of them are duplicates.
  const poolPost = validItemArbitrary({ keyPool: options.keyPool ?? 8 }, "post");
  const size = fc.integer({ min: Math.floor(maxBytes / 4), max: Math.floor(maxBytes * 1.25) });
  const ndjsonLine = fc.oneof(
    { arbitrary: item.map((v) => encodeJson(v)), weight: 6 },
    { arbitrary: fc.oneof(fc.string(), malformedString).map((s) => Buffer.from(s, "utf8")), weight: 2 },
    { arbitrary: fc.constantFrom("", "\r", "   ", "\ufeff{}", "{", "]").map((s) => Buffer.from(s, "utf8")), weight: 2 },
    { arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: fc.array(item, { maxLength: 8 }).map(json("json array")), weight: 10 },
    { arbitrary: item.map(json("json item")), weight: 5 },
    {
      arbitrary: fc.tuple(fc.array(ndjsonLine, { maxLength: 8 }), fc.constantFrom("\n", "\r\n")).map(([lines, eol]) => ({
        label: "ndjson",
        ndjson: true,
        body: Buffer.concat(lines.flatMap((line, i) => (i === 0 ? [line] : [Buffer.from(eol), line]))),
      })),
      weight: 6,
    },
    { arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => ({ label: "raw bytes", ndjson: false, body: Buffer.from(b) })), weight: 2 },
    {
      arbitrary: fc.tuple(fc.constantFrom("a", "o"), fc.integer({ min: 1, max: 100_000 }), fc.boolean()).map(([shape, depth, closed]) => {
        const text = nested(shape === "o" ? "o" : "a", depth);
        return { label: "deep nesting", ndjson: false, body: Buffer.from(closed ? text : text.slice(0, text.length - 1), "utf8") };
      }),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(size, fc.constantFrom(...HUGE_UNITS), fc.nat(3), poolPost).map(([bytes, unit, where, post]): Body => {
        const huge = hugeString(bytes, unit);
        // Text of a post at version 0 (with a key pool, a duplicate of its seed), an unknown field, a lone string, an NDJSON line.
        if (where === 0) return json("huge post text")({ ...post, text: huge, version: 0 });
        if (where === 1) return json("huge unknown field")({ ...post, extra: huge, version: 0 });
        if (where === 2) return json("huge string")(huge);
        return { label: "huge ndjson line", ndjson: true, body: Buffer.from(huge, "utf8") };
      }),
      weight: 1,
    },
    {
      // One item over the limits of one item: a huge string or a long list in a field of any format, sized to the body limit.
      arbitrary: oversizedItemArbitrary({ ...options, size: oversizedFor(maxBytes) }).map(({ oversized, item }) =>
        json(`over the limits: ${oversized.format} ${oversized.field}`)(item),
      ),
      weight: 1,
    },
    {
      // Many small items. Capped at 2,000: the answer lists every rejection (see the e2e fuzz test for the full case).
      arbitrary: fc.tuple(fc.integer({ min: 100, max: 2_000 }), fc.oneof(fc.constantFrom<unknown>(0, null, "", {}, []), poolPost)).map(([n, v]) => json("many items")(Array.from({ length: n }, () => v))),
      weight: 1,
    },
  );
}

/** Any `POST /api/ingest` request, mostly well-formed around a broken body, sometimes with the wrong token or type. */
export function ingestRequestArbitrary(options: IngestRequestOptions): fc.Arbitrary<IngestRequest> {
  return fc
    .record({
      body: bodyArbitrary(options),
      auth: fc.oneof({ arbitrary: fc.constant("valid" as const), weight: 30 }, fc.constantFrom("wrong" as const, "none" as const, "malformed" as const)),
      type: fc.oneof({ arbitrary: fc.constant("matching" as const), weight: 15 }, { arbitrary: fc.constant("json" as const), weight: 2 }, fc.constant("other" as const)),
      jsonType: fc.constantFrom(...JSON_TYPES),
      ndjsonType: fc.constantFrom(...NDJSON_TYPES),
      otherType: fc.constantFrom(...OTHER_TYPES),
    })
    .map(({ body, auth, type, jsonType, ndjsonType, otherType }) => {
      const contentType = type === "other" ? otherType : type === "json" || !body.ndjson ? jsonType : ndjsonType;
      const expected =
        auth !== "valid" ? [401] : type === "other" ? [415] : body.body.length > options.maxBytes ? [413] : [202, 400];
      return { label: body.label, contentType, auth, body: body.body, expected };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Socket.IO input

/** Names the client library refuses to emit; they reach the server only as raw packets. */
const RESERVED_EVENTS = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);

/** What a fuzzer sends over Socket.IO. */
export type SocketInput =
  /** An event of any name with any arguments, under the server's message size limit: it must be ignored. */
  | { kind: "event"; event: string; args: unknown[] }
  /** An event larger than the server's 16 KB message limit: the server may drop that connection. */
  | { kind: "oversized"; event: string; args: unknown[] }
  /** A raw Socket.IO packet, well-formed or not: the server may drop that connection. */
  | { kind: "raw"; packet: string };

/** A JSON-ish value nested `depth` levels, built without recursion. */
function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const eventName = fc
  .oneof(
    fc.constantFrom("resync", "delta", "snapshot", "health", "hello", "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "emit", "on"),
    fc.string({ maxLength: 30 }),
    malformedString,
  )
  .filter((name) => !RESERVED_EVENTS.has(name));

const eventArg = fc.oneof(
  { arbitrary: junkValue, weight: 6 },
  { arbitrary: malformedString, weight: 2 },
  { arbitrary: fc.integer({ min: 1, max: 1_000 }).map(deepArray), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 256 }), weight: 1 },
  { arbitrary: fc.constant(withHostileKeys({ seq: 1, totals: { posts: 1 } })), weight: 1 },
);

const RAW_PACKETS = [
  "", "2", "2[", "2[]", "2{}", "2null", '2["connect"]', '2["disconnect"]', '2["connect_error"]', '2["newListener","resync"]', "2[123]",
  "2[null]", '2["resync"', '2/nope,["resync"]', "0/admin,", '0{"token":1}', "0", "1", "3", '3999["x"]', "4", '4"err"',
  '51-["resync",{"_placeholder":true,"num":0}]', '51-["resync",{"_placeholder":true,"num":7}]', '50-["resync"]', "9", "-1",
  '2999999999999999999999["resync"]', '21["resync"]', '2["__proto__",{"polluted":true}]', '2["resync",{"__proto__":{"polluted":true}}]',
];

/** Any Socket.IO input: mostly events within the size limit, sometimes oversized messages and raw packets. */
export const socketInputArbitrary: fc.Arbitrary<SocketInput> = fc.oneof(
  {
    arbitrary: fc
      .record({ event: eventName, args: fc.array(eventArg, { maxLength: 4 }) })
      // Well under the 16 KB limit, counting JSON escapes of lone surrogates and binary attachments.
      .filter(({ event, args }) => Buffer.byteLength(JSON.stringify([event, ...args.map((a) => (a instanceof Uint8Array ? a.length : a))]) ?? "", "utf8") < 8_000)
      .map(({ event, args }): SocketInput => ({ kind: "event", event, args })),
    weight: 12,
  },
  {
    arbitrary: fc
      .tuple(eventName, fc.integer({ min: 20_000, max: 200_000 }), fc.boolean())
      .map(([event, bytes, binary]): SocketInput => ({ kind: "oversized", event, args: [binary ? new Uint8Array(bytes) : hugeString(bytes, "x")] })),
    weight: 1,
  },
  {
    arbitrary: fc
      .oneof(fc.constantFrom(...RAW_PACKETS), fc.string({ maxLength: 60 }), fc.tuple(fc.nat(9), junkValue).map(([type, v]) => `${type}${JSON.stringify(v) ?? ""}`))
      .map((packet): SocketInput => ({ kind: "raw", packet })),
    weight: 2,
  },
);
