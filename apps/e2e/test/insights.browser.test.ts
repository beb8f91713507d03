// Callbacks passed to page.evaluate run in the browser and use its globals.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { endpointPath } from "@pulse/shared";
import { campaignDayAt, ingest, normalizedPost, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const INGEST_TOKEN = "insights-browser-ingest-token";
const STAFF_TOKEN = "insights-browser-staff-token-0123456789";
const FULL_HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };

interface Shape {
  hashtags: string[];
  mentions?: string[];
  urls?: string[];
  lang?: string;
}

/** A post of the campaign (it carries #VotreJob) with the hashtags, mentions, links and language given. */
function post(id: string, minute: number, { hashtags, mentions = [], urls = [], lang }: Shape) {
  return normalizedPost({
    id,
    createdAt: campaignDayAt(11, minute),
    text: `Message ${id} ${hashtags.map((tag) => `#${tag}`).join(" ")} #VotreJob`,
    author: { id: `insights-author-${id}`, handle: `insights${id}`, name: `Poster ${id}` },
    hashtags: ["VotreJob", ...hashtags],
    mentions,
    urls,
    ...(lang ? { lang } : {}),
  });
}

/** Five posts: three #Emploi in French naming @AXA_Recrute with a link to example.org, two #CDI in English. */
const FIRST = [
  ...[1, 2, 3].map((i) => post(`e${i}`, i, { hashtags: ["Emploi"], mentions: ["AXA_Recrute"], urls: ["https://www.example.org/offre"], lang: "fr" })),
  ...[4, 5].map((i) => post(`c${i}`, i, { hashtags: ["CDI"], urls: ["https://jobs.example.com/cdi"], lang: "en" })),
];
/** Four more #CDI posts, in German: #CDI takes the lead. */
const SECOND = [6, 7, 8, 9].map((i) => post(`c${i}`, i, { hashtags: ["CDI"], lang: "de" }));

/** The posts a row of list `list` (`hashtags`, `mentions`…) of the insights panel shows for `key`, as displayed. */
function rowCount(page: Page, scope: string, key: string): Promise<string | undefined> {
  return trimmedText(page.locator(`[data-testid="${scope}"] [data-key="${key}"] [class$="__count"], [data-testid="${scope}"] [data-key="${key}"] [class$="__value"]`).first());
}

/** The keys of a list's rows, in order. */
function rowKeys(page: Page, scope: string): Promise<string[]> {
  return page.locator(`[data-testid="${scope}"] [data-key]`).evaluateAll((rows) => rows.map((row) => row.getAttribute("data-key") ?? ""));
}

