/**
 * The map of Europe in a real Chromium against a real node: the wall's map scene (`scenes=map`) and the map
 * widget, inserted by `/embed.js` on a partner page of another origin, for the default campaign and for a second
 * one (`data-campaign`). Posts ingested over HTTP colour the countries, light them up, and change the hidden
 * table a screen reader reads; posts of unknown country and of countries off the map are listed beside it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInCampaign, endpointPath, type Campaign } from "@pulse/shared";
import { campaignDayAt, countLayoutReads, ingest, normalizedPost, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const TOKEN = "map-browser-test-token";
const STAFF_TOKEN = "map-browser-staff-token-0123456789";
const FULL_HD = { width: 1920, height: 1080 };

/** A second campaign, with its own hashtag, so its widget must move with its posts only. */
const SALON: Campaign = {
  ...builtInCampaign,
  id: "map-salon",
  name: "Map Salon",
  hashtags: [{ tag: "MapSalon", country: "FR" }],
  organizations: [],
};

let serial = 0;

/**
 * `count` posts from `country`; `null` gives posts with no country and no campaign hashtag, which the
 * node counts as `unknown`.
 */
function posts(count: number, country: string | null, hashtag = "votrejob") {
  return Array.from({ length: count }, () => {
    serial += 1;
    return normalizedPost({
      id: `map-${serial}`,
      createdAt: campaignDayAt(11, serial % 60),
      text: `Offre ${serial}`,
      author: { id: `map-author-${serial}`, handle: `map${serial}` },
      ...(country === null ? { hashtags: [] } : { country, hashtags: [hashtag] }),
    });
  });
}

type Reader = Page | Frame;

/** The hidden table, as a screen reader gets it: country name → posts as written on the page. */
async function mapTable(reader: Reader): Promise<Record<string, string>> {
  return reader.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="map-table"] tbody tr')].map((row) => [
        row.querySelector("th")?.textContent ?? "",
        row.querySelector("td")?.textContent ?? "",
      ]),
    ),
  );
}

/** A country's shapes on the map: their colour step, posts and fill as drawn, and whether they glow. */
async function countryShape(reader: Reader, code: string) {
  return reader.evaluate((c) => {
    const path = document.querySelector(`path.map__country[data-code="${c}"]`);
    if (!(path instanceof SVGPathElement)) return null;
    return {
      step: path.dataset.step,
      posts: path.dataset.posts,
      fill: getComputedStyle(path).fill,
      glowing: path.classList.contains("map__country--glow"),
      animation: getComputedStyle(path).animationName,
    };
  }, code);
}

/** The colour `--map-<step>` resolves to on the page, as `rgb(…)`. */
async function stepColour(reader: Reader, step: number): Promise<string> {
  return reader.evaluate((s) => {
    const probe = document.createElement("span");
    probe.style.color = `var(--map-${s})`;
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, step);
}

/** A partner site on another origin whose page embeds the map twice: the default campaign's and Salon's. */
async function startPartner(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const pulse = new URL(req.url ?? "/", "http://partner").searchParams.get("pulse") ?? "";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner news</title>
<style>body{margin:0;font-family:serif;background:#fdf6e8} main{width:480px;padding:16px}</style>
</head><body><main>
<h1>Partner news</h1>
<div id="map-slot"><script async src="${pulse}/embed.js" data-widget="map" data-lang="en" data-theme="dark"></script></div>
<div id="salon-slot"><script async src="${pulse}/embed.js" data-widget="map" data-campaign="${SALON.id}" data-lang="fr" data-theme="light"></script></div>
</main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function frameStartingWith(page: Page, prefix: string): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(prefix)), { timeout: 10_000 }).toBe(true);
  return page.frames().find((f) => f.url().startsWith(prefix)) as Frame;
}

