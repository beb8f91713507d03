import { expect } from "vitest";
import { PostSchema, type Post } from "../../src/models.js";
import type { NormalizeResult } from "../../src/normalize/index.js";

/** The post of a result, which must be a post that passes PostSchema. */
export function expectPost(result: NormalizeResult): Post {
  if (result.type !== "post") throw new Error(`expected a post, got ${JSON.stringify(result)}`);
  expect(PostSchema.safeParse(result.post).success).toBe(true);
  return result.post;
}

/** The error of a result, which must be a rejection. */
export function expectRejected(result: NormalizeResult): string {
  if (result.type !== "rejected") throw new Error(`expected rejected, got ${JSON.stringify(result)}`);
  return result.error;
}
