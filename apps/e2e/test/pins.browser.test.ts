/**
 * Pins that pin, in a real Chromium against a real node: a post staff pin through the API holds the wall's
 * highlight past its 8 s turn (the wall runs on Playwright's fake clock, so the test jumps time rather than
 * waiting), several pins take turns, and pinned posts lead the dashboard's feed and the feed embed, marked as
 * pinned in French and English, until they are unpinned.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { campaignDayAt, ingest, moderatePost, normalizedPost, openWatchedPage, useBrowserAndNode } from "./support/browser-helpers.js";

const INGEST_TOKEN = "pins-browser-test-ingest";
const STAFF_TOKEN = "pins-browser-test-staff-token";
/** The wall's turn per highlighted post (`HIGHLIGHT_MS` in the web app). */
const TURN_MS = 8_000;

function post(i: number) {
  return normalizedPost({
    id: `pin-${i}`,
    createdAt: campaignDayAt(11, i),
    text: `Offre ${i} : nous recrutons #VotreJob`,
    author: { id: `pin-author-${i}`, handle: `pinuser${i}`, name: `Pin User ${i}` },
  });
}

const ref = (i: number) => ({ network: "other", id: `pin-${i}` });
const key = (i: number) => `other:pin-${i}`;

/** What the wall's feed scene shows: the highlight, whether it is marked pinned, and the list beside it. */
async function wallFeed(page: Page) {
  const highlight = page.getByTestId("wall-highlight");
  const items = page.getByTestId("wall-feed-item");
  return {
    highlight: await highlight.getAttribute("data-post"),
    pinned: await highlight.getAttribute("data-pinned"),
    marks: await page.getByTestId("wall-pinned-mark").count(),
    beside: await items.evaluateAll((els) => els.map((el) => `${el.getAttribute("data-post")}${el.getAttribute("data-pinned") === "true" ? " (pinned)" : ""}`)),
  };
}

