/**
 * The Bluesky Jetstream normalizer: turns one Jetstream v1 event (`{ did, time_us, kind, commit | identity | account }`)
 * into a Post, a delete or an `ignored`.
 *
 * Decisions beyond the contract:
 * - A post's id is its AT URI, `at://<did>/app.bsky.feed.post/<rkey>`; a repost's is the repost record's own AT URI.
 *   A delete names the same URI, so it finds the post or repost it removes.
 * - `version` is `time_us` in whole milliseconds, on creates and updates alike: the later commit wins, and a create
 *   replayed after its update (a resume from a cursor) is a duplicate. Milliseconds, not microseconds, because the
 *   Redis store keeps versions through Lua's cjson, which writes 14 significant digits and would round µs values.
 * - Jetstream commits carry the author's DID but no handle, so `author.handle` is the DID: organization handles
 *   cannot match by accident. `identity` events do carry a handle, but they arrive only when an account changes it,
 *   so they are `ignored` here (the reason names the handle).
 * - Hashtags come from tag facets and `record.tags`, as Bluesky itself indexes them; a `#word` in the text without a
 *   facet is not a tag on Bluesky either. Mentions are the handle the text shows at the facet (without `@`, lower
 *   case), else the mentioned DID. Facet indices are UTF-8 byte offsets and are converted before slicing the text.
 * - A `createdAt` that is missing, unparsable or outside years 1970–9999 falls back to `time_us`, when Jetstream saw
 *   the commit: the post exists, and its client's clock is not a reason to drop it.
 * - A repost carries no text and no hashtags of its own (`text: ""`): a connector that keeps only campaign posts must
 *   recognize a repost by its subject (see `jetstreamRepostSubject`).
 * - Every other collection, and `identity` and `account` events, are `ignored`.
 * - Media: the record's `app.bsky.embed.images`, `app.bsky.embed.video`, or the `media` of an
 *   `app.bsky.embed.recordWithMedia` (the quoted record's own media are not this post's). Jetstream gives blob refs,
 *   not URLs, so they are built as the Bluesky app builds them from the author's DID and the blob's CID: a photo is
 *   `cdn.bsky.app/img/feed_fullsize/plain/<did>/<cid>@jpeg` with its `feed_thumbnail` as preview; a video is
 *   `video.bsky.app/watch/<did, URL-encoded>/<cid>/playlist.m3u8` (HLS) with its `thumbnail.jpg`, and a GIF when its
 *   `presentation` is `gif`. `aspectRatio` gives the size; a self-label `porn`, `sexual`, `nudity`, `graphic-media`
 *   or `gore` marks every item sensitive. An image whose blob has no CID of the expected shape is skipped.
 */
import { z } from "zod";
import { PostSchema, type MediaItem, type Post, type PostKind } from "../models.js";
import { normalizeHandle, normalizeTag } from "../attribute.js";
import { describeZodError } from "./issues.js";
import { checkText, overLimits } from "./limits.js";
import { mediaItem, mediaList } from "./media.js";
import { isRecord, type NormalizeResult } from "./result.js";

/** The collection of Bluesky posts. */
export const BLUESKY_POST_COLLECTION = "app.bsky.feed.post";
/** The collection of Bluesky reposts. */
export const BLUESKY_REPOST_COLLECTION = "app.bsky.feed.repost";

const EVENT_KINDS = new Set(["commit", "identity", "account"]);
const QUOTE_EMBEDS = new Set(["app.bsky.embed.record", "app.bsky.embed.recordWithMedia"]);
const FACET = "app.bsky.richtext.facet";

const EventSchema = z.object({
  did: z.string().startsWith("did:", "expected a DID such as did:plc:…"),
  time_us: z.number().int().nonnegative("expected a non-negative integer of microseconds"),
  kind: z.enum(["commit", "identity", "account"]),
});

