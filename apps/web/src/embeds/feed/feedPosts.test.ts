import type { Post } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import { authorName } from "../../lib/authorName";
import { avatarLetter, feedPosts } from "./feedPosts";

function post(id: string, country?: string, name?: string): Post {
  return {
    network: "mastodon",
    id,
    createdAt: "2015-02-24T09:00:00Z",
    text: `post ${id}`,
    author: { id: `a${id}`, handle: `h${id}`, ...(name === undefined ? {} : { name }) },
    ...(country === undefined ? {} : { country }),
    hashtags: [],
    mentions: [],
    urls: [],
    kind: "original",
  };
}

describe("feedPosts", () => {
  const recent = [post("1", "FR"), post("2", "DE"), post("3"), post("4", "FR"), post("5", "FR")];
  it("keeps the newest posts, in order, up to the limit", () => {
    expect(feedPosts(recent, null, 3).map((e) => e.post.id)).toEqual(["1", "2", "3"]);
  });
  it("keeps one country's posts when asked", () => {
    expect(feedPosts(recent, "FR", 2).map((e) => e.post.id)).toEqual(["1", "4"]);
    expect(feedPosts(recent, "IT", 5)).toEqual([]);
  });
  it("puts the pinned posts first, newest pin first, marked, each post once", () => {
    const pinned = [post("9", "FR"), post("4", "FR")];
    const feed = feedPosts(recent, null, 4, pinned);
    expect(feed.map((e) => [e.post.id, e.pinned])).toEqual([
      ["9", true],
      ["4", true],
      ["1", false],
      ["2", false],
    ]);
    // Pins lead even when there are more of them than places.
    expect(feedPosts(recent, null, 1, pinned).map((e) => e.post.id)).toEqual(["9"]);
  });
  it("keeps only the asked country's pins", () => {
    const pinned = [post("9", "DE"), post("8", "FR")];
    expect(feedPosts(recent, "FR", 3, pinned).map((e) => e.post.id)).toEqual(["8", "1", "4"]);
  });
});

describe("authorName and avatarLetter", () => {
  it("prefer the display name, fall back on the handle", () => {
    expect(authorName(post("1", undefined, "  Émilie Dupont "))).toBe("Émilie Dupont");
    expect(authorName(post("2"))).toBe("@h2");
    expect(authorName(post("3", undefined, "   "))).toBe("@h3");
    expect(avatarLetter(post("1", undefined, "émilie"))).toBe("É");
    expect(avatarLetter(post("2"))).toBe("H");
    expect(avatarLetter(post("4", undefined, "🎉🎉"))).toBe("H");
  });
});
