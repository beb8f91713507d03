import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignDayAt, ingest, normalizedPost, readSnapshot, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";
import { startNode } from "./support/pulse-node.js";

const TOKEN = "embed-test-token";
const WIDGETS = ["counter", "countries", "timeline", "feed"] as const;
let serial = 0;

/** A normalized post; `country` is explicit, so it counts for that country whatever its hashtags say. */
function post(country: string, text = `Offre ${serial} #VotreJob`) {
  serial += 1;
  return normalizedPost({
    id: `embed-${serial}`,
    createdAt: campaignDayAt(9, serial % 60),
    text,
    author: { id: `embed-author-${serial}`, handle: `embed${serial}`, name: `Auteur ${serial}` },
    country,
  });
}

/** A partner site on another origin (another port): a page that embeds widgets with the loader. */
async function startPartner(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://partner");
    const pulse = url.searchParams.get("pulse") ?? "";
    const lang = url.searchParams.get("lang") ?? "en";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner news</title>
<style>body{margin:0;font-family:serif;background:repeating-linear-gradient(45deg,#f6e7c8 0 12px,#fdf6e8 12px 24px)} main{width:420px;padding:16px}</style>
</head><body><main>
<h1>Partner news</h1>
<p>Live from the campaign:</p>
<div id="feed-slot"><script async src="${pulse}/embed.js" data-widget="feed" data-lang="${lang}" data-limit="3"></script></div>
<p>Posts from France:</p>
<div id="counter-slot"><script async src="${pulse}/embed.js" data-widget="counter" data-country="FR" data-lang="${lang}" data-theme="dark"
  onload="this.dataset.frameAtLoad = String(this.nextElementSibling instanceof HTMLIFrameElement)"></script></div>
</main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The iframe the loader put after the script of `slot`, and facts about it as the partner page sees them. */
async function slotFrame(page: Page, slot: string) {
  return page.evaluate((id) => {
    const script = document.querySelector(`#${id} script`);
    const iframe = script?.nextElementSibling;
    if (!(iframe instanceof HTMLIFrameElement)) return null;
    return {
      src: iframe.src,
      title: iframe.title,
      loading: iframe.loading,
      height: iframe.getBoundingClientRect().height,
      width: iframe.getBoundingClientRect().width,
      border: getComputedStyle(iframe).borderTopWidth,
    };
  }, slot);
}

/** The height of the widget's content, measured inside its frame. */
async function contentHeight(frame: Frame): Promise<number> {
  return frame.evaluate(() => Math.ceil(document.getElementById("embed")?.getBoundingClientRect().height ?? -1));
}

async function frameFor(page: Page, widget: string): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().includes(`/embed/${widget}?`)), { timeout: 10_000 }).toBe(true);
  return page.frames().find((f) => f.url().includes(`/embed/${widget}?`)) as Frame;
}

