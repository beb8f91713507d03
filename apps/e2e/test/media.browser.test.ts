/**
 * Post pictures in a real Chromium (issue 16, contract v2 "Media"). A local image server stands in for the
 * networks' CDN, its host added with `MEDIA_HOSTS`; posts come in through `/api/ingest` with media pointing at it.
 * Pictures show on the wall, the dashboard and the feed widget (`data-media="on"`); a sensitive one is blurred on
 * the wall and revealed only in the console; a picture on a second image server, outside the allowlist, is never
 * requested; a campaign whose pictures need approval keeps a picture off its wall until a moderator approves it;
 * a hidden post's picture leaves the wall within a tick; and the photos scene at 4K holds the wall's frame budget.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInCampaign, endpointPath, type Campaign } from "@pulse/shared";
import { campaignDayAt, ingest, moderatePost, normalizedPost, useBrowser, watchPageErrors } from "./support/browser-helpers.js";
import { startImageServer, type ImageServer } from "./support/image-server.js";
import { startNode, type BrowserTestNode } from "./support/pulse-node.js";

const INGEST_TOKEN = "media-browser-ingest-token";
const STAFF_TOKEN = "media-browser-staff-token-0123456789";
const VIEWPORT = { width: 1440, height: 1000 };
/** A campaign whose pictures wait for a moderator (`mediaApproval: "pictures"`); its text shows meanwhile. */
const APPROVAL: Campaign = {
  ...builtInCampaign,
  id: "media-approval",
  name: "Pictures need approval",
  hashtags: [{ tag: "MediaApproval", country: "FR" }],
  organizations: [],
  mediaApproval: "pictures",
};

let serial = 0;

/** A post with `media`; `text` names it, so a test can wait for it on screen. */
function postWith(id: string, media: unknown[], text = `Post ${id} #VotreJob`) {
  serial += 1;
  return normalizedPost({
    id,
    createdAt: campaignDayAt(10, serial % 60),
    text,
    author: { id: `media-author-${serial}`, handle: `media${serial}`, name: `Photographe ${serial}` },
    media,
  });
}

/** A 16:9 photo on `server` named `name`. */
function photo(server: ImageServer, name: string, extra: Record<string, unknown> = {}) {
  return { type: "photo", url: server.url(name), width: 1600, height: 900, alt: `Picture ${name}`, ...extra };
}

/**
 * Console errors and uncaught exceptions of a page; the 401 of the console's session check before login and the
 * CSP's refusals (which are the allowlist working) are let through.
 */
const watchErrors = (page: Page) => watchPageErrors(page, /status of 401|Content Security Policy/);

/** True once the `<img>` under `scope` whose src ends with `/name.png` has loaded (its natural width is known). */
async function pictureLoaded(scope: Page | Frame, name: string): Promise<boolean> {
  return scope.evaluate(
    (file) => [...document.querySelectorAll("img")].some((img) => img.src.endsWith(`/${file}.png`) && img.complete && img.naturalWidth > 0),
    name,
  );
}

/** How many `<img>` elements on `scope` point at picture `name`. */
async function picturesNamed(scope: Page | Frame, name: string): Promise<number> {
  return scope.evaluate((file) => [...document.querySelectorAll("img")].filter((img) => img.src.endsWith(`/${file}.png`)).length, name);
}

/** The attributes every picture must have. */
async function pictureAttributes(img: Locator) {
  return img.evaluate((el: HTMLImageElement) => ({
    alt: el.alt,
    loading: el.loading,
    decoding: el.decoding,
    referrerPolicy: el.referrerPolicy,
    // The box is sized before the picture loads: its parent has the item's proportions.
    aspect: getComputedStyle(el.parentElement!).aspectRatio,
  }));
}

async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId("staff-token").fill(STAFF_TOKEN);
  await page.getByTestId("staff-name").fill("Zoé");
  await page.getByTestId("staff-login").click();
  await expect.poll(() => page.getByTestId("staff-console").count(), { timeout: 10_000 }).toBe(1);
}

