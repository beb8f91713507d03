/**
 * The Mastodon normalizer: turns a Mastodon Status (REST, timelines) or a streaming event (`{ event, payload }`,
 * as the SSE `event:`/`data:` pair or a WebSocket message) into a result.
 *
 * Decisions beyond the contract:
 * - The post id is the status `uri`, which names the post on every instance; the instance-local `id` is not used.
 *   `author.id` is the account's `id` on the instance that served the status (one connector reads one instance).
 * - Handles: `acct` is relative to the serving instance (`bob` for its own users, `bob@elsewhere` for others), while
 *   organization handles are `user@instance`. So an `acct` without a domain gets the host of the account's `url`
 *   (`bob@mastodon.social`). Mentions are qualified the same way, with the mention's `url`, then lower-cased.
 * - Text: the HTML `content` as plain text, entities decoded; paragraphs are separated by a blank line and `<br>` is a
 *   newline. Link text is kept as shown (Mastodon hides parts of long links in spans, whose text is the whole URL);
 *   images and the `quote-inline` fallback paragraph of Mastodon 4.4 quotes ("RE: <link>") are dropped. A content
 *   warning (`spoiler_text`, plain text) comes first, in its own paragraph, so a screen shows it before the body.
 *   A status with no `content` but its plain-text source `text` (as `DELETE /api/v1/statuses/:id` returns it, for
 *   delete-and-redraft) uses that text.
 * - Urls: the `href` of each link in the content that is not a mention or hashtag link, then `card.url`, deduplicated.
 * - Reblogs: the post is the reblog wrapper (its `uri`, `account` and `created_at`), kind `retweet`; the text, tags,
 *   mentions, urls and language come from the reblogged status, which never makes a post of its own.
 * - Kind: `reblog` wins, then `in_reply_to_id`, then a non-null `quote` (Mastodon 4.4+), as in the X normalizers.
 * - Edits: `version` is the epoch-ms of `edited_at` (0 when never edited), for every status, not only `status.update`
 *   events: a status fetched after an edit carries the edited text, and the later edit wins in any order.
 * - Streaming `delete` events carry the instance-local id only. A payload that is a URL (or `{ uri }`) is taken as
 *   the uri and deletes `mastodon:<uri>`; a bare id is `ignored`, since only the connector, which remembers
 *   id → uri for the statuses it saw, can map it (it rewrites the payload to the uri before ingest).
 * - Malformed optional fields (`display_name`, `followers_count`, `language`, tags, mentions, card) are dropped
 *   rather than costing the post; `uri`, `created_at`, `content` (or `text`) and `account.id`/`account.acct` are
 *   required.
 * - Media: `media_attachments` of the status whose words are shown (the reblogged one, for a reblog), in order:
 *   `image` is a photo, `video` a video, `gifv` a GIF; `audio` and `unknown` are skipped, and so is an attachment
 *   without a `url` (remote media the instance has not fetched yet). `preview_url` is the preview, `description`
 *   the alt text, `meta.original` the size, and `blurhash` is kept. A status marked `sensitive` or with a
 *   `spoiler_text` marks all its media sensitive.
 */
import { compile, type FormatCallback } from "html-to-text";
import { z } from "zod";
import { PostSchema, type Author, type MediaItem, type Post, type PostKind } from "../models.js";
import { normalizeHandle, normalizeTag } from "../attribute.js";
import { describeZodError } from "./issues.js";
import { mediaItem, mediaList, withMedia, type MediaType } from "./media.js";
import { isRecord, type NormalizeResult } from "./result.js";

const DATE_EXPECTED = "expected an ISO 8601 date-time, such as 2026-08-02T05:25:16.840Z";
const IsoDate = z.iso.datetime({ offset: true, error: DATE_EXPECTED });

const AccountSchema = z.object(
  {
    id: z.string({ error: "expected the account id" }).min(1, "expected the account id"),
    acct: z
      .string({ error: "expected the account's acct (user or user@domain)" })
      .min(1, "expected the account's acct (user or user@domain)"),
    url: z.string().optional().catch(undefined),
    display_name: z.string().optional().catch(undefined),
    followers_count: z.number().int().nonnegative().optional().catch(undefined),
  },
  { error: "expected the author object (account) with id and acct" },
);

/** The fields of the status that is counted: the wrapper, for a reblog. */
const StatusSchema = z.object({
  uri: z
    .string({ error: "expected the status uri, which identifies it across instances" })
    .min(1, "expected the status uri, which identifies it across instances"),
  created_at: z.string({ error: DATE_EXPECTED }).pipe(IsoDate),
  account: AccountSchema,
  in_reply_to_id: z.union([z.string(), z.number()]).nullish().catch(undefined),
});
type Status = z.infer<typeof StatusSchema>;

/** The fields of the status whose words are shown: the status itself, or the reblogged one. */
/**
 * The most HTML a status may carry. Mastodon caps a post at 500 characters (some servers at a few thousand), so
 * real content stays far below; bigger input is refused rather than parsed, since anyone can write a status.
 */