const CommitSchema = z.object({
  operation: z.enum(["create", "update", "delete"]),
  collection: z.string().min(1, "expected the record's collection"),
  rkey: z.string().min(1, "expected the record key").refine((s) => !s.includes("/"), "expected a record key without /"),
  record: z.unknown().optional(),
});

/**
 * True when an item looks like a Jetstream event: a `did` string, a numeric `time_us` and a `kind` of `commit`,
 * `identity` or `account`.
 */
export function isJetstreamEvent(item: unknown): boolean {
  return (
    isRecord(item) &&
    typeof item.did === "string" &&
    typeof item.time_us === "number" &&
    typeof item.kind === "string" &&
    EVENT_KINDS.has(item.kind)
  );
}

/** The AT URI of a record: `at://<did>/<collection>/<rkey>`. */
export function atUri(did: string, collection: string, rkey: string): string {
  return `at://${did}/${collection}/${rkey}`;
}

/**
 * The AT URI of the post a Jetstream repost `create` (or `update`) reposts, or undefined for anything else. A
 * connector that keeps only campaign posts uses it to recognize reposts of the campaign posts it has seen.
 */
export function jetstreamRepostSubject(item: unknown): string | undefined {
  if (!isJetstreamEvent(item) || !isRecord(item) || item.kind !== "commit" || !isRecord(item.commit)) return undefined;
  const { collection, operation, record } = item.commit;
  if (collection !== BLUESKY_REPOST_COLLECTION || (operation !== "create" && operation !== "update")) return undefined;
  if (!isRecord(record) || !isRecord(record.subject)) return undefined;
  const uri = record.subject.uri;
  return typeof uri === "string" && uri.startsWith("at://") ? uri : undefined;
}

/** Normalizes one Jetstream event. Never throws. */
export function normalizeJetstream(item: unknown): NormalizeResult {
  const event = EventSchema.safeParse(item);
  if (!event.success) return { type: "rejected", error: `Bluesky Jetstream event: ${describeZodError(event.error)}` };
  const { did, time_us: timeUs, kind } = event.data;
  const raw = item as Record<string, unknown>;

  if (kind === "identity") {
    const identity = isRecord(raw.identity) ? raw.identity : {};
    const handle = typeof identity.handle === "string" ? ` (handle ${identity.handle})` : "";
    return { type: "ignored", reason: `Bluesky identity event for ${did}${handle}` };
  }
  if (kind === "account") return { type: "ignored", reason: `Bluesky account event for ${did}` };

  const commit = CommitSchema.safeParse(raw.commit);
  if (!commit.success) {
    return { type: "rejected", error: `Bluesky Jetstream event: commit.${describeZodError(commit.error)}` };
  }
  const { operation, collection, rkey, record } = commit.data;
  if (collection !== BLUESKY_POST_COLLECTION && collection !== BLUESKY_REPOST_COLLECTION) {
    return { type: "ignored", reason: `Bluesky commit on ${collection}, not a post or repost` };
  }

  const uri = atUri(did, collection, rkey);
  if (operation === "delete") return { type: "delete", key: `bluesky:${uri}` };
  if (!isRecord(record)) {
    return { type: "rejected", error: `Bluesky Jetstream event: commit.record: expected the ${collection} record of a ${operation}` };
  }

  // Before the facets: their byte offsets cost a map entry per character of the text.
  const textProblem = collection === BLUESKY_POST_COLLECTION && typeof record.text === "string" ? checkText(record.text) : undefined;
  if (textProblem !== undefined) return overLimits(textProblem);

  const candidate: Post =
    collection === BLUESKY_POST_COLLECTION
      ? postFrom(record, did, uri, timeUs)
      : {
          network: "bluesky",
          id: uri,
          createdAt: createdAtOf(record.createdAt, timeUs),
          text: "",
          author: { id: did, handle: did },
          hashtags: [],
          mentions: [],
          urls: [],
          kind: "retweet",
        };
  candidate.version = Math.floor(timeUs / 1000);

  const checked = PostSchema.safeParse(candidate);
  if (!checked.success) {
    return { type: "rejected", error: `Bluesky Jetstream event: post ${describeZodError(checked.error)}` };
  }
  return { type: "post", post: checked.data };
}