/** A partner page on another origin, embedding the feed widget with `data-media` as `media` asks. */
async function startPartner(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://partner");
    const pulse = url.searchParams.get("pulse") ?? "";
    const media = url.searchParams.get("media");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body><main style="width:420px">
<script async src="${pulse}/embed.js" data-widget="feed" data-lang="en" data-limit="5"${media ? ` data-media="${media}"` : ""}></script>
</main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("post pictures in a real Chromium", () => {
  const ctx = useBrowser();
  let cdn: ImageServer;
  let outside: ImageServer;
  let node: BrowserTestNode;
  let partner: { origin: string; server: Server };

  beforeAll(async () => {
    cdn = await startImageServer();
    // A second image server on another port, left out of MEDIA_HOSTS.
    outside = await startImageServer();
    node = await startNode({ SOURCE: "none", INGEST_TOKEN, STAFF_TOKEN, TICK_MS: "100", MEDIA_HOSTS: cdn.host });
    partner = await startPartner();
    const res = await fetch(`${node.url}${endpointPath("createCampaign")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${STAFF_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(APPROVAL),
    });
    expect(res.status, await res.text()).toBe(201);
  });
  afterAll(async () => {
    await new Promise((resolve) => partner?.server.close(resolve));
    await node?.close();
    await cdn?.close();
    await outside?.close();
  });

  it("shows pictures on the wall, the dashboard and the feed widget that asks for them, lazily and without a referrer", async () => {
    await ingest(node.url, INGEST_TOKEN, [
      postWith("fair", [photo(cdn, "fair"), { type: "video", url: `http://${cdn.host}/clip.mp4`, previewUrl: cdn.url("clip-poster"), width: 1280, height: 720 }]),
      postWith("stand", [photo(cdn, "stand", { alt: undefined })]),
    ]);
    const context = await ctx.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: "en-GB" });
    const wall = await context.newPage();
    const problems = watchErrors(wall);
    await wall.goto(`${node.url}/wall?scenes=photos&rotate=0&lang=en`);
    await expect.poll(() => wall.getByTestId("wall-photo").count(), { timeout: 10_000 }).toBe(3);
    for (const name of ["fair", "stand", "clip-poster"]) await expect.poll(() => pictureLoaded(wall, name), { timeout: 10_000 }).toBe(true);
    // Alt text is the accessible name; a missing one is said; the video is its poster with a play mark, no player.
    expect(await wall.getByRole("img", { name: "Picture fair", exact: true }).count()).toBe(1);
    expect(await wall.getByRole("img", { name: "Picture without a description", exact: true }).count()).toBe(1);
    expect(await wall.locator(".media--video .media__play").count()).toBe(1);
    expect(await wall.locator("video, audio").count()).toBe(0);
    expect(cdn.requestsFor("clip")).toEqual([]);
    const img = wall.locator('img[src$="/fair.png"]');
    expect(await img.evaluate((el: HTMLImageElement) => ({ loading: el.loading, decoding: el.decoding, referrerPolicy: el.referrerPolicy }))).toEqual({
      loading: "lazy",
      decoding: "async",
      referrerPolicy: "no-referrer",
    });
    // The mosaic fills the screen and never scrolls.
    expect(await wall.evaluate(() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    expect(cdn.requestsFor("fair").every((request) => request.headers.referer === undefined)).toBe(true);

    const dashboard = await context.newPage();
    const dashboardProblems = watchErrors(dashboard);
    await dashboard.goto(`${node.url}/?lang=en`);
    await expect.poll(() => pictureLoaded(dashboard, "stand"), { timeout: 10_000 }).toBe(true);
    const thumbnail = dashboard.locator('[data-testid=feed-item] img[src$="/fair.png"]');
    expect(await pictureAttributes(thumbnail)).toEqual({
      alt: "Picture fair",
      loading: "lazy",
      decoding: "async",
      referrerPolicy: "no-referrer",
      aspect: "1600 / 900",
    });

    const partnerPage = await context.newPage();
    await partnerPage.goto(`${partner.origin}/?pulse=${encodeURIComponent(node.url)}&media=on`);
    await expect.poll(() => partnerPage.frames().some((f) => f.url().includes("/embed/feed?")), { timeout: 10_000 }).toBe(true);
    const widget = partnerPage.frames().find((f) => f.url().includes("/embed/feed?")) as Frame;
    expect(new URL(widget.url()).searchParams.get("media")).toBe("on");
    await expect.poll(() => pictureLoaded(widget, "fair"), { timeout: 10_000 }).toBe(true);
    // Without data-media="on", the widget shows the posts' text only.
    const plain = await context.newPage();
    await plain.goto(`${partner.origin}/?pulse=${encodeURIComponent(node.url)}`);
    await expect.poll(() => plain.frames().some((f) => f.url().includes("/embed/feed?")), { timeout: 10_000 }).toBe(true);
    const plainWidget = plain.frames().find((f) => f.url().includes("/embed/feed?")) as Frame;
    await expect.poll(() => plainWidget.getByTestId("feed-post").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await plainWidget.locator("img").count()).toBe(0);

    expect(problems).toEqual([]);
    expect(dashboardProblems).toEqual([]);
    await context.close();
  });

  it("blurs a sensitive picture on the wall, never loading it there, and reveals it only in the console", async () => {
    await ingest(node.url, INGEST_TOKEN, [
      postWith("secret", [photo(cdn, "secret", { sensitive: true, blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj" })], "Sensitive secret #VotreJob"),
    ]);
    const context = await ctx.browser.newContext({ viewport: VIEWPORT, locale: "en-GB" });
    const wall = await context.newPage();
    const problems = watchErrors(wall);
    await wall.goto(`${node.url}/wall?scenes=feed&rotate=0&lang=en`);
    const highlight = wall.locator('[data-testid=wall-highlight][data-post="other:secret"]');
    await expect.poll(() => highlight.count(), { timeout: 10_000 }).toBe(1);
    const blur = highlight.locator("[data-testid=media]");
    expect(await blur.getAttribute("data-media-state")).toBe("blur");
    expect(await highlight.getByRole("img", { name: "Sensitive media" }).count()).toBe(1);
    // The photos scene leaves it out.
    await wall.goto(`${node.url}/wall?scenes=photos&rotate=0&lang=en`);
    await expect.poll(() => wall.getByTestId("wall-photo").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await wall.locator('[data-testid=wall-photo][data-post="other:secret"]').count()).toBe(0);
    expect(await picturesNamed(wall, "secret")).toBe(0);
    expect(cdn.requestsFor("secret")).toEqual([]);

    const staff = await context.newPage();
    await logIn(staff, `${node.url}/staff?lang=en`);
    const item = staff.locator('[data-testid=staff-live-item][data-post="other:secret"]');
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => item.locator("[data-testid=media]").getAttribute("data-media-state"), { timeout: 10_000 }).toBe("blur");
    expect(cdn.requestsFor("secret")).toEqual([]);
    await item.getByTestId("staff-reveal").click();
    await expect.poll(() => pictureLoaded(staff, "secret"), { timeout: 10_000 }).toBe(true);
    expect(cdn.requestsFor("secret").length).toBeGreaterThan(0);
    // Revealing is the console's alone: the wall still shows the blur.
    await wall.goto(`${node.url}/wall?scenes=feed&rotate=0&lang=en`);
    await expect.poll(() => highlight.locator("[data-testid=media]").getAttribute("data-media-state"), { timeout: 10_000 }).toBe("blur");
    expect(await picturesNamed(wall, "secret")).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("never requests a picture outside the allowlist, on any screen", async () => {
    await ingest(node.url, INGEST_TOKEN, [postWith("elsewhere", [photo(outside, "elsewhere")], "Picture elsewhere #VotreJob")]);
    const context = await ctx.browser.newContext({ viewport: VIEWPORT, locale: "en-GB" });
    const wall = await context.newPage();
    await wall.goto(`${node.url}/wall?scenes=feed&rotate=0&lang=en`);
    await expect.poll(() => wall.locator('[data-testid=wall-highlight][data-post="other:elsewhere"]').count(), { timeout: 10_000 }).toBe(1);
    const dashboard = await context.newPage();
    await dashboard.goto(`${node.url}/?lang=en`);
    await expect.poll(() => dashboard.locator('[data-testid=feed-item][data-post="other:elsewhere"]').count(), { timeout: 10_000 }).toBe(1);
    const staff = await context.newPage();
    await logIn(staff, `${node.url}/staff?lang=en`);
    await expect.poll(() => staff.locator('[data-testid=staff-live-item][data-post="other:elsewhere"]').count(), { timeout: 10_000 }).toBe(1);
    const partnerPage = await context.newPage();
    await partnerPage.goto(`${partner.origin}/?pulse=${encodeURIComponent(node.url)}&media=on`);
    await expect.poll(() => partnerPage.frames().some((f) => f.url().includes("/embed/feed?")), { timeout: 10_000 }).toBe(true);
    const widget = partnerPage.frames().find((f) => f.url().includes("/embed/feed?")) as Frame;
    await expect.poll(() => widget.locator('[data-post="other:elsewhere"]').count(), { timeout: 10_000 }).toBe(1);
    await wall.waitForTimeout(1_000);
    for (const scope of [wall, dashboard, staff, widget]) expect(await picturesNamed(scope, "elsewhere")).toBe(0);
    expect(outside.requests).toEqual([]);
    await context.close();
  });

  it("keeps a picture off the wall of a campaign whose pictures need approval until a moderator approves it", async () => {
    await ingest(
      node.url,
      INGEST_TOKEN,
      [{ ...postWith("awaiting", [photo(cdn, "awaiting")], "Awaiting approval #MediaApproval"), hashtags: ["mediaapproval"] }],
      APPROVAL.id,
    );
    const context = await ctx.browser.newContext({ viewport: VIEWPORT, locale: "en-GB" });
    const wall = await context.newPage();
    const problems = watchErrors(wall);
    await wall.goto(`${node.url}/c/${APPROVAL.id}/wall?scenes=feed&rotate=0&lang=en`);
    const highlight = wall.locator('[data-testid=wall-highlight][data-post="other:awaiting"]');
    // The text shows meanwhile; the picture is a labelled blur, and is never requested.
    await expect.poll(() => highlight.count(), { timeout: 10_000 }).toBe(1);
    expect(await highlight.locator("[data-testid=media]").getAttribute("data-reason")).toBe("approval");
    expect(await highlight.getByRole("img", { name: "Awaiting approval" }).count()).toBe(1);
    await wall.waitForTimeout(1_000);
    expect(cdn.requestsFor("awaiting")).toEqual([]);

    const staff = await context.newPage();
    await logIn(staff, `${node.url}/staff?lang=en&campaign=${APPROVAL.id}`);
    const item = staff.locator('[data-testid=staff-live-item][data-post="other:awaiting"]');
    await expect.poll(() => item.getByTestId("staff-approve-media").count(), { timeout: 10_000 }).toBe(1);
    await item.getByTestId("staff-approve-media").click();
    await expect.poll(() => pictureLoaded(wall, "awaiting"), { timeout: 5_000 }).toBe(true);
    expect(await highlight.locator("[data-testid=media]").getAttribute("data-media-state")).toBe("picture");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("takes a hidden post's picture off the wall within a tick", async () => {
    await ingest(node.url, INGEST_TOKEN, [postWith("hidden", [photo(cdn, "hidden")], "Soon hidden #VotreJob")]);
    const context = await ctx.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: "en-GB" });
    const wall = await context.newPage();
    await wall.goto(`${node.url}/wall?scenes=photos&rotate=0&lang=en`);
    await expect.poll(() => pictureLoaded(wall, "hidden"), { timeout: 10_000 }).toBe(true);
    await moderatePost(node.url, STAFF_TOKEN, { network: "other", id: "hidden" }, "hide");
    // TICK_MS is 100: gone well within a second.
    await expect.poll(() => picturesNamed(wall, "hidden"), { timeout: 1_000, interval: 50 }).toBe(0);
    expect(await wall.locator('[data-testid=wall-photo][data-post="other:hidden"]').count()).toBe(0);
    await context.close();
  });

  it("holds the wall's frame budget on the photos scene at 4K: as many frames as the feed scene draws there today", async () => {
    await ingest(
      node.url,
      INGEST_TOKEN,
      Array.from({ length: 12 }, (_, i) => postWith(`mosaic-${i}`, [photo(cdn, `mosaic-${i}`)])),
    );
    const page = await ctx.browser.newPage({ viewport: { width: 3840, height: 2160 }, locale: "en-GB" });
    /** Frames the page draws in 3 s on `scene`, once it settled. */
    const framesOn = async (scene: "feed" | "photos"): Promise<number> => {
      await page.goto(`${node.url}/wall?scenes=${scene}&rotate=0&lang=en`);
      await expect.poll(() => page.getByTestId("wall-scene").getAttribute("data-scene"), { timeout: 10_000 }).toBe(scene);
      if (scene === "photos") {
        await expect.poll(() => page.getByTestId("wall-photo").count(), { timeout: 10_000 }).toBe(12);
        for (let i = 0; i < 12; i += 1) await expect.poll(() => pictureLoaded(page, `mosaic-${i}`), { timeout: 10_000 }).toBe(true);
        expect(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(true);
      }
      await page.waitForTimeout(1_000);
      return page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            let frames = 0;
            const end = performance.now() + 3_000;
            const step = (now: number) => {
              frames += 1;
              if (now < end) requestAnimationFrame(step);
              else resolve(frames);
            };
            requestAnimationFrame(step);
          }),
      );
    };
    // The budget is relative: what the wall draws at 4K today on this machine (its feed scene, text and cards),
    // measured in turns with the photos scene so that the machine's load weighs on both alike.
    let feed = 0;
    let photos = 0;
    for (let turn = 0; turn < 2; turn += 1) {
      feed += await framesOn("feed");
      photos += await framesOn("photos");
    }
    expect(photos, `frames in 6 s at 4K: photos ${photos}, feed ${feed}`).toBeGreaterThanOrEqual(Math.floor(feed * 0.8));
    await page.close();
  });
});
