import type { Post } from "../models.js";

/** What a normalizer made of one item. */
export type NormalizeResult =
  /** A post to count (or, for a known key with a higher `version`, an edit). */
  | { type: "post"; post: Post }
  /** A delete notice for the post with this `network:id` key. */
  | { type: "delete"; key: string }
  /** Understood but not a post: likes, follows, identity events, stream errors. */
  | { type: "ignored"; reason: string }
  /** Not usable. `error` says what was expected. */
  | { type: "rejected"; error: string };

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
