// Callbacks passed to page.evaluate run in the browser and use its globals.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  campaignDayAt,
  GROUP,
  ingest,
  normalizedPost,
  trimmedText,
  useBrowser,
  useBrowserAndNode,
  watchPageErrors,
} from "./support/browser-helpers.js";
import { startNode, type BrowserTestNode } from "./support/pulse-node.js";

const TOKEN = "wall-browser-test-token";
const FULL_HD = { width: 1920, height: 1080 };

function post(i: number, extra: Record<string, unknown> = {}) {
  return normalizedPost({
    id: `wall-${i}`,
    createdAt: campaignDayAt(10, i % 60),
    text: `Offre ${i} #VotreJob`,
    author: { id: `wall-author-${i % 200}`, handle: `walluser${i % 200}`, name: `Wall User ${i % 200}` },
    ...extra,
  });
}

const text = (page: Page, testId: string) => trimmedText(page.getByTestId(testId));

describe("the wall in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" });

  it("loads full screen at 1920×1080 with no console errors, and moves its total and goal when posts are ingested", async () => {
    const page = await ctx.browser.newPage({ viewport: FULL_HD, locale: "fr-FR" });
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/wall?rotate=0`);

    await expect.poll(() => text(page, "wall-total"), { timeout: 10_000 }).toBe("0");
    await expect.poll(() => page.getByTestId("wall-live").getAttribute("data-status")).toBe("live");
    expect(await page.getByTestId("wall-scene").getAttribute("data-scene")).toBe("counter");
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
    // The clock shows the campaign's time zone.
    expect(await page.getByTestId("wall-clock").getAttribute("data-time-zone")).toBe("Europe/Paris");
    expect(await text(page, "wall-clock")).toMatch(/^\d{2}:\d{2}:\d{2}/);
    // The built-in campaign's goal: 33,000 posts in France.
    const goal = page.getByTestId("wall-goal");
    expect(await goal.getAttribute("data-target")).toBe("33000");
    expect(await goal.textContent()).toMatch(new RegExp(`33${GROUP}000`));
    expect(await goal.textContent()).toContain("France");

    await ingest(ctx.node.url, TOKEN, Array.from({ length: 1234 }, (_, i) => post(i)));
    // The total counts up to the new value and settles on it.
    await expect.poll(() => text(page, "wall-total"), { timeout: 10_000 }).toMatch(new RegExp(`^1${GROUP}234$`));
    // #VotreJob posts count for France, the goal's country.
    await expect.poll(() => goal.getAttribute("data-value")).toBe("1234");
    expect(await page.getByTestId("wall-offline-banner").count()).toBe(0);

    // Full screen without scrollbars.
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - innerWidth,
      y: document.documentElement.scrollHeight - innerHeight,
    }));
    expect(overflow).toEqual({ x: 0, y: 0 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("sizes everything from the viewport: the same picture at 4K, twice as large, never scrolling", async () => {
    const sizes: Record<string, number> = {};
    for (const viewport of [FULL_HD, { width: 3840, height: 2160 }]) {
      const page = await ctx.browser.newPage({ viewport, locale: "fr-FR" });
      await page.goto(`${ctx.node.url}/wall?rotate=0`);
      await expect.poll(() => text(page, "wall-total"), { timeout: 10_000 }).toMatch(new RegExp(`^1${GROUP}234$`));
      sizes[viewport.width] = await page.getByTestId("wall-total").evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      const scrolls = await page.evaluate(
        () => document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth,
      );
      expect(scrolls).toBe(false);
      await page.close();
    }
    expect(sizes[1920]).toBeGreaterThan(100); // a giant number, readable from across the room
    expect(sizes[3840]! / sizes[1920]!).toBeCloseTo(2, 1);
  });

  it("rotates its scenes in the URL's order, with rotate=1 raised to the 3 s minimum", async () => {
    const page = await ctx.browser.newPage({ viewport: FULL_HD, locale: "fr-FR" });
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/wall?scenes=timeline,countries,bogus,organizations&rotate=1`);
    const scene = page.getByTestId("wall-scene");
    await expect.poll(() => scene.getAttribute("data-scene")).toBe("timeline");
    const started = Date.now();
    const seen: string[] = ["timeline"];
    while (seen.length < 4 && Date.now() - started < 20_000) {
      const current = await scene.getAttribute("data-scene");
      if (current && current !== seen.at(-1)) seen.push(current);
      await page.waitForTimeout(100);
    }
    const elapsed = Date.now() - started;
    expect(seen).toEqual(["timeline", "countries", "organizations", "timeline"]);
    // Three changes at one every 3 s (not every second).
    expect(elapsed).toBeGreaterThan(8_000);
    // Country names come from Intl.DisplayNames in the UI language; charts have text alternatives.
    await expect.poll(() => scene.getAttribute("data-scene"), { timeout: 5_000 }).toBe("countries");
    expect(await scene.textContent()).toContain("France");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("applies theme=light to the wall and the dashboard, and speaks English with lang=en", async () => {
    const page = await ctx.browser.newPage({ viewport: FULL_HD, locale: "fr-FR" });
    const problems = watchPageErrors(page);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    await page.goto(`${ctx.node.url}/wall?theme=light&lang=en&rotate=0&scenes=timeline`);
    await expect.poll(() => page.locator("html").getAttribute("data-theme")).toBe("light");
    expect(await background()).toBe("rgb(243, 245, 248)");
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await expect.poll(() => text(page, "wall-total"), { timeout: 10_000 }).toBe("1,234");
    expect(await page.getByTestId("wall-scene").textContent()).toContain("Posts per minute");
    // The timeline's text alternative.
    expect(await page.locator('[role="img"]').first().getAttribute("aria-label")).toMatch(/peak of \d+ posts/);

    await page.goto(`${ctx.node.url}/wall?theme=bogus`);
    await expect.poll(() => page.locator("html").getAttribute("data-theme")).toBe("dark");
    expect(await background()).toBe("rgb(11, 15, 20)");

    await page.goto(`${ctx.node.url}/?theme=light`);
    await expect.poll(() => page.locator("html").getAttribute("data-theme")).toBe("light");
    expect(await background()).toBe("rgb(243, 245, 248)");
    await expect.poll(() => text(page, "total-posts"), { timeout: 10_000 }).toMatch(new RegExp(`^1${GROUP}234$`));
    expect(problems).toEqual([]);
    await page.close();
  });

  it("runs unattended: scene after scene, no listener or DOM node piles up", async () => {
    const page = await ctx.browser.newPage({ viewport: FULL_HD, locale: "fr-FR" });
    const problems = watchPageErrors(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    /** Listeners and DOM nodes after a garbage collection, each time the timeline scene comes back. */
    const sample = async () => {
      await expect.poll(() => page.getByTestId("wall-scene").getAttribute("data-scene"), { timeout: 10_000 }).toBe("timeline");
      await page.waitForTimeout(1_000);
      await cdp.send("HeapProfiler.collectGarbage");
      const { metrics } = await cdp.send("Performance.getMetrics");
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
      const result = { listeners: metric("JSEventListeners"), nodes: metric("Nodes") };
      await expect.poll(() => page.getByTestId("wall-scene").getAttribute("data-scene"), { timeout: 10_000 }).not.toBe("timeline");
      return result;
    };
    await page.goto(`${ctx.node.url}/wall?scenes=timeline,feed,countries&rotate=3`);
    const first = await sample();
    for (let cycle = 0; cycle < 2; cycle += 1) await sample();
    const last = await sample();
    expect(first.listeners).toBeGreaterThan(0);
    expect(last.listeners).toBeLessThanOrEqual(first.listeners + 5);
    expect(last.nodes).toBeLessThanOrEqual(first.nodes * 1.1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows post text holding HTML and script as plain text, and runs none of it", async () => {
    const vectors = [
      `<img src=x onerror="window.__pwned=1">`,
      `<script>window.__pwned=1</script>`,
      `<a href="javascript:window.__pwned=1">javascript:window.__pwned=1</a>`,
    ].join(" ");
    await ingest(ctx.node.url, TOKEN, [
      post(9_000, {
        text: `Piège ${vectors} #VotreJob`,
        author: { id: "evil", handle: "evil", name: `<img src=x onerror="window.__pwned=1">Mallory` },
      }),
    ]);
    const page = await ctx.browser.newPage({ viewport: FULL_HD, locale: "fr-FR" });
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/wall?scenes=feed&rotate=0`);

    const highlight = page.getByTestId("wall-highlight");
    await expect.poll(() => highlight.getAttribute("data-post"), { timeout: 10_000 }).toBe("other:wall-9000");
    const shown = await highlight.textContent();
    expect(shown).toContain(`<img src=x onerror="window.__pwned=1">`);
    expect(shown).toContain(`<script>window.__pwned=1</script>`);
    expect(shown).toContain(`javascript:window.__pwned=1`);
    expect(shown).toContain(`<img src=x onerror="window.__pwned=1">Mallory`);
    // The only images are the app's own flags.
    expect(await page.locator("[data-testid=wall] img:not(.flag), [data-testid=wall] script, [data-testid=wall] a").count()).toBe(0);
    for (const src of await page.locator("[data-testid=wall] img.flag").evaluateAll((imgs) => imgs.map((img) => img.getAttribute("src")))) {
      expect(src).toMatch(/^\/assets\/[a-z]{2}-[\w-]+\.svg$/);
    }
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();

    // The feed beside the highlight is bounded.
    const items = await page.getByTestId("wall-feed-item").count();
    expect(items).toBeGreaterThan(0);
    expect(items).toBeLessThanOrEqual(4);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe("the wall across a server restart", () => {
  const ctx = useBrowser();
  let first: BrowserTestNode | undefined;
  let second: BrowserTestNode | undefined;

  beforeAll(async () => {
    first = await startNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" });
  });
  afterAll(async () => {
    await first?.close().catch(() => {});
    await second?.close();
  });

  it("stays quiet through a blip, shows its banner after 5 s offline, then recovers with the new node's numbers", async () => {
    const url = first!.url;
    const port = Number(new URL(url).port);
    await ingest(url, TOKEN, Array.from({ length: 42 }, (_, i) => post(i)));

    const page = await ctx.browser.newPage({ viewport: FULL_HD, locale: "fr-FR" });
    await page.goto(`${url}/wall?rotate=0`);
    await expect.poll(() => text(page, "wall-total"), { timeout: 10_000 }).toBe("42");
    await expect.poll(() => page.getByTestId("wall-live").getAttribute("data-status")).toBe("live");

    // Timed from the start of the shutdown: closing can take a while (draining, keep-alive connections), and the
    // wall loses its connection during it, not after.
    const closedAt = Date.now();
    await first!.close();
    first = undefined;
    // Brief outages stay quiet: no banner in the first seconds, while the indicator already says so.
    await expect.poll(() => page.getByTestId("wall-live").getAttribute("data-status")).not.toBe("live");
    await page.waitForTimeout(Math.max(0, 3_000 - (Date.now() - closedAt)));
    expect(await page.getByTestId("wall-offline-banner").count()).toBe(0);

    const banner = page.getByTestId("wall-offline-banner");
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(1);
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(5_000);
    expect(await banner.textContent()).toMatch(/Connexion perdue/);
    // The last figures stay on screen.
    expect(await text(page, "wall-total")).toBe("42");

    // A new node on the same port, with its own (empty) store and a few posts of its own.
    second = await startNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" }, port);
    await ingest(url, TOKEN, Array.from({ length: 7 }, (_, i) => post(100 + i)));
    const newNode = second.pulse;
    await expect.poll(() => newNode.relay.snapshot().totals.posts).toBe(7);

    // socket.io retries with a backoff capped at 10 s (± 50 %).
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByTestId("wall-live").getAttribute("data-status"), { timeout: 10_000 }).toBe("live");
    await expect.poll(() => text(page, "wall-total"), { timeout: 10_000 }).toBe(String(newNode.relay.snapshot().totals.posts));
    await expect.poll(() => page.getByTestId("wall-goal").getAttribute("data-value"), { timeout: 5_000 }).toBe("7");
    await page.close();
  });
});
