import { describe, expect, it } from "vitest";
import { testPost } from "../../lib/testFixtures";
import { holdFeed } from "./feedHold";

const post = (id: string, text = `post ${id}`) => testPost(id, { text });

describe("holdFeed", () => {
  it("keeps the held posts in their places and counts the new ones", () => {
    const held = [post("3"), post("2"), post("1")];
    const live = [post("5"), post("4"), post("3"), post("2")];
    const { shown, waiting } = holdFeed(held, live);
    expect(shown.map((p) => p.id)).toEqual(["3", "2", "1"]);
    expect(waiting).toBe(2);
  });

  it("shows a held post's latest version, and keeps one that left the screens", () => {
    const held = [post("2"), post("1")];
    const { shown, waiting } = holdFeed(held, [post("2", "edited")]);
    expect(shown.map((p) => p.text)).toEqual(["edited", "post 1"]);
    expect(waiting).toBe(0);
  });
});