describe("pinned posts in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN, STAFF_TOKEN, TICK_MS: "100" });
  beforeAll(async () => {
    await ingest(ctx.node.url, INGEST_TOKEN, Array.from({ length: 12 }, (_, i) => post(i)));
  });

  /** Pins or unpins the posts numbered `posts`, in that order. */
  async function moderate(action: "pin" | "unpin", ...posts: number[]): Promise<void> {
    for (const i of posts) await moderatePost(ctx.node.url, STAFF_TOKEN, ref(i), action);
  }

  it("holds a pinned post in the wall's highlight past its turn, lets pins take turns, and lets go when unpinned", async () => {
    const { page, problems } = await openWatchedPage(ctx.browser, { viewport: { width: 1920, height: 1080 }, locale: "fr-FR" });
    // Before the page loads, so its timers are the fake clock's; time still flows until the test jumps it.
    await page.clock.install();
    await page.goto(`${ctx.node.url}/wall?scenes=feed&rotate=0`);
    const highlight = page.getByTestId("wall-highlight");
    await expect.poll(() => highlight.getAttribute("data-post"), { timeout: 10_000 }).toBe(key(11));

    // An older post, pinned: it takes the screen at once, marked.
    await moderate("pin", 3);
    await expect.poll(() => highlight.getAttribute("data-post"), { timeout: 5_000 }).toBe(key(3));
    expect(await highlight.getAttribute("data-pinned")).toBe("true");
    expect(await page.getByTestId("wall-pinned-mark").textContent()).toContain("Épinglé");
    expect(await highlight.getAttribute("aria-label")).toBe("Publication épinglée de Pin User 3 sur Autre");

    // Three turns later it is still there (it used to give way to a recent post after one).
    for (let turn = 0; turn < 3; turn += 1) {
      await page.clock.fastForward(TURN_MS + 500);
      // Real time for React to draw whatever the turn's end changed.
      await page.waitForTimeout(300);
      expect(await wallFeed(page)).toEqual({
        highlight: key(3),
        pinned: "true",
        marks: 1,
        beside: [key(11), key(10), key(9), key(8)],
      });
    }

    // A second pin takes the screen at once; the first leads the list beside it, marked; then they take turns.
    await moderate("pin", 5);
    await expect.poll(() => highlight.getAttribute("data-post"), { timeout: 5_000 }).toBe(key(5));
    expect((await wallFeed(page)).beside).toEqual([`${key(3)} (pinned)`, key(11), key(10), key(9)]);
    for (const next of [3, 5, 3, 5]) {
      await page.clock.fastForward(TURN_MS + 500);
      await expect.poll(() => highlight.getAttribute("data-post"), { timeout: 2_000 }).toBe(key(next));
      expect(await highlight.getAttribute("data-pinned")).toBe("true");
      expect(await page.getByTestId("wall-feed-item").first().getAttribute("data-post")).toBe(key(next === 3 ? 5 : 3));
    }

    // Unpinned, both go: no mark anywhere, and the highlight is a recent post again.
    await moderate("unpin", 5, 3);
    await expect.poll(() => highlight.getAttribute("data-pinned"), { timeout: 5_000 }).toBe("false");
    const after = await wallFeed(page);
    expect(after.marks).toBe(0);
    expect(after.beside.some((item) => item.endsWith("(pinned)"))).toBe(false);
    expect(after.highlight).not.toBe(key(5));
    expect(problems).toEqual([]);
    await page.close();
  });

  it("keeps the pins' turns going across scene changes, even when the feed scene shows for less than a turn", async () => {
    await moderate("pin", 4, 6);
    const { page, problems } = await openWatchedPage(ctx.browser, { viewport: { width: 1920, height: 1080 }, locale: "fr-FR" });
    await page.clock.install();
    // 5 s of feed, 5 s of counter, and so on: shorter than a turn.
    await page.goto(`${ctx.node.url}/wall?scenes=feed,counter&rotate=5`);
    const highlight = page.getByTestId("wall-highlight");
    await expect.poll(() => highlight.getAttribute("data-post"), { timeout: 10_000 }).toBe(key(6));
    const spotlit = new Set<string>();
    for (let second = 0; second < 30; second += 1) {
      await page.clock.fastForward(1_000);
      await page.waitForTimeout(50);
      if ((await highlight.count()) === 1) spotlit.add((await highlight.getAttribute("data-post")) ?? "");
    }
    // Both pins had the spotlight, not only the newest one again at each return of the scene.
    expect([...spotlit].sort()).toEqual([key(4), key(6)]);
    await moderate("unpin", 4, 6);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("leads the dashboard's live feed with the pinned posts, newest pin first, marked in French and in English", async () => {
    await moderate("pin", 2, 7);
    const { page, problems } = await openWatchedPage(ctx.browser, { viewport: { width: 1440, height: 900 }, locale: "fr-FR" });
    const items = page.getByTestId("feed-item");
    const firstThree = () =>
      items.evaluateAll((els) => els.slice(0, 3).map((el) => [el.getAttribute("data-post"), el.getAttribute("data-pinned")]));

    for (const [lang, word] of [
      ["fr", "Épinglé"],
      ["en", "Pinned"],
    ] as const) {
      await page.goto(`${ctx.node.url}/?lang=${lang}`);
      await expect.poll(firstThree, { timeout: 10_000 }).toEqual([
        [key(7), "true"],
        [key(2), "true"],
        [key(11), "false"],
      ]);
      expect(await items.first().locator(".feed__pinned").textContent()).toContain(word);
      // Each post once: the pins are not repeated further down.
      expect(await page.locator(`[data-testid=feed-item][data-post="${key(2)}"]`).count()).toBe(1);
    }
    expect(await items.first().locator("article").getAttribute("aria-label")).toBe("Pinned post by Pin User 7 on Other");

    await moderate("unpin", 7);
    await expect.poll(firstThree, { timeout: 5_000 }).toEqual([
      [key(2), "true"],
      [key(11), "false"],
      [key(10), "false"],
    ]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("leads the feed embed with the pinned posts, marked, within its limit", async () => {
    const { page, problems } = await openWatchedPage(ctx.browser, { viewport: { width: 360, height: 600 }, locale: "fr-FR" });
    const posts = page.getByTestId("feed-post");
    const shown = () => posts.evaluateAll((els) => els.map((el) => [el.getAttribute("data-post"), el.getAttribute("data-pinned")]));

    await page.goto(`${ctx.node.url}/embed/feed?limit=3`);
    await expect.poll(shown, { timeout: 10_000 }).toEqual([
      [key(2), "true"],
      [key(11), "false"],
      [key(10), "false"],
    ]);
    expect(await posts.first().locator(".post__pinned").textContent()).toContain("Épinglé");

    await moderate("unpin", 2);
    await expect.poll(shown, { timeout: 5_000 }).toEqual([
      [key(11), "false"],
      [key(10), "false"],
      [key(9), "false"],
    ]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