export const MAX_STATUS_HTML = 64 * 1024;

/** How deep the HTML-to-text conversion goes: real statuses nest a few levels; thousands would block the loop. */
const MAX_HTML_DEPTH = 32;

const ContentSchema = z.object({
  content: z
    .string({ error: "expected the HTML content" })
    .max(MAX_STATUS_HTML, `expected at most ${MAX_STATUS_HTML} characters of HTML content`)
    .nullish(),
  text: z.string().nullish().catch(undefined),
  spoiler_text: z.string().optional().catch(undefined),
  language: z.string().nullish().catch(undefined),
  edited_at: z.string({ error: DATE_EXPECTED }).pipe(IsoDate).nullish(),
});

/** Where the link formatter puts the hrefs it meets during one conversion. */
interface LinkSink {
  hrefs: string[];
}

/** Keeps a link's text and notes its target, unless it is a mention or hashtag link. */
const collectLink: FormatCallback = (elem, walk, builder) => {
  const attribs: Record<string, unknown> = isRecord(elem.attribs) ? elem.attribs : {};
  const classes = typeof attribs.class === "string" ? attribs.class.split(/\s+/) : [];
  const rel = typeof attribs.rel === "string" ? attribs.rel.split(/\s+/) : [];
  const href = attribs.href;
  const isTagOrMention = classes.includes("mention") || classes.includes("hashtag") || rel.includes("tag");
  const sink = (builder as unknown as { metadata?: LinkSink }).metadata;
  if (sink && !isTagOrMention && typeof href === "string" && /^https?:\/\//i.test(href)) sink.hrefs.push(href);
  walk(elem.children, builder);
};

/** Compiled once: html-to-text builds its selector tree per options object. */
const htmlToText = compile({
  wordwrap: false,
  limits: { maxDepth: MAX_HTML_DEPTH },
  formatters: { collectLink },
  selectors: [
    { selector: "a", format: "collectLink" },
    { selector: "img", format: "skip" },
    { selector: ".quote-inline", format: "skip" },
    // Remote servers may send headings; keep their case rather than html-to-text's upper-casing.
    ...(["h1", "h2", "h3", "h4", "h5", "h6"] as const).map((selector) => ({ selector, options: { uppercase: false } })),
  ],
}) as (html: string, metadata?: LinkSink) => string;

/** True when an item looks like a Mastodon Status: an `account` next to a `uri` or `content`. */
export function isMastodonStatus(item: unknown): boolean {
  return (
    isRecord(item) &&
    Object.hasOwn(item, "account") &&
    (Object.hasOwn(item, "uri") || Object.hasOwn(item, "content")) &&
    !Object.hasOwn(item, "network")
  );
}

/**
 * True when an item looks like a Mastodon streaming event: `{ event, payload }`, where `payload` is a JSON string
 * (SSE and WebSocket) or an already parsed object.
 */
export function isMastodonStreamingEvent(item: unknown): boolean {
  if (!isRecord(item) || typeof item.event !== "string" || !Object.hasOwn(item, "payload")) return false;
  return typeof item.payload === "string" || isRecord(item.payload);
}

/** Normalizes one Mastodon Status or streaming event. Never throws. */
export function normalizeMastodon(item: unknown): NormalizeResult {
  if (isMastodonStreamingEvent(item)) return normalizeEvent(item as { event: string; payload: unknown });
  if (isRecord(item)) return normalizeStatus(item, "Mastodon status");
  return { type: "rejected", error: "Mastodon item: expected a Status object or a streaming event { event, payload }" };
}

function normalizeEvent({ event, payload }: { event: string; payload: unknown }): NormalizeResult {
  switch (event) {
    case "update":
    case "status.update": {
      const status = typeof payload === "string" ? parseJson(payload) : payload;
      if (!isRecord(status)) {
        return { type: "rejected", error: `Mastodon ${event} event: payload: expected a Status as JSON` };
      }
      return normalizeStatus(status, `Mastodon ${event} event: payload`);
    }
    case "delete":
      return normalizeDelete(payload);
    default:
      return { type: "ignored", reason: `Mastodon ${event} event carries no post` };
  }
}

function normalizeDelete(payload: unknown): NormalizeResult {
  const uri = isRecord(payload) ? payload.uri : payload;
  if (typeof uri === "string" && /^https?:\/\/\S+$/i.test(uri.trim())) {
    return { type: "delete", key: `mastodon:${uri.trim()}` };
  }
  if (typeof payload === "string" && payload.trim().length > 0) {
    return {
      type: "ignored",
      reason:
        "Mastodon delete event carries only the instance-local status id; posts are keyed by uri, so the connector " +
        "maps the id to the uri it saw and sends the uri instead",
    };
  }
  return { type: "rejected", error: "Mastodon delete event: payload: expected the deleted status's uri or id" };
}

function normalizeStatus(item: Record<string, unknown>, label: string): NormalizeResult {
  const parsed = StatusSchema.safeParse(item);
  if (!parsed.success) return { type: "rejected", error: `${label}: ${describeAt("", parsed.error)}` };
  const status = parsed.data;

  const reblog = isRecord(item.reblog) ? item.reblog : undefined;
  const source = reblog ?? item;
  const content = ContentSchema.safeParse(source);
  if (!content.success) {
    return { type: "rejected", error: `${label}: ${describeAt(reblog ? "reblog" : "", content.error)}` };
  }
  const { content: html, text: sourceText, spoiler_text: spoiler, language, edited_at: editedAt } = content.data;
  if (typeof html !== "string" && typeof sourceText !== "string") {
    return { type: "rejected", error: `${label}: ${reblog ? "reblog.content" : "content"}: expected the HTML content` };
  }

  const sink: LinkSink = { hrefs: [] };
  const body = typeof html === "string" ? htmlToText(html, sink) : (sourceText ?? "");
  const card = source.card;
  if (isRecord(card) && typeof card.url === "string" && card.url.length > 0) sink.hrefs.push(card.url);

  const candidate: Post = {
    network: "mastodon",
    id: status.uri,
    createdAt: new Date(status.created_at).toISOString(),
    text: spoiler ? `${spoiler}\n\n${body}` : body,
    author: authorOf(status.account),
    hashtags: unique(strings(source.tags, "name").map(normalizeTag)),
    mentions: unique(mentionsOf(source.mentions).map(normalizeHandle)),
    urls: unique(sink.hrefs),
    kind: kindOf(status, item, reblog !== undefined),
    version: editedAt ? Math.max(0, Date.parse(editedAt)) : 0,
  };
  const lang = language ?? (typeof item.language === "string" ? item.language : undefined);
  if (lang) candidate.lang = lang;
  const sensitive = [item, source].some((s) => s.sensitive === true) || Boolean(spoiler?.trim());
  withMedia(candidate, mediaOf(source.media_attachments, sensitive));

  const checked = PostSchema.safeParse(candidate);
  if (!checked.success) return { type: "rejected", error: `${label}: post ${describeZodError(checked.error)}` };
  return { type: "post", post: checked.data };
}

const ATTACHMENT_TYPES: Record<string, MediaType> = { image: "photo", video: "video", gifv: "gif" };

function mediaOf(attachments: unknown, sensitive: boolean): MediaItem[] {
  return mediaList(attachments, (attachment) => {
    const meta = isRecord(attachment.meta) && isRecord(attachment.meta.original) ? attachment.meta.original : {};
    const type = typeof attachment.type === "string" && Object.hasOwn(ATTACHMENT_TYPES, attachment.type) ? ATTACHMENT_TYPES[attachment.type] : undefined;
    return mediaItem(
      {
        type,
        url: attachment.url,
        previewUrl: attachment.preview_url,
        alt: attachment.description,
        width: meta.width,
        height: meta.height,
        blurhash: attachment.blurhash,
      },
      sensitive,
    );
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function authorOf(account: Status["account"]): Author {
  const author: Author = { id: account.id, handle: qualify(account.acct, account.url) };
  if (account.display_name) author.name = account.display_name;
  if (account.followers_count !== undefined) author.followers = account.followers_count;
  return author;
}

function kindOf(status: Status, item: Record<string, unknown>, isReblog: boolean): PostKind {
  if (isReblog) return "retweet";
  if (status.in_reply_to_id !== undefined && status.in_reply_to_id !== null && status.in_reply_to_id !== "") {
    return "reply";
  }
  if (isRecord(item.quote)) return "quote";
  return "original";
}

/** `acct` with a domain: a local account's gets the host of its profile `url`. */
function qualify(acct: string, url: unknown): string {
  const bare = acct.trim().replace(/^@+/, "");
  if (bare.includes("@") || typeof url !== "string") return bare;
  // A regex, not URL: the shared build targets plain ES with no DOM or Node types.
  const host = /^https?:\/\/([^/?#@\s]+)/i.exec(url)?.[1];
  return host ? `${bare}@${host.toLowerCase()}` : bare;
}

function mentionsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) =>
    isRecord(entry) && typeof entry.acct === "string" ? [qualify(entry.acct, entry.url)] : [],
  );
}

/** The string `key` of each object in `list`, skipping anything malformed. */
function strings(list: unknown, key: string): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => (isRecord(entry) && typeof entry[key] === "string" ? [entry[key]] : []));
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v.length > 0))];
}

/** Like `describeZodError`, with the issue's path under `base` (such as `reblog`). */
function describeAt(base: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${base || "item"}: invalid status`;
  const path = [base, ...issue.path.map(String)].filter((p) => p.length > 0);
  return `${path.length > 0 ? path.join(".") : "item"}: ${issue.message}`;
}
