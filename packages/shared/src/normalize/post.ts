import { z } from "zod";
import { MediaItemSchema, PostSchema, type Post } from "../models.js";
import { normalizeHandle, normalizeTag } from "../attribute.js";
import { describeZodError } from "./issues.js";
import { isRecord, type NormalizeResult } from "./result.js";

/** A date, optionally with a time and offset; four-digit years only, so `toISOString()` stays in PostSchema's form. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * A media item as a partner sends it: MediaItemSchema with a URL that is there. `withheld` is the server's to set
 * on public screens, so it is dropped (as unknown keys are).
 */
const MediaInputSchema = MediaItemSchema.omit({ withheld: true }).extend({
  url: z.string({ error: "expected the media URL" }).min(1, "expected the media URL"),
});

/**
 * What `POST /api/ingest` accepts as an already normalized post: the Post schema, but lenient where the
 * server can normalize (tags with `#` or in any case, any ISO 8601 time, missing lists). A malformed `media` item
 * rejects the post, naming it (`media.0.type: …`): a partner's own format is theirs to get right.
 */
export const PostInputSchema = PostSchema.extend({
  createdAt: z
    .string()
    .regex(ISO_8601, "expected an ISO 8601 date-time, such as 2015-06-10T09:15:00Z")
    .refine((s) => !Number.isNaN(Date.parse(s)), "expected an ISO 8601 date-time, such as 2015-06-10T09:15:00Z"),
  hashtags: z.array(z.string()).default([]),
  mentions: z.array(z.string()).default([]),
  urls: z.array(z.string()).default([]),
  kind: PostSchema.shape.kind.default("original"),
  country: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(PostSchema.shape.country.unwrap())
    .optional(),
  media: z.array(MediaInputSchema).optional(),
}).omit({ orgId: true });

/** True when an item looks like a normalized post rather than a network payload. */
export function isNormalizedPost(item: unknown): boolean {
  return isRecord(item) && typeof item.network === "string" && "author" in item && "id" in item;
}

/** Normalizes an item sent as a normalized Post. `orgId` is always the server's to set, so it is dropped. */
export function normalizePost(item: unknown): NormalizeResult {
  const parsed = PostInputSchema.safeParse(item);
  if (!parsed.success) return { type: "rejected", error: `normalized post: ${describeZodError(parsed.error)}` };
  const { media, ...input } = parsed.data;
  const post: Post = {
    ...input,
    createdAt: new Date(input.createdAt).toISOString(),
    hashtags: [...new Set(input.hashtags.map(normalizeTag).filter((t) => t.length > 0))],
    mentions: [...new Set(input.mentions.map(normalizeHandle).filter((m) => m.length > 0))],
  };
  // As from the networks: a post without media has no `media` field.
  if (media && media.length > 0) post.media = media;
  return { type: "post", post };
}