/** A post record (`app.bsky.feed.post`) as a Post, without its version. */
function postFrom(record: Record<string, unknown>, did: string, uri: string, timeUs: number): Post {
  const text = typeof record.text === "string" ? record.text : "";
  const hashtags: string[] = [];
  const mentions: string[] = [];
  const urls: string[] = [];
  const slicer = new Utf8Slicer(text);

  for (const facet of Array.isArray(record.facets) ? record.facets : []) {
    if (!isRecord(facet) || !Array.isArray(facet.features)) continue;
    const index = isRecord(facet.index) ? facet.index : {};
    const slice = slicer.slice(index.byteStart, index.byteEnd);
    for (const feature of facet.features) {
      if (!isRecord(feature)) continue;
      switch (feature.$type) {
        case `${FACET}#tag`:
          if (typeof feature.tag === "string") hashtags.push(feature.tag);
          else if (slice !== undefined) hashtags.push(slice);
          break;
        case `${FACET}#mention`:
          // The handle as the text shows it is what people and organizations go by; the DID is the fallback.
          if (slice?.startsWith("@") && slice.length > 1) mentions.push(slice);
          else if (typeof feature.did === "string") mentions.push(feature.did);
          break;
        case `${FACET}#link`:
          if (typeof feature.uri === "string") urls.push(feature.uri);
          break;
      }
    }
  }
  for (const tag of Array.isArray(record.tags) ? record.tags : []) {
    if (typeof tag === "string") hashtags.push(tag);
  }

  const post: Post = {
    network: "bluesky",
    id: uri,
    createdAt: createdAtOf(record.createdAt, timeUs),
    text,
    author: { id: did, handle: did },
    hashtags: unique(hashtags.map(normalizeTag)),
    mentions: unique(mentions.map(normalizeHandle)),
    urls: unique(urls),
    kind: kindOf(record),
  };
  const lang = Array.isArray(record.langs) ? record.langs[0] : undefined;
  if (typeof lang === "string" && lang.length > 0) post.lang = lang;
  const media = mediaOf(record, did);
  if (media.length > 0) post.media = media;
  return post;
}

const IMAGES_EMBED = "app.bsky.embed.images";
const VIDEO_EMBED = "app.bsky.embed.video";
const RECORD_WITH_MEDIA_EMBED = "app.bsky.embed.recordWithMedia";
/** Self-labels that mark a post's media sensitive (`gore` is the older name of `graphic-media`). */
const SENSITIVE_LABELS = new Set(["porn", "sexual", "nudity", "graphic-media", "gore"]);
/** A DID as the AT Protocol spells it, so that it can sit in a URL path: no `/`, `?` or `#`. */
const DID_SHAPE = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;
/** A CID in its base32 or base58 text form. */
const CID_SHAPE = /^[a-zA-Z0-9]{8,128}$/;

/** The post's images or video, with CDN URLs built from the author's DID and each blob's CID. */
function mediaOf(record: Record<string, unknown>, did: string): MediaItem[] {
  let embed = isRecord(record.embed) ? record.embed : undefined;
  if (embed?.$type === RECORD_WITH_MEDIA_EMBED) embed = isRecord(embed.media) ? embed.media : undefined;
  if (!embed || !DID_SHAPE.test(did)) return [];
  const sensitive = selfLabels(record.labels).some((label) => SENSITIVE_LABELS.has(label));
  if (embed.$type === IMAGES_EMBED) {
    return mediaList(embed.images, (image) => {
      const cid = blobCid(image.image);
      if (cid === undefined) return undefined;
      const size = isRecord(image.aspectRatio) ? image.aspectRatio : {};
      return mediaItem(
        {
          type: "photo",
          url: `https://cdn.bsky.app/img/feed_fullsize/plain/${did}/${cid}@jpeg`,
          previewUrl: `https://cdn.bsky.app/img/feed_thumbnail/plain/${did}/${cid}@jpeg`,
          alt: image.alt,
          width: size.width,
          height: size.height,
        },
        sensitive,
      );
    });
  }
  if (embed.$type === VIDEO_EMBED) {
    const cid = blobCid(embed.video);
    if (cid === undefined) return [];
    const size = isRecord(embed.aspectRatio) ? embed.aspectRatio : {};
    const base = `https://video.bsky.app/watch/${encodeURIComponent(did)}/${cid}`;
    const item = mediaItem(
      {
        type: embed.presentation === "gif" ? "gif" : "video",
        url: `${base}/playlist.m3u8`,
        previewUrl: `${base}/thumbnail.jpg`,
        alt: embed.alt,
        width: size.width,
        height: size.height,
      },
      sensitive,
    );
    return item ? [item] : [];
  }
  return [];
}

