import { describe, expect, it } from "vitest";
import { campaignDayAt, GROUP, ingest, normalizedPost, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const TOKEN = "browser-test-token";

function post(i: number) {
  return normalizedPost({
    id: `browser-${i}`,
    createdAt: campaignDayAt(10, i % 60),
    text: `Offre ${i} #VotreJob`,
    author: { id: `author-${i % 300}`, handle: `person${i % 300}` },
  });
}

describe("the dashboard in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" });

  it("loads with no console errors and moves its numbers when posts are ingested over HTTP", async () => {
    // A French browser: French is also the default, and this pins it whatever the machine's locale.
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" });
    const problems = watchPageErrors(page);

    await page.goto(`${ctx.node.url}/`);
    const total = page.getByTestId("total-posts");
    await expect.poll(() => trimmedText(total), { timeout: 10_000 }).toBe("0");
    await expect.poll(async () => page.getByTestId("connection-status").getAttribute("data-status")).toBe("live");
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");

    await ingest(ctx.node.url, TOKEN, Array.from({ length: 1234 }, (_, i) => post(i)));
    // French groups thousands with a (narrow) no-break space: 1 234.
    await expect.poll(() => trimmedText(total), { timeout: 10_000 }).toMatch(new RegExp(`^1${GROUP}234$`));
    await expect.poll(async () => (await page.getByTestId("unique-authors").textContent())?.replace(/\D/g, "")).toBe("300");
    await expect.poll(async () => page.getByTestId("live-feed").textContent()).toContain("Offre 1233");
    expect(await page.getByTestId("country-chart").count()).toBe(1);
    expect(await page.getByTestId("timeline-chart").count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("speaks English with ?lang=en, even in a French browser", async () => {
    const page = await ctx.browser.newPage({ locale: "fr-FR" });
    await page.goto(`${ctx.node.url}/?lang=en`);
    await expect.poll(async () => page.locator("html").getAttribute("lang")).toBe("en");
    await expect.poll(() => trimmedText(page.getByTestId("total-posts"))).toBe("1,234");
    await page.close();
  });

  it("on a phone, draws the country bars only once the chart comes near the screen", async () => {
    // Posts of its own (ids apart from the other tests'), so the charts have something to draw.
    await ingest(ctx.node.url, TOKEN, Array.from({ length: 50 }, (_, i) => ({ ...post(i), id: `phone-${i}` })));
    const page = await ctx.browser.newPage({ viewport: { width: 412, height: 823 }, locale: "en-GB" });
    const problems = watchPageErrors(page);
    // Recharts is the build's `charts` chunk (vite.config.ts); the timeline needs only the `d3` one.
    const rechartsLoads: string[] = [];
    page.on("request", (request) => {
      if (/\/assets\/charts-[\w-]+\.js$/.test(request.url())) rechartsLoads.push(request.url());
    });
    await page.goto(`${ctx.node.url}/`);
    const bars = page.locator("[data-testid=country-chart] .recharts-bar-rectangle");
    // The timeline above it is drawn (plain SVG, without Recharts); the country chart is below the fold.
    await expect.poll(() => page.locator("[data-testid=timeline-svg] path").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId("country-chart").evaluate((chart) => chart.getBoundingClientRect().top)).toBeGreaterThan(823 + 100);
    expect(await bars.count()).toBe(0);
    expect(rechartsLoads).toEqual([]);
    await page.getByTestId("country-chart").scrollIntoViewIfNeeded();
    await expect.poll(() => bars.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(rechartsLoads).toHaveLength(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws the timeline as SVG on round hours of the campaign's clock, and reads a minute out under the pointer", async () => {
    // One post in each minute of the hour the other tests post in, so the axis is the same when this test runs alone.
    await ingest(ctx.node.url, TOKEN, Array.from({ length: 60 }, (_, i) => ({ ...post(i), id: `timeline-${i}`, createdAt: campaignDayAt(10, i) })));
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "en-GB" });
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/?lang=en`);
    const svg = page.getByTestId("timeline-svg");
    await expect.poll(() => svg.locator("path").count(), { timeout: 10_000 }).toBe(2);
    // Every post is at 11:00–11:59 in Paris (10:xx UTC): ten-minute labels fit the hour.
    const labels = await svg.locator(".dash-timeline__tick").allTextContents();
    expect(labels.filter((label) => label.includes(":"))).toEqual(["11:00", "11:10", "11:20", "11:30", "11:40", "11:50"]);
    const readout = page.getByTestId("timeline-svg-readout");
    expect(await readout.count()).toBe(0);

    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => readout.textContent()).toMatch(/^11:\d{2}Posts per minute: \d+$/);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
    await expect.poll(() => readout.count()).toBe(0);

    // On the narrowest phone, fewer labels (every other one, still round), none touching its neighbour.
    await page.setViewportSize({ width: 320, height: 700 });
    const timeLabels = () =>
      svg.locator(".dash-timeline__tick").evaluateAll((ticks) =>
        ticks
          .filter((tick) => tick.textContent?.includes(":"))
          .map((tick) => ({ text: tick.textContent, left: tick.getBoundingClientRect().left, right: tick.getBoundingClientRect().right })),
      );
    await expect.poll(async () => (await timeLabels()).length).toBeLessThan(6);
    const narrow = await timeLabels();
    expect(narrow.map((label) => label.text)).toEqual(["11:00", "11:20", "11:40"]);
    for (let i = 1; i < narrow.length; i++) expect(narrow[i]!.left).toBeGreaterThan(narrow[i - 1]!.right + 4);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("builds no date-and-time formatter for a clock a live campaign does not show", async () => {
    // Posts of its own, so that there are times to format even when this test runs alone.
    await ingest(ctx.node.url, TOKEN, Array.from({ length: 5 }, (_, i) => ({ ...post(i), id: `formats-${i}` })));
    const page = await ctx.browser.newPage({ viewport: { width: 412, height: 823 }, locale: "en-GB" });
    // Each Intl.DateTimeFormat the page makes, by its options: a dateStyle one cost ICU 160 ms at 4x CPU.
    await page.addInitScript(() => {
      const made: string[] = [];
      (window as unknown as { madeFormats: string[] }).madeFormats = made;
      const Original = Intl.DateTimeFormat;
      Intl.DateTimeFormat = function (this: unknown, locale?: string | string[], options?: Intl.DateTimeFormatOptions) {
        made.push(Object.keys(options ?? {}).sort().join(","));
        return new Original(locale, options);
      } as unknown as typeof Intl.DateTimeFormat;
    });
    await page.goto(`${ctx.node.url}/?lang=en`);
    await expect.poll(async () => page.getByTestId("connection-status").getAttribute("data-status")).toBe("live");
    await expect.poll(() => page.locator("[data-testid=timeline-svg] path").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const made = await page.evaluate(() => (window as unknown as { madeFormats: string[] }).madeFormats);
    // The page's own times (hours and minutes) are formatted; nothing asked for a date style.
    expect(made).toContain("hour,minute,timeZone");
    expect(made.filter((options) => options.includes("dateStyle"))).toEqual([]);
    await page.close();
  });
});
