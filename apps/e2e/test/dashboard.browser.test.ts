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
    await page.goto(`${ctx.node.url}/`);
    const bars = page.locator("[data-testid=country-chart] .recharts-bar-rectangle");
    // The timeline above it is drawn, so the chart library has loaded; the country chart is below the fold.
    await expect.poll(() => page.locator("[data-testid=timeline-chart] svg").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId("country-chart").evaluate((chart) => chart.getBoundingClientRect().top)).toBeGreaterThan(823 + 100);
    expect(await bars.count()).toBe(0);
    await page.getByTestId("country-chart").scrollIntoViewIfNeeded();
    await expect.poll(() => bars.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