/** The CID of a blob ref: `{ $type: "blob", ref: { $link } }`, or the legacy `{ cid, mimeType }`. */
function blobCid(blob: unknown): string | undefined {
  if (!isRecord(blob)) return undefined;
  const cid = isRecord(blob.ref) ? blob.ref.$link : blob.cid;
  return typeof cid === "string" && CID_SHAPE.test(cid) ? cid : undefined;
}

/** The values of a record's self-labels (`com.atproto.label.defs#selfLabels`). */
function selfLabels(labels: unknown): string[] {
  if (!isRecord(labels) || !Array.isArray(labels.values)) return [];
  return labels.values.flatMap((label: unknown) => (isRecord(label) && typeof label.val === "string" ? [label.val] : []));
}

/** A reply wins over a quote: a reply that quotes sits in a conversation (as for X). */
function kindOf(record: Record<string, unknown>): PostKind {
  if (isRecord(record.reply)) return "reply";
  if (isRecord(record.embed) && typeof record.embed.$type === "string" && QUOTE_EMBEDS.has(record.embed.$type)) {
    return "quote";
  }
  return "original";
}

const MIN_MS = Date.UTC(1970, 0, 1);
const MAX_MS = Date.UTC(10000, 0, 1) - 1;

/** `createdAt` as an ISO string in UTC, or the time Jetstream saw the commit when `createdAt` is unusable. */
function createdAtOf(value: unknown, timeUs: number): string {
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (ms >= MIN_MS && ms <= MAX_MS) return new Date(ms).toISOString();
  return new Date(Math.min(Math.floor(timeUs / 1000), MAX_MS)).toISOString();
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v.length > 0))];
}

/**
 * Slices a JavaScript (UTF-16) string by UTF-8 byte offsets, as Bluesky facets give them. An offset that falls
 * inside a character or outside the text gives `undefined`, never a broken string.
 */
export class Utf8Slicer {
  /** UTF-8 byte offset of each code point's start → UTF-16 index; built on first use. */
  private offsets: Map<number, number> | undefined;

  constructor(private readonly text: string) {}

  /** The text between two UTF-8 byte offsets, or undefined when they are not valid boundaries. */
  slice(byteStart: unknown, byteEnd: unknown): string | undefined {
    if (!Number.isInteger(byteStart) || !Number.isInteger(byteEnd)) return undefined;
    const start = this.boundaries().get(byteStart as number);
    const end = this.boundaries().get(byteEnd as number);
    if (start === undefined || end === undefined || end < start) return undefined;
    return this.text.slice(start, end);
  }

  private boundaries(): Map<number, number> {
    if (this.offsets) return this.offsets;
    const offsets = new Map<number, number>();
    let bytes = 0;
    let index = 0;
    for (const char of this.text) {
      offsets.set(bytes, index);
      const code = char.codePointAt(0) ?? 0;
      // A lone surrogate is written as U+FFFD (3 bytes) by every UTF-8 encoder, like TextEncoder.
      bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      index += char.length;
    }
    offsets.set(bytes, index);
    this.offsets = offsets;
    return offsets;
  }
}
