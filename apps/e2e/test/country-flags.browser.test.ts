// Callbacks passed to page.evaluate run in the browser and use its globals.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { campaignDayAt, ingest, normalizedPost, useBrowserAndNode } from "./support/browser-helpers.js";

const TOKEN = "country-flags-test-token";
/** One post per country of the built-in campaign's hashtags. */
const TAGS = { votrejob: "FR", jouwbaan: "NL", yourjobuk: "GB", yourjobie: "IE", deinjob: "DE" } as const;

/** Every flag image on the page: whether it loaded, and its text alternative. */
function flags(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLImageElement>("img.flag")].map((img) => ({
      country: img.dataset.country,
      loaded: img.complete && img.naturalWidth > 0,
      label: img.alt,
    })),
  );
}

/** Regional-indicator emoji (the old flags) anywhere in the page's text. */
function emojiFlags(page: Page) {
  return page.evaluate(() => /[\u{1F1E6}-\u{1F1FF}]/u.test(document.body.textContent ?? ""));
}

describe("country flags in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" });

  beforeAll(async () => {
    const posts = Object.keys(TAGS).flatMap((tag, i) =>
      Array.from({ length: 5 - i }, (_, j) =>
        normalizedPost({
          id: `flag-${tag}-${j}`,
          createdAt: campaignDayAt(9, i * 5 + j),
          hashtags: [tag],
          text: `Offre ${j} #${tag}`,
          author: { id: `flag-author-${tag}-${j}`, handle: `flaguser${i}${j}` },
        }),
      ),
    );
    await ingest(ctx.node.url, TOKEN, posts);
  });

  it("draws flags as images that load, named for assistive technology, on the dashboard and the wall", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: "fr-FR" });
    const french = new Intl.DisplayNames(["fr"], { type: "region" });
    const expected = (found: { country?: string | undefined; loaded: boolean; label: string }) => ({
      country: found.country,
      loaded: true,
      label: french.of(found.country ?? ""),
    });

    // The dashboard's live feed tags each post with its country.
    await page.goto(`${ctx.node.url}/?lang=fr`);
    await expect.poll(async () => new Set((await flags(page)).map((f) => f.country)).size, { timeout: 10_000 }).toBe(5);
    await expect.poll(async () => (await flags(page)).every((f) => f.loaded)).toBe(true);
    const dashboard = await flags(page);
    expect(dashboard).toEqual(dashboard.map(expected));
    expect(await page.getByRole("img", { name: "Irlande" }).first().isVisible()).toBe(true);
    expect(await emojiFlags(page)).toBe(false);

    // The wall's countries scene: one flag per bar, the name spoken once (by the flag).
    await page.goto(`${ctx.node.url}/wall?scenes=countries&rotate=0&lang=fr`);
    await expect.poll(async () => (await flags(page)).length, { timeout: 10_000 }).toBe(5);
    await expect.poll(async () => (await flags(page)).every((f) => f.loaded)).toBe(true);
    const wall = await flags(page);
    expect(wall).toEqual(wall.map(expected));
    expect(wall.map((f) => f.country)).toEqual(["FR", "NL", "GB", "IE", "DE"]);
    expect(await page.getByRole("img", { name: "Allemagne" }).isVisible()).toBe(true);
    expect(await emojiFlags(page)).toBe(false);
    await page.close();
  });
});