describe("the map of Europe in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, STAFF_TOKEN, TICK_MS: "100" });
  let partner: { origin: string; server: Server };

  beforeAll(async () => {
    partner = await startPartner();
    const res = await fetch(`${ctx.node.url}${endpointPath("createCampaign")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${STAFF_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(SALON),
    });
    expect(res.status, await res.text()).toBe(201);
  });
  afterAll(async () => {
    await new Promise((resolve) => partner?.server.close(resolve));
  });

  it("colours the wall's map scene live at 1920×1080, lights up the countries posting, and keeps the table in step", async () => {
    const page = await ctx.browser.newPage({ viewport: FULL_HD, locale: "en-GB" });
    const problems = watchPageErrors(page);
    const requests: string[] = [];
    page.on("request", (request) => requests.push(new URL(request.url()).origin));
    await page.goto(`${ctx.node.url}/wall?scenes=map&rotate=0&lang=en`);
    await expect.poll(() => page.getByTestId("wall-live").getAttribute("data-status"), { timeout: 10_000 }).toBe("live");
    expect(await page.getByTestId("wall-scene").getAttribute("data-scene")).toBe("map");
    expect(await page.locator(".wall-scene h2").textContent()).toBe("Map of posts in Europe");
    expect(await countryShape(page, "DE")).toMatchObject({ step: "0", posts: "0", glowing: false });

    await ingest(ctx.node.url, TOKEN, [...posts(40, "DE"), ...posts(10, "FR"), ...posts(1, "IE"), ...posts(3, "US"), ...posts(2, null)]);

    // The busiest country takes the top step and glows as its posts arrive; the others follow on a square-root scale.
    await expect.poll(() => countryShape(page, "DE"), { timeout: 10_000, interval: 50 }).toMatchObject({ step: "5", posts: "40", glowing: true });
    expect(await countryShape(page, "DE")).toMatchObject({ fill: await stepColour(page, 5), animation: "map-glow" });
    expect(await countryShape(page, "FR")).toMatchObject({ step: "3", posts: "10", fill: await stepColour(page, 3) });
    expect(await countryShape(page, "IE")).toMatchObject({ step: "1", posts: "1", fill: await stepColour(page, 1) });
    // The glow is brief.
    await expect.poll(() => countryShape(page, "DE"), { timeout: 5_000 }).toMatchObject({ glowing: false });

    // A screen reader gets the same numbers: countries with posts, the one off the map, the unknown.
    expect(await mapTable(page)).toEqual({ Germany: "40", France: "10", Ireland: "1", "United States": "3", "Country unknown": "2" });
    // Beside the map: the unknown, and the countries the map does not draw.
    expect(await page.getByTestId("map-unknown").getAttribute("data-value")).toBe("2");
    expect(await page.getByTestId("map-off").textContent()).toContain("United States3");

    // More posts: France overtakes Germany, the colours and the table follow.
    await ingest(ctx.node.url, TOKEN, posts(150, "FR"));
    await expect.poll(() => countryShape(page, "FR"), { timeout: 10_000, interval: 50 }).toMatchObject({ step: "5", posts: "160", glowing: true });
    expect(await countryShape(page, "DE")).toMatchObject({ step: "3", glowing: false });
    expect((await mapTable(page)).France).toBe("160");

    // The whole map is on screen, without scrollbars, and nothing was fetched from anywhere but the node.
    const fit = await page.evaluate(() => {
      const svg = document.querySelector(".map__svg")!.getBoundingClientRect();
      return {
        inside: svg.top >= 0 && svg.left >= 0 && svg.bottom <= innerHeight && svg.right <= innerWidth,
        big: svg.height > innerHeight * 0.5,
        scroll: document.documentElement.scrollHeight - innerHeight,
      };
    });
    expect(fit).toEqual({ inside: true, big: true, scroll: 0 });
    expect(new Set(requests)).toEqual(new Set([ctx.node.url]));
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the same map on the dashboard, loaded after the rest of the page", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: "en-GB" });
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/?lang=en`);
    const panel = page.getByTestId("map-panel");
    await expect.poll(() => mapTable(page), { timeout: 10_000 }).toMatchObject({ France: "160", Germany: "40", "United States": "3" });
    expect(await panel.locator("h2").textContent()).toBe("Map of posts in Europe");
    await ingest(ctx.node.url, TOKEN, posts(2, "IT"));
    await expect.poll(() => countryShape(page, "IT"), { timeout: 10_000 }).toMatchObject({ posts: "2", step: "1" });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("lights a country up again from the start when more of its posts arrive, without reading the page's layout", async () => {
    const page = await ctx.browser.newPage({ viewport: FULL_HD, locale: "en-GB" });
    // Layout reads of the countries' shapes: each one was a forced whole-page layout per glowing country.
    const shapeReads = await countLayoutReads(page, "map__country");
    await page.goto(`${ctx.node.url}/wall?scenes=map&rotate=0&lang=en`);
    await expect.poll(() => countryShape(page, "SE"), { timeout: 10_000 }).toMatchObject({ step: "0" });
    await ingest(ctx.node.url, TOKEN, posts(3, "SE"));
    await expect.poll(() => countryShape(page, "SE"), { timeout: 10_000, interval: 50 }).toMatchObject({ posts: "3", glowing: true });
    const firstSeen = await page.evaluate(() => document.timeline.currentTime as number);
    await ingest(ctx.node.url, TOKEN, posts(3, "SE"));
    await expect.poll(() => countryShape(page, "SE"), { timeout: 10_000, interval: 50 }).toMatchObject({ posts: "6", glowing: true });
    // The glow now running began after the first one was seen: it started again, not carried on. A restarted
    // animation has no start time until its first frame (a loaded machine showed it pending), so poll, within
    // the glow's 1.6 s.
    const runningSince = () =>
      page.evaluate(() => {
        const animation = document.querySelector('path.map__country[data-code="SE"]')!.getAnimations()[0];
        return animation?.playState === "running" && typeof animation.startTime === "number" ? animation.startTime : -1;
      });
    await expect.poll(runningSince, { timeout: 1_500, interval: 20 }).toBeGreaterThan(firstSeen);
    expect(await shapeReads()).toBe(0);
    await page.close();
  });

  it("does not animate the glow for a reader who asks for reduced motion", async () => {
    const page = await ctx.browser.newPage({ viewport: FULL_HD, locale: "en-GB", reducedMotion: "reduce" });
    await page.goto(`${ctx.node.url}/wall?scenes=map&rotate=0&lang=en`);
    await expect.poll(() => countryShape(page, "NL"), { timeout: 10_000 }).toMatchObject({ step: "0" });
    await ingest(ctx.node.url, TOKEN, posts(5, "NL"));
    await expect.poll(() => countryShape(page, "NL"), { timeout: 10_000, interval: 50 }).toMatchObject({ posts: "5", glowing: true, animation: "none" });
    await page.close();
  });

  it("moves the map widget on a partner page of another origin, each campaign's with its own posts only", async () => {
    const page = await ctx.browser.newPage({ locale: "en-GB" });
    const problems = watchPageErrors(page);
    await page.goto(`${partner.origin}/?pulse=${encodeURIComponent(ctx.node.url)}`);
    const main = await frameStartingWith(page, `${ctx.node.url}/embed/map?`);
    const salon = await frameStartingWith(page, `${ctx.node.url}/c/${SALON.id}/embed/map?`);
    for (const frame of [main, salon]) {
      await expect.poll(() => frame.getByTestId("embed-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("live");
    }
    expect(await main.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(await salon.evaluate(() => [document.documentElement.dataset.theme, document.documentElement.lang])).toEqual(["light", "fr"]);
    await expect.poll(() => salon.getByTestId("embed-map").locator(".card__subtitle").textContent()).toBe(SALON.name);
    const before = await mapTable(main);
    expect(await mapTable(salon)).toEqual({ "Pays inconnu": "0" });

    await ingest(ctx.node.url, TOKEN, posts(7, "PL", "mapsalon"), SALON.id);
    await expect.poll(() => mapTable(salon), { timeout: 10_000 }).toEqual({ Pologne: "7", "Pays inconnu": "0" });
    await expect.poll(() => countryShape(salon, "PL")).toMatchObject({ step: "5", posts: "7", fill: await stepColour(salon, 5) });
    // The default campaign's widget did not move.
    expect(await mapTable(main)).toEqual(before);

    await ingest(ctx.node.url, TOKEN, posts(4, "PL"));
    await expect.poll(() => mapTable(main), { timeout: 10_000 }).toMatchObject({ Poland: "4" });
    expect(await countryShape(main, "PL")).toMatchObject({ posts: "4" });
    expect((await mapTable(salon)).Pologne).toBe("7");

    // The loader sized each frame to its widget: the map, its legend and its facts, no inner scrollbar.
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll("iframe")].map((iframe) => Math.round(iframe.getBoundingClientRect().height)),
    );
    for (const frame of [main, salon]) {
      const content = await frame.evaluate(() => Math.ceil(document.getElementById("embed")!.getBoundingClientRect().height));
      expect(sizes).toContain(content);
      expect(await frame.evaluate(() => document.documentElement.scrollHeight - innerHeight)).toBeLessThanOrEqual(0);
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