describe("the embeddable widgets in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" });
  let partner: { origin: string; server: Server };

  beforeAll(async () => {
    partner = await startPartner();
  });
  afterAll(async () => {
    await new Promise((resolve) => partner?.server.close(resolve));
  });

  it("serves every widget: live, transparent, in its language and theme, 300 px wide, with no console errors", async () => {
    await ingest(ctx.node.url, TOKEN, [post("FR"), post("DE")]);
    for (const widget of WIDGETS) {
      for (const [query, lang, theme] of [
        ["", "fr", "light"],
        ["?lang=en&theme=dark&country=DE", "en", "dark"],
      ] as const) {
        const page = await ctx.browser.newPage({ viewport: { width: 300, height: 600 }, locale: "fr-FR" });
        const problems = watchPageErrors(page);
        await page.goto(`${ctx.node.url}/embed/${widget}${query}`);
        await expect.poll(() => page.getByTestId("embed-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("live");
        expect(await page.getByTestId(`embed-${widget}`).count()).toBe(1);
        const looks = await page.evaluate(() => ({
          lang: document.documentElement.lang,
          theme: document.documentElement.dataset.theme,
          html: getComputedStyle(document.documentElement).backgroundColor,
          body: getComputedStyle(document.body).backgroundColor,
          overflow: document.documentElement.scrollWidth - window.innerWidth,
        }));
        expect(looks, `${widget}${query}`).toEqual({ lang, theme, html: "rgba(0, 0, 0, 0)", body: "rgba(0, 0, 0, 0)", overflow: 0 });
        expect(problems, `${widget}${query}`).toEqual([]);
        await page.close();
      }
    }
  });

  it("moves the counter, all countries and one country's, when posts are ingested over HTTP", async () => {
    const before = await readSnapshot(ctx.node.url);
    const all = await ctx.browser.newPage({ locale: "fr-FR" });
    const germany = await ctx.browser.newPage({ locale: "fr-FR" });
    const problems = [...watchPageErrors(all), ...watchPageErrors(germany)];
    await all.goto(`${ctx.node.url}/embed/counter`);
    await germany.goto(`${ctx.node.url}/embed/counter?country=de&lang=en`);
    const value = (page: Page) => page.getByTestId("counter-value").getAttribute("data-value");
    await expect.poll(() => value(all), { timeout: 10_000 }).toBe(String(before.totals.posts));
    await expect.poll(() => value(germany)).toBe(String(before.byCountry.DE ?? 0));
    expect(await germany.getByTestId("counter-country").textContent()).toBe("Germany");

    await ingest(ctx.node.url, TOKEN, [...Array.from({ length: 1200 }, () => post("DE")), ...Array.from({ length: 5 }, () => post("FR"))]);
    const total = before.totals.posts + 1205;
    const de = (before.byCountry.DE ?? 0) + 1200;
    await expect.poll(() => value(all), { timeout: 10_000 }).toBe(String(total));
    await expect.poll(() => value(germany)).toBe(String(de));
    // The number rolls to its value, then reads as the language writes it: 1 2xx in French, 1,2xx in English.
    await expect.poll(async () => (await all.getByTestId("counter-value").textContent())?.replace(/[\s\u202f\u00a0]/g, " ")).toBe(
      new Intl.NumberFormat("fr-FR").format(total).replace(/[\s\u202f\u00a0]/g, " "),
    );
    await expect.poll(() => germany.getByTestId("counter-value").textContent()).toBe(new Intl.NumberFormat("en-GB").format(de));
    expect(problems).toEqual([]);
    await all.close();
    await germany.close();
  });

  it("rolls the counter to a new total showing a new number at most every 30 ms (every second frame), then the total", async () => {
    const page = await ctx.browser.newPage({ locale: "en-GB" });
    await page.goto(`${ctx.node.url}/embed/counter?lang=en`);
    await expect.poll(() => page.getByTestId("embed-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("live");
    const before = Number(await page.getByTestId("counter-value").getAttribute("data-value"));
    // Each text the number shows, with the time of the animation frame that showed it.
    await page.evaluate(() => {
      const shown: { at: number; text: string }[] = [];
      (window as unknown as { shown: typeof shown }).shown = shown;
      const number = document.querySelector("[data-testid=counter-value]") as HTMLElement;
      new MutationObserver(() => shown.push({ at: Number(document.timeline.currentTime), text: number.textContent ?? "" })).observe(number, { childList: true, characterData: true, subtree: true });
    });
    await ingest(ctx.node.url, TOKEN, Array.from({ length: 400 }, () => post("DE")));
    const total = new Intl.NumberFormat("en-GB").format(before + 400);
    await expect.poll(() => page.getByTestId("counter-value").textContent(), { timeout: 10_000 }).toBe(total);
    const shown = await page.evaluate(() => (window as unknown as { shown: { at: number; text: string }[] }).shown);
    // Every number on the way, the last one aside (the total is shown as soon as it is reached).
    const onTheWay = shown.slice(0, -1);
    expect(onTheWay.length, "numbers shown on the way").toBeGreaterThanOrEqual(3);
    const gaps = onTheWay.slice(1).map((s, i) => s.at - (onTheWay[i]?.at ?? 0));
    // At 60 Hz a number per frame is 16.7 ms apart; a number every second frame, 33 ms.
    expect(Math.min(...gaps), `gaps ${gaps.map((g) => g.toFixed(1)).join(", ")}`).toBeGreaterThan(25);
    expect(shown.at(-1)?.text).toBe(total);
    await page.close();
  });

  it("highlights the asked country, and shows only its posts in the feed", async () => {
    await ingest(ctx.node.url, TOKEN, [post("IE", "Irish job #YourJobIE"), post("FR", "French job #VotreJob")]);
    const page = await ctx.browser.newPage({ locale: "en-GB" });
    await page.goto(`${ctx.node.url}/embed/countries?country=IE&limit=2`);
    const highlighted = page.locator('[aria-current="true"]');
    await expect.poll(() => highlighted.getAttribute("data-country"), { timeout: 10_000 }).toBe("IE");
    expect(await highlighted.textContent()).toContain("Ireland");
    // Ireland is not in the top 2, so it comes as an extra bar after them.
    expect(await page.locator("li[data-country]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-country")))).toEqual(["DE", "FR", "IE"]);
    expect(await page.getByTestId("countries-summary").textContent()).toMatch(/Ireland: 1 post, rank 3\.$/);

    await page.goto(`${ctx.node.url}/embed/feed?country=IE`);
    await expect.poll(() => page.getByTestId("feed-post").count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId("feed-post").textContent()).toContain("Irish job #YourJobIE");
    await page.close();
  });

  it("inserts the widget after its script on a page of another origin, and sizes it to its content as posts arrive", async () => {
    // Partner pages load the loader from another origin: a `same-origin` resource policy would block it.
    const loader = await fetch(`${ctx.node.url}/embed.js`);
    expect(loader.headers.get("content-type")).toMatch(/javascript/);
    expect(loader.headers.get("cross-origin-resource-policy") ?? "cross-origin", "CORP of /embed.js").toBe("cross-origin");

    const page = await ctx.browser.newPage({ viewport: { width: 800, height: 1200 }, locale: "en-GB" });
    const problems = watchPageErrors(page);
    await page.goto(`${partner.origin}/?pulse=${encodeURIComponent(ctx.node.url)}`);

    const feedFrame = await frameFor(page, "feed");
    const counterFrame = await frameFor(page, "counter");
    const feed = await slotFrame(page, "feed-slot");
    expect(feed).toMatchObject({ title: "Pulse: latest posts, live", loading: "lazy", width: 420, border: "0px" });
    expect(feed?.src).toMatch(new RegExp(`^${ctx.node.url}/embed/feed\\?lang=en&limit=3&frame=pulse-[a-z0-9]+$`));
    expect((await slotFrame(page, "counter-slot"))?.src).toMatch(new RegExp(`^${ctx.node.url}/embed/counter\\?country=FR&lang=en&theme=dark&frame=`));

    await expect.poll(() => counterFrame.getByTestId("embed-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("live");
    await expect.poll(() => feedFrame.getByTestId("embed-status").getAttribute("data-status")).toBe("live");
    // The frames take their content's height (the loader's initial guess differs from it).
    for (const [slot, frame] of [["feed-slot", feedFrame], ["counter-slot", counterFrame]] as const) {
      await expect.poll(async () => (await slotFrame(page, slot))?.height, { timeout: 5_000 }).toBe(await contentHeight(frame));
    }

    // Empty feeds grow to 3 posts; a feed already full grows when a longer post pushes a short one out.
    const before = (await slotFrame(page, "feed-slot"))?.height ?? 0;
    await ingest(ctx.node.url, TOKEN, [post("FR", `Un long message ${"pour remplir le fil ".repeat(8)}#VotreJob`), post("FR", "Un autre"), post("FR", `Encore ${"du texte ".repeat(12)}`)]);
    await expect.poll(() => feedFrame.getByText("Un long message", { exact: false }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await slotFrame(page, "feed-slot"))?.height, { timeout: 5_000 }).toBeGreaterThan(before);
    await expect.poll(async () => (await slotFrame(page, "feed-slot"))?.height).toBe(await contentHeight(feedFrame));
    expect(problems).toEqual([]);
    await page.close();
  });

  it("makes the widget's frame in a task after the loader's own, so the two are not one long task on the partner's page", async () => {
    const page = await ctx.browser.newPage({ locale: "en-GB" });
    await page.goto(`${partner.origin}/?pulse=${encodeURIComponent(ctx.node.url)}`);
    await frameFor(page, "counter");
    // A classic script's `load` event fires in the task that ran it: no frame yet then, one right after.
    expect(await page.locator("#counter-slot script").getAttribute("data-frame-at-load")).toBe("false");
    expect(await slotFrame(page, "counter-slot")).not.toBeNull();
    await page.close();
  });

  it("lets only EMBED_ORIGINS frame the widgets: the partner's origin loads, any other is refused by the browser", async () => {
    for (const [origins, allowed] of [
      [partner.origin, true],
      ["https://someone-else.example", false],
    ] as const) {
      const guarded = await startNode({ SOURCE: "none", EMBED_ORIGINS: origins });
      const page = await ctx.browser.newPage({ locale: "en-GB" });
      const problems = watchPageErrors(page);
      try {
        await page.goto(`${partner.origin}/?pulse=${encodeURIComponent(guarded.url)}`);
        await expect.poll(async () => (await slotFrame(page, "counter-slot"))?.src ?? "", { timeout: 10_000 }).toContain(`${guarded.url}/embed/counter`);
        if (allowed) {
          const frame = await frameFor(page, "counter");
          await expect.poll(() => frame.getByTestId("embed-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("live");
          await expect.poll(async () => (await slotFrame(page, "counter-slot"))?.height).toBe(await contentHeight(frame));
          expect(problems).toEqual([]);
        } else {
          await expect.poll(() => problems.join("\n"), { timeout: 10_000 }).toMatch(/frame-ancestors/);
          // The browser showed its error page instead: no widget in the frame, and no resize ever came.
          const frames = page.frames().filter((f) => f !== page.mainFrame());
          for (const frame of frames) expect(await frame.locator("#embed").count()).toBe(0);
          expect((await slotFrame(page, "counter-slot"))?.height).toBe(140);
        }
      } finally {
        await page.close();
        await guarded.close();
      }
    }
  });
});
