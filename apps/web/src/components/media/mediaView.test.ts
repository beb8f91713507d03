import type { MediaItem } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import { commonEn } from "../../i18n/commonMessages";
import { interpolate } from "../../i18n/i18n";
import { firstPicture, mediaAspect, mediaName, mediaShown, mediaUrlAllowed, type MediaSay } from "./mediaView";

const HOSTS = ["pbs.twimg.com", "127.0.0.1:8080"];
const say: MediaSay = (key, values) => interpolate(commonEn[key], values);
const photo = (extra: Partial<MediaItem> = {}): MediaItem => ({ type: "photo", url: "https://pbs.twimg.com/a.jpg", ...extra });

describe("mediaShown", () => {
  it("draws a photo at its URL, its preview when small, and a video or GIF as its poster only", () => {
    expect(mediaShown(photo(), HOSTS)).toMatchObject({ kind: "picture", src: "https://pbs.twimg.com/a.jpg", moving: false });
    expect(mediaShown(photo({ previewUrl: "https://pbs.twimg.com/a-small.jpg" }), HOSTS, { small: true })).toMatchObject({ src: "https://pbs.twimg.com/a-small.jpg" });
    const video: MediaItem = { type: "video", url: "https://pbs.twimg.com/v.mp4", previewUrl: "https://pbs.twimg.com/v.jpg" };
    expect(mediaShown(video, HOSTS)).toMatchObject({ kind: "picture", src: "https://pbs.twimg.com/v.jpg", moving: true });
    expect(mediaShown({ type: "gif", url: "https://pbs.twimg.com/g.mp4" }, HOSTS)).toMatchObject({ kind: "placeholder", moving: true });
  });

  it("never draws a URL outside the allowlist, nor one with another scheme or credentials", () => {
    expect(mediaShown(photo({ url: "https://evil.example/a.jpg" }), HOSTS)).toBeNull();
    expect(mediaShown(photo({ url: "http://pbs.twimg.com/a.jpg" }), HOSTS)).toBeNull();
    expect(mediaShown(photo({ url: "http://127.0.0.1:9090/a.png" }), HOSTS)).toBeNull();
    expect(mediaShown(photo({ url: "http://127.0.0.1:8080/a.png" }), HOSTS)).toMatchObject({ kind: "picture" });
    expect(mediaShown({ type: "video", url: "", previewUrl: "https://evil.example/p.jpg" }, HOSTS)).toBeNull();
  });

  it("checks only the URL's form on public screens, where the server already kept the allowlist", () => {
    expect(mediaUrlAllowed("https://cdn.example/a.jpg", null)).toBe(true);
    expect(mediaUrlAllowed("http://cdn.example/a.jpg", null)).toBe(false);
    expect(mediaUrlAllowed("javascript:alert(1)", null)).toBe(false);
    expect(mediaUrlAllowed("https://user:pw@cdn.example/a.jpg", null)).toBe(false);
    expect(mediaUrlAllowed("not a url", null)).toBe(false);
  });

  it("blurs a withheld item with its reason, and a sensitive one until it is revealed", () => {
    expect(mediaShown(photo({ url: "", withheld: "approval" }), HOSTS)).toMatchObject({ kind: "blur", reason: "approval" });
    expect(mediaShown(photo({ url: "", withheld: "sensitive", sensitive: true }), HOSTS, { revealed: true })).toMatchObject({ kind: "blur", reason: "sensitive" });
    expect(mediaShown(photo({ sensitive: true }), HOSTS)).toMatchObject({ kind: "blur", reason: "sensitive" });
    expect(mediaShown(photo({ sensitive: true }), HOSTS, { revealed: true })).toMatchObject({ kind: "picture" });
  });

  it("finds a post's first picture a public screen can show, skipping blurs", () => {
    const post = { media: [photo({ sensitive: true }), photo({ url: "https://pbs.twimg.com/b.jpg" })] };
    expect(firstPicture(post, HOSTS)?.src).toBe("https://pbs.twimg.com/b.jpg");
    expect(firstPicture({ media: [photo({ url: "", withheld: "approval" })] }, HOSTS)).toBeNull();
    expect(firstPicture({}, HOSTS)).toBeNull();
  });
});

describe("mediaName and mediaAspect", () => {
  it("names an item by its alt text, says a missing one, and says a video is one", () => {
    expect(mediaName(photo({ alt: "A job fair" }), say)).toBe("A job fair");
    expect(mediaName(photo({ alt: "  " }), say)).toBe("Picture without a description");
    expect(mediaName({ type: "video", url: "", alt: "Interview" }, say)).toBe("Video: Interview");
  });

  it("keeps the item's proportions, or a 4:3 box when its size is unknown", () => {
    expect(mediaAspect({ width: 1600, height: 900 })).toBe("1600 / 900");
    expect(mediaAspect({})).toBe("4 / 3");
  });
});
