import type { Post } from "../../src/models.js";

/** A normalized X post by `someone`, with no hashtag; override any field. */
export function post(fields: Partial<Post> = {}): Post {
  return {
    network: "x",
    id: "1",
    createdAt: "2015-06-10T09:00:00.000Z",
    text: "",
    author: { id: "u1", handle: "someone" },
    hashtags: [],
    mentions: [],
    urls: [],
    kind: "original",
    ...fields,
  };
}
