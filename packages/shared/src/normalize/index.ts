import { isNormalizedPost, normalizePost } from "./post.js";
import { isXV2Message, normalizeXV2, splitXV2Message } from "./x-v2.js";
import { isXV1Item, normalizeXV1 } from "./x-v1.js";
import { isMastodonStatus, isMastodonStreamingEvent, normalizeMastodon } from "./mastodon.js";
import { isJetstreamEvent, normalizeJetstream } from "./bluesky.js";
import { checkPostLimits, overLimits } from "./limits.js";
import type { NormalizeResult } from "./result.js";

export type { NormalizeResult } from "./result.js";
export { isRecord } from "./result.js";
export { describeZodError } from "./issues.js";
export { checkPostLimits, longerThan } from "./limits.js";
export { PostInputSchema, normalizePost, isNormalizedPost } from "./post.js";
export { normalizeXV2, isXV2Message, splitXV2Message } from "./x-v2.js";
export { normalizeXV1, isXV1Item } from "./x-v1.js";
export { normalizeMastodon, isMastodonStatus, isMastodonStreamingEvent } from "./mastodon.js";
export * from "./bluesky.js";

/** What `normalizeItem` expects, for error messages. */
export const KNOWN_FORMATS =
  "a normalized Post, an X API v2 message ({ data, includes }), an X API v1.1 status or delete notice, " +
  "a Mastodon Status or streaming event ({ event, payload }), or a Bluesky Jetstream event ({ did, time_us, kind })";

/**
 * Detects an item's format and normalizes it. A post over the limits of one item (`POST_LIMITS`) is rejected here,
 * whatever its format: every source (HTTP ingest, connectors, the simulator, replay) passes through. Never throws.
 */
export function normalizeItem(item: unknown): NormalizeResult {
  try {
    const result = detectAndNormalize(item);
    if (result.type !== "post") return result;
    const problem = checkPostLimits(result.post);
    return problem === undefined ? result : overLimits(problem);
  } catch (err) {
    return { type: "rejected", error: `could not normalize item: ${(err as Error).message}` };
  }
}

function detectAndNormalize(item: unknown): NormalizeResult {
  if (isNormalizedPost(item)) return normalizePost(item);
  if (isXV2Message(item)) return normalizeXV2(item);
  // The detectors do not overlap: v1.1 needs a string id_str, Mastodon an account or { event, payload },
  // Jetstream a did with time_us and kind.
  if (isXV1Item(item)) return normalizeXV1(item);
  if (isMastodonStatus(item) || isMastodonStreamingEvent(item)) return normalizeMastodon(item);
  if (isJetstreamEvent(item)) return normalizeJetstream(item);
  return { type: "rejected", error: `unknown item format: expected ${KNOWN_FORMATS}` };
}

/**
 * Like `normalizeItem`, for an item that may hold several posts (an X lookup response with many tweets):
 * one result per post, in order.
 */
export function normalizeItems(item: unknown): NormalizeResult[] {
  if (isXV2Message(item)) {
    const parts = splitXV2Message(item);
    if (parts.length !== 1) return parts.map(normalizeItem);
  }
  return [normalizeItem(item)];
}
