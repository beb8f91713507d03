import { isNormalizedPost, normalizePost } from "./post.js";
import { isXV2Message, normalizeXV2, splitXV2Message } from "./x-v2.js";
import type { NormalizeResult } from "./result.js";

export type { NormalizeResult } from "./result.js";
export { isRecord } from "./result.js";
export { describeZodError } from "./issues.js";
export { PostInputSchema, normalizePost, isNormalizedPost } from "./post.js";
export { normalizeXV2, isXV2Message, splitXV2Message } from "./x-v2.js";

/** What `normalizeItem` expects, for error messages. */
export const KNOWN_FORMATS = "a normalized Post or an X API v2 message ({ data, includes })";

/** Detects an item's format and normalizes it. Never throws. */
export function normalizeItem(item: unknown): NormalizeResult {
  try {
    if (isNormalizedPost(item)) return normalizePost(item);
    if (isXV2Message(item)) return normalizeXV2(item);
    return { type: "rejected", error: `unknown item format: expected ${KNOWN_FORMATS}` };
  } catch (err) {
    return { type: "rejected", error: `could not normalize item: ${(err as Error).message}` };
  }
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
