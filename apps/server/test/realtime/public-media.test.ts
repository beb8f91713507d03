import { NETWORK_MEDIA_HOSTS, emptyChange, type MediaItem, type Post } from "@pulse/shared";
import { describe, expect, it } from "vitest";
import { hasPublicMedia, projectChange, publicPost, type MediaPolicy } from "../../src/realtime/public-media.js";
import { makePost } from "../support/start-pulse.js";

const hosts = [...NETWORK_MEDIA_HOSTS, "files.mastodon.example", "127.0.0.1:9000"];
const off: MediaPolicy = { hosts, approval: "off" };

const photo: MediaItem = {
  type: "photo",
  url: "https://pbs.twimg.com/media/a.jpg",
  previewUrl: "https://pbs.twimg.com/media/a.jpg?name=small",
  alt: "a job fair",
  width: 1200,
  height: 800,
};
const sensitive: MediaItem = {
  type: "video",
  url: "https://files.mastodon.example/v.mp4",
  previewUrl: "https://files.mastodon.example/v.png",
  sensitive: true,
  blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
  width: 640,
  height: 360,
};
const withMedia = (media: MediaItem[], extra: Partial<Post> = {}): Post => makePost({ id: "m", media, ...extra });

describe("publicPost", () => {
  it("leaves a post without media, or whose media all show, as the very same object", () => {
    const plain = makePost({ id: "plain" });
    expect(publicPost(plain, { hosts, approval: "pictures" })).toBe(plain);
    const shown = withMedia([photo, { type: "gif", url: "http://127.0.0.1:9000/g.mp4" }]);
    expect(publicPost(shown, off)).toBe(shown);
  });

  it("drops an item whose url or previewUrl is off the allowlist, and the media when none is left", () => {
    const stranger = { ...photo, url: "https://evil.example/a.jpg" };
    const strangePreview = { ...photo, previewUrl: "https://evil.example/a.jpg" };
    const plainHttp = { ...photo, url: "http://pbs.twimg.com/media/a.jpg" };
    expect(publicPost(withMedia([stranger, photo, strangePreview, plainHttp]), off).media).toEqual([photo]);
    const none = publicPost(withMedia([stranger]), off);
    expect(none).not.toHaveProperty("media");
    expect(JSON.stringify(none)).not.toContain("evil.example");
    // Approval never lets a URL off the allowlist through.
    expect(publicPost(withMedia([stranger], { mediaApproved: true }), off)).not.toHaveProperty("media");
  });

  it("withholds a sensitive item until its media are approved: its box and blur, never its URLs", () => {
    const post = withMedia([photo, sensitive]);
    expect(publicPost(post, off).media).toEqual([
      photo,
      { type: "video", width: 640, height: 360, blurhash: sensitive.blurhash, sensitive: true, withheld: "sensitive", url: "", previewUrl: "" },
    ]);
    expect(publicPost({ ...post, mediaApproved: true }, off).media).toEqual([photo, sensitive]);
  });

  it.each(["pictures", "posts"] as const)("withholds every item while mediaApproval is %s, until approved", (approval) => {
    const post = withMedia([photo, sensitive]);
    expect(publicPost(post, { hosts, approval }).media).toEqual([
      { type: "photo", width: 1200, height: 800, alt: "a job fair", withheld: "approval", url: "", previewUrl: "" },
      { type: "video", width: 640, height: 360, blurhash: sensitive.blurhash, sensitive: true, withheld: "sensitive", url: "", previewUrl: "" },
    ]);
    expect(publicPost({ ...post, mediaApproved: true }, { hosts, approval }).media).toEqual([photo, sensitive]);
  });

  it("keeps the rest of the post as it is", () => {
    const post = withMedia([sensitive], { text: "hello", arrival: 7 });
    const { media: _media, ...rest } = publicPost(post, off);
    const { media: _stored, ...fields } = post;
    expect(rest).toEqual(fields);
  });
});

describe("hasPublicMedia", () => {
  it("is true when any item is on the allowlist, withheld or not", () => {
    expect(hasPublicMedia(withMedia([sensitive]), hosts)).toBe(true);
    expect(hasPublicMedia(withMedia([{ ...photo, url: "https://evil.example/a.jpg" }]), hosts)).toBe(false);
    expect(hasPublicMedia(makePost({ id: "plain" }), hosts)).toBe(false);
  });
});

describe("projectChange", () => {
  it("projects posts and the pinned list, and returns the change itself when nothing changed", () => {
    const plain = emptyChange();
    plain.posts = [makePost({ id: "plain" })];
    const project = (post: Post) => publicPost(post, off);
    expect(projectChange(plain, project)).toBe(plain);
    const change = { ...emptyChange(), posts: [withMedia([sensitive])], pinned: [withMedia([sensitive])] };
    const projected = projectChange(change, project);
    expect(projected.posts[0]?.media?.[0]?.withheld).toBe("sensitive");
    expect(projected.pinned?.[0]?.media?.[0]?.url).toBe("");
    // The store's change is left as it was.
    expect(change.posts[0]?.media?.[0]?.url).toBe(sensitive.url);
  });
});
