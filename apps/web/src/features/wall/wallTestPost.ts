import type { Post } from "@pulse/shared/client";
import { testPost } from "../../lib/testFixtures";

/** A test post: number `id`, written at 10:`id % 60` UTC on 24 Feb 2015, with `extra` on top. For the wall's tests. */
export function wallTestPost(id: number, extra: Partial<Post> = {}): Post {
  return testPost(String(id), {
    createdAt: new Date(Date.UTC(2015, 1, 24, 10, id % 60)).toISOString(),
    text: `Offre ${id} #VotreJob`,
    author: { id: `a${id}`, handle: `user${id}` },
    hashtags: ["votrejob"],
    ...extra,
  });
}
