// Callbacks passed to page.evaluate run in the browser and use its globals.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ingest, normalizedPost, useBrowserAndNode } from "./support/browser-helpers.js";

const TOKEN = "timeline-labels-test-token";
/** The campaign's day, 24 February 2015, from midnight in Paris (23:00 UTC the day before). */
const DAY_START = Date.UTC(2015, 1, 23, 23, 0);
const WIDTHS = [300, 340, 420, 560, 760, 1000, 1400];

/** Posts every `every` minutes from `fromMinute` to `toMinute` of the campaign day, more around noon. */
function posts(prefix: string, fromMinute: number, toMinute: number, every: number) {
  const out = [];
  for (let minute = fromMinute; minute < toMinute; minute += every) {
    const count = 1 + Math.round(4 * Math.exp(-(((minute - 720) / 180) ** 2)));
    for (let i = 0; i < count; i++) {
      out.push(
        normalizedPost({
          id: `${prefix}-${minute}-${i}`,
          createdAt: new Date(DAY_START + minute * 60_000).toISOString(),
          text: `Offre ${minute} #VotreJob`,
          author: { id: `${prefix}-author-${minute % 97}-${i}`, handle: `tl${minute % 97}x${i}` },
        }),
      );
    }
  }
  return out;
}

/** The x axis's tick labels as the page lays them out, and the box they must stay in. */
function tickLabels(page: Page) {
  return page.evaluate(() => {
    const chart = document.querySelector("[data-testid=timeline-chart]")!.getBoundingClientRect();
    // The x axis's labels are the times (the y axis's are counts).
    const labels = [...document.querySelectorAll(".recharts-cartesian-axis-tick-value")]
      .filter((el) => /\d:\d/.test(el.textContent ?? ""))
      .map((el) => {
        const box = el.getBoundingClientRect();
        return { text: el.textContent ?? "", left: box.left, right: box.right, top: box.top, bottom: box.bottom };
      });
    return { labels, chart: { left: chart.left, right: chart.right }, innerWidth, scrollWidth: document.documentElement.scrollWidth };
  });
}

describe("the timeline embed's time labels in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" });

  it("never overlap nor get cut, from 300 px to wide, for the first half hour, a morning and a whole day", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 300, height: 420 }, locale: "fr-FR" });
    const problems: string[] = [];
    // The first half hour (07:58–08:25), then a morning (08:00–10:30), then the whole day.
    for (const [name, batch] of [
      ["half an hour", posts("start", 7 * 60 + 58, 8 * 60 + 25, 1)],
      ["morning", posts("am", 8 * 60, 10 * 60 + 30, 3)],
      ["day", posts("day", 0, 24 * 60, 10)],
    ] as const) {
      await ingest(ctx.node.url, TOKEN, batch);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 420 });
        await page.goto(`${ctx.node.url}/embed/timeline?lang=fr`);
        await expect.poll(async () => (await tickLabels(page)).labels.length, { timeout: 10_000 }).toBeGreaterThan(1);
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const { labels, chart, scrollWidth, innerWidth } = await tickLabels(page);
        const at = `${name} at ${width}px`;
        if (scrollWidth > innerWidth) problems.push(`${at}: page ${scrollWidth} px wide`);
        if (labels.length < 2) problems.push(`${at}: ${labels.length} label`);
        for (const label of labels) {
          if (!/^\d{2}:\d{2}$/.test(label.text)) problems.push(`${at}: label "${label.text}"`);
          if (label.left < chart.left - 0.5 || label.right > chart.right + 0.5) problems.push(`${at}: "${label.text}" cut at the chart's edge`);
        }
        const sorted = [...labels].sort((a, b) => a.left - b.left);
        for (let i = 1; i < sorted.length; i++) {
          // At least a few pixels between neighbours, so "08:00" and "09:00" read as two labels.
          if (sorted[i]!.left < sorted[i - 1]!.right + 4) problems.push(`${at}: "${sorted[i - 1]!.text}" and "${sorted[i]!.text}" touch`);
        }
      }
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