describe("the insights in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN, STAFF_TOKEN, TICK_MS: "100" });

  it("moves the dashboard's insights live, and filters the live feed on a hashtag clicked, until cleared", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: "en-GB" });
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/?lang=en`);
    await expect.poll(() => page.getByTestId("connection-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("live");
    // Nothing counted yet: the panel says it waits.
    await expect.poll(() => page.getByTestId("insights-waiting").count()).toBe(1);
    // A mark on the window: still there at the end, so the page was never reloaded.
    await page.evaluate(() => Object.assign(window, { insightsMark: 1 }));

    await ingest(ctx.node.url, INGEST_TOKEN, FIRST);
    await expect.poll(() => rowCount(page, "insights-hashtags", "emploi"), { timeout: 10_000 }).toBe("3");
    expect(await rowKeys(page, "insights-hashtags")).toEqual(["emploi", "cdi"]);
    // The campaign's own hashtag is left out.
    expect(await page.locator('[data-testid="insights-hashtags"] [data-key="votrejob"]').count()).toBe(0);
    expect(await rowCount(page, "insights-mentions", "axa_recrute")).toBe("3");
    expect(await rowKeys(page, "insights-domains")).toEqual(["example.org", "jobs.example.com"]);
    expect(await rowCount(page, "insights-domains", "jobs.example.com")).toBe("2");
    expect(await rowKeys(page, "insights-languages")).toEqual(["fr", "en"]);
    expect(await page.getByTestId("insights-languages").textContent()).toContain("French");
    expect(await page.getByTestId("insights-authors").textContent()).toContain("Poster e1");

    await ingest(ctx.node.url, INGEST_TOKEN, SECOND);
    await expect.poll(() => rowCount(page, "insights-hashtags", "cdi"), { timeout: 10_000 }).toBe("6");
    expect(await rowKeys(page, "insights-hashtags")).toEqual(["cdi", "emploi"]);
    expect(await rowKeys(page, "insights-languages")).toEqual(["de", "fr", "en"]);
    await expect.poll(() => page.getByTestId("feed-item").count()).toBe(9);

    // Clicking #emploi filters the feed to its three posts and says so.
    const emploi = page.locator('[data-testid="insights-hashtags"] [data-key="emploi"]').getByTestId("insights-hashtag");
    await emploi.click();
    expect(await emploi.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => page.getByTestId("feed-filter").getAttribute("data-tag")).toBe("emploi");
    expect(await page.getByTestId("feed-filter").textContent()).toContain("Posts with #emploi");
    const shown = () => page.getByTestId("feed-item").evaluateAll((items) => items.map((item) => item.getAttribute("data-post")).sort());
    expect(await shown()).toEqual(["other:e1", "other:e2", "other:e3"]);

    // A new #Emploi post joins the filtered feed live; another #CDI one does not.
    await ingest(ctx.node.url, INGEST_TOKEN, [
      post("e10", 10, { hashtags: ["emploi"], lang: "fr" }),
      post("c11", 11, { hashtags: ["CDI"], lang: "fr" }),
    ]);
    await expect.poll(shown, { timeout: 10_000 }).toEqual(["other:e1", "other:e10", "other:e2", "other:e3"]);
    await expect.poll(() => rowCount(page, "insights-hashtags", "emploi")).toBe("4");

    // The visible way back: every post again, and the hashtag no longer pressed.
    await page.getByTestId("feed-filter-clear").click();
    expect(await page.getByTestId("feed-filter").count()).toBe(0);
    await expect.poll(() => page.getByTestId("feed-item").count()).toBe(11);
    expect(await emploi.getAttribute("aria-pressed")).toBe("false");
    // Clicking the pressed hashtag again also clears the filter.
    await emploi.click();
    await expect.poll(() => page.getByTestId("feed-item").count()).toBe(4);
    await emploi.click();
    await expect.poll(() => page.getByTestId("feed-item").count()).toBe(11);

    expect(await page.evaluate(() => (window as unknown as { insightsMark?: number }).insightsMark)).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the wall's insights scene in large type at 1080p and 4K, in both themes, live and never spilling over", async () => {
    const sizes: Record<string, number> = {};
    for (const theme of ["dark", "light"] as const) {
      for (const viewport of [FULL_HD, UHD]) {
        const page = await ctx.browser.newPage({ viewport, locale: "fr-FR" });
        const problems = watchPageErrors(page);
        await page.goto(`${ctx.node.url}/wall?scenes=insights&rotate=0&theme=${theme}`);
        expect(await page.getByTestId("wall-scene").getAttribute("data-scene")).toBe("insights");
        await expect.poll(() => rowCount(page, "wall-insights-hashtags", "cdi"), { timeout: 10_000 }).toBe("7");
        expect(await page.locator("html").getAttribute("data-theme")).toBe(theme);
        // #Stage joins below them once the first page has seen it arrive.
        expect((await rowKeys(page, "wall-insights-hashtags")).slice(0, 2)).toEqual(["cdi", "emploi"]);
        expect(await page.getByTestId("wall-insights-languages").textContent()).toContain("allemand");
        expect(await page.getByTestId("wall-insights-mentions").textContent()).toContain("@axa_recrute");

        // Every card and row stays inside the scene, and nothing scrolls.
        const spill = await page.evaluate(() => {
          const scene = document.querySelector('[data-testid="wall-scene"]')!.getBoundingClientRect();
          const out: string[] = [];
          for (const el of document.querySelectorAll(".wall-insights__card, .wall-insight")) {
            const box = el.getBoundingClientRect();
            if (box.bottom > scene.bottom + 1 || box.right > scene.right + 1) out.push(el.className);
          }
          const root = document.documentElement;
          if (root.scrollHeight > innerHeight || root.scrollWidth > innerWidth) out.push("page scrolls");
          return out;
        });
        expect(spill).toEqual([]);
        sizes[`${theme}-${viewport.width}`] = await page
          .locator(".wall-insight__name")
          .first()
          .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));

        if (theme === "dark" && viewport === FULL_HD) {
          // Live: a new #Stage post shows without a reload.
          await ingest(ctx.node.url, INGEST_TOKEN, [post("s12", 12, { hashtags: ["Stage"], lang: "fr" })]);
          await expect.poll(() => rowCount(page, "wall-insights-hashtags", "stage"), { timeout: 10_000 }).toBe("1");
        }
        expect(problems).toEqual([]);
        await page.close();
      }
    }
    // Large type: at least 30 px at 1080p, twice that at 4K.
    expect(sizes["dark-1920"]).toBeGreaterThanOrEqual(30);
    expect(sizes["dark-3840"]).toBeCloseTo(2 * sizes["dark-1920"]!, 0);
    expect(sizes["light-1920"]).toBe(sizes["dark-1920"]);
  });

  it("shows the same insights in the staff console, with the insights CSV to download", async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "en-GB" });
    const login = await context.request.post(`${ctx.node.url}${endpointPath("staffLogin")}`, { data: { token: STAFF_TOKEN, name: "Zoé" } });
    expect(login.ok()).toBe(true);
    const page = await context.newPage();
    const problems = watchPageErrors(page);
    // Opened from another view, so the page's socket is asked for insights after it connected without them.
    await page.goto(`${ctx.node.url}/staff?view=moderation&lang=en`);
    await page.getByTestId("staff-tab-insights").click();
    await expect.poll(() => rowCount(page, "staff-insights", "cdi"), { timeout: 10_000 }).toBe("7");
    expect(await rowKeys(page, "insights-hashtags")).toEqual(["cdi", "emploi", "stage"]);
    // No filter in the console: hashtags are plain names.
    expect(await page.getByTestId("insights-hashtag").count()).toBe(0);

    const href = await page.getByTestId("staff-insights-csv").getAttribute("href");
    expect(href).toBe(endpointPath("exportInsights"));
    expect(await page.getByTestId("staff-insights-csv-excel").getAttribute("href")).toBe(`${endpointPath("exportInsights")}?bom=1`);
    const csv = await context.request.get(`${ctx.node.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain("cdi");
    expect(problems).toEqual([]);
    await context.close();
  });
});
