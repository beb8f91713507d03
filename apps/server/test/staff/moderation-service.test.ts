import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/store/memory-store.js";
import { excerptOf, ModerationService } from "../../src/staff/moderation-service.js";
import { makePost } from "../support/start-pulse.js";

describe("ModerationService", () => {
  it("names the posts and authors of audit entries recorded before `about` was, from what the store holds", async () => {
    const store = new MemoryStore("c1");
    await store.start();
    const post = makePost({ author: { id: "1008395062", handle: "jeanne_d", name: "Jeanne" }, text: "Nous recrutons" });
    await store.apply([{ type: "post", post }]);
    // As an older release logged them: a key and an author key, nothing more.
    await store.moderate({ type: "hide", key: `other:${post.id}` }, "staff:bearer");
    await store.moderate({ type: "block", author: "other:1008395062" }, "staff:bearer", { handle: "jeanne_d", name: "Jeanne" });
    await store.moderate({ type: "pin", key: `other:${post.id}` }, "staff:bearer");
    await store.moderate({ type: "unhide", key: `other:${post.id}` }, "staff:bearer");
    await store.moderate({ type: "block", author: "other:gone" }, "staff:bearer");
    const { entries } = await new ModerationService(store).audit(100);
    expect(entries.map((e) => e.about)).toEqual([
      undefined,
      { handle: "jeanne_d", name: "Jeanne", excerpt: "Nous recrutons" },
      { handle: "jeanne_d", name: "Jeanne", excerpt: "Nous recrutons" },
      { handle: "jeanne_d", name: "Jeanne" },
      { handle: "jeanne_d", name: "Jeanne", excerpt: "Nous recrutons" },
    ]);
    await store.close();
  });

  it("cuts an excerpt to one line of at most 140 characters, never inside a character", () => {
    expect(excerptOf("  deux\n\nlignes  ")).toBe("deux lignes");
    const long = excerptOf("😀".repeat(200));
    expect([...long]).toHaveLength(140);
    expect(long.endsWith("😀…")).toBe(true);
    expect(excerptOf("a".repeat(140))).toBe("a".repeat(140));
  });
});
