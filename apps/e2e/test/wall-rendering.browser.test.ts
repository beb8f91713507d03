// Callbacks passed to page.evaluate run in the browser and use its globals.
import { describe, expect, it } from "vitest";
import { campaignDayAt, GROUP, ingest, normalizedPost, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const TOKEN = "wall-rendering-test-token";

function post(i: number) {
  return normalizedPost({
    id: `render-${i}`,
    createdAt: campaignDayAt(10, i % 60),
    text: `Offre ${i} #VotreJob`,
    author: { id: `render-author-${i % 50}`, handle: `render${i % 50}`, name: `Render ${i % 50}` },
  });
}

/**
 * What the wall redraws, read from React's own bookkeeping: React keeps each element's latest props on its DOM
 * node (`__reactProps$…`), and a component that renders again hands its elements new props objects. So the
 * number of distinct props objects an element had over a while is the number of times its component rendered.
 */
describe("the wall's rendering in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" });

  it("rolls its total frame by frame without rendering the chart scene again on each frame", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: "fr-FR" });
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/wall?scenes=timeline&rotate=0`);
    await ingest(ctx.node.url, TOKEN, Array.from({ length: 50 }, (_, i) => post(i)));
    await expect.poll(() => trimmedText(page.getByTestId("wall-total")), { timeout: 10_000 }).toBe("50");
    await page.locator(".wall-timeline__caption").waitFor();

    await page.evaluate(() => {
      const caption = document.querySelector(".wall-timeline__caption")!;
      const total = document.querySelector('[data-testid="wall-total"]')!;
      const propsKey = Object.keys(caption).find((key) => key.startsWith("__reactProps$"))!;
      const record = { totals: [] as string[], captionProps: [] as unknown[] };
      const read = () => {
        const props = (document.querySelector(".wall-timeline__caption") as unknown as Record<string, unknown>)[propsKey];
        if (!record.captionProps.includes(props)) record.captionProps.push(props);
        const shown = total.textContent ?? "";
        if (shown !== record.totals.at(-1)) record.totals.push(shown);
      };
      read();
      new MutationObserver(read).observe(document.querySelector('[data-testid="wall"]')!, { subtree: true, childList: true, characterData: true, attributes: true });
      (window as unknown as { record: typeof record }).record = record;
    });
    await ingest(ctx.node.url, TOKEN, Array.from({ length: 3_000 }, (_, i) => post(50 + i)));
    await expect.poll(() => trimmedText(page.getByTestId("wall-total")), { timeout: 10_000 }).toMatch(new RegExp(`^3${GROUP}050$`));
    const record = await page.evaluate(() => (window as unknown as { record: { totals: string[]; captionProps: unknown[] } }).record);

    // The number rolled through many values on its way to 3,050...
    expect(record.totals.length).toBeGreaterThan(10);
    // ...while the scene rendered only for the new data: its first props, then at most one per chart refresh
    // (charts redraw at most once a second; the roll lasts a little over one).
    expect(record.captionProps.length).toBeLessThanOrEqual(4);
    expect(problems).toEqual([]);
    await page.close();
  });
});
