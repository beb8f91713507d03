// Callbacks passed to page.evaluate run in the browser and use its globals.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInCampaign, type Campaign } from "@pulse/shared";
import { campaignDayAt, ingest, normalizedPost, useBrowser } from "./support/browser-helpers.js";
import { startNode, type BrowserTestNode } from "./support/pulse-node.js";

const TOKEN = "wall-layout-test-token";
const SCENES = ["counter", "countries", "timeline", "organizations", "insights", "feed", "map"] as const;
const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;
const LANGS = ["fr", "en"] as const;
/** The text a viewer must read whole: each must lie inside the viewport and inside every box that clips it. */
const MUST_SHOW = [".wall-clock__time", ".wall-clock__date", ".wall-goal__numbers", ".wall-goal__percent", ".wall-footer__value"];

/** A French campaign name of exactly `length` characters, words and a hashtag, as a newsroom would write one. */
function longName(length: number): string {
  const words = "Salon international de l'Agriculture et de l'Alimentation durable 2026 en Île-de-France (#SalonDeLAgriculture)";
  let name = "";
  while (name.length < length) name += (name ? " · " : "") + words;
  return name.slice(0, length);
}

/** The built-in campaign under a long name (and a long goal label), written where CAMPAIGN_FILE can read it. */
function campaignFile(dir: string, name: string): string {
  const campaign: Campaign = { ...builtInCampaign, name, goal: { ...builtInCampaign.goal!, label: `#VotreJob ${name}` } };
  const file = path.join(dir, `campaign-${name.length}.json`);
  writeFileSync(file, JSON.stringify(campaign));
  return file;
}

/** Posts that fill every scene: five countries, organizations, a long text, and a goal past 10,000. */
function posts() {
  const tags = ["votrejob", "jouwbaan", "yourjobuk", "yourjobie", "deinjob"];
  const orgs = builtInCampaign.organizations.slice(0, 8).map((org) => org.handles.x ?? org.id);
  return Array.from({ length: 12_345 }, (_, i) =>
    normalizedPost({
      id: `layout-${i}`,
      createdAt: campaignDayAt(8 + (i % 10), i % 60),
      hashtags: [i % 3 === 0 ? tags[i % tags.length]! : "votrejob"],
      text: i % 7 === 0 ? `${"Nous recrutons des ingénieurs agronomes passionnés ".repeat(6)}#VotreJob` : `Offre ${i} #VotreJob`,
      author:
        i % 5 === 0
          ? { id: `org-${i % orgs.length}`, handle: orgs[i % orgs.length]!, name: "Organisation au nom très long pour voir".repeat(2) }
          : { id: `layout-author-${i % 300}`, handle: `layoutuser${i % 300}`, name: `Utilisatrice ${i % 300}` },
    }),
  );
}

interface Problem {
  what: string;
  detail: string;
}

/**
 * What is wrong with the page's layout: the document wider than the viewport, or a {@link MUST_SHOW} element
 * outside the viewport, cut by its own box (`scrollWidth > clientWidth`) or by an ancestor that clips.
 */
function layoutProblems(page: Page, selectors: readonly string[]): Promise<Problem[]> {
  return page.evaluate((selectors) => {
    const problems: { what: string; detail: string }[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > innerWidth) problems.push({ what: "document", detail: `scrollWidth ${doc.scrollWidth} > ${innerWidth}` });
    // Sub-pixel rounding and the burn-in drift (under a pixel in the first minutes) are not clipping.
    const slack = 1;
    for (const selector of selectors) {
      for (const el of document.querySelectorAll<HTMLElement>(selector)) {
        const box = el.getBoundingClientRect();
        if (box.left < -slack || box.right > innerWidth + slack || box.top < -slack || box.bottom > innerHeight + slack) {
          problems.push({ what: selector, detail: `outside the viewport: ${Math.round(box.left)}..${Math.round(box.right)} of ${innerWidth}` });
        }
        if (el.scrollWidth > el.clientWidth + slack) {
          problems.push({ what: selector, detail: `cut by its box: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}` });
        }
        for (let up = el.parentElement; up; up = up.parentElement) {
          const style = getComputedStyle(up);
          if (style.overflowX === "visible" && style.overflowY === "visible") continue;
          const clip = up.getBoundingClientRect();
          if (box.left < clip.left - slack || box.right > clip.right + slack) {
            problems.push({ what: selector, detail: `cut by ${up.className || up.tagName}: ${Math.round(box.right)} > ${Math.round(clip.right)}` });
          }
        }
      }
    }
    return problems;
  }, selectors);
}

/**
 * Waits for the wall to show `scene` with its data (the goal's value, and the total beside other scenes),
 * checked on every animation frame rather than polled, to keep 60 page loads quick; then for the web fonts,
 * which change widths.
 */
async function settle(page: Page, scene: string): Promise<void> {
  await page.waitForFunction(
    (scene) => {
      const shown = document.querySelector("[data-testid=wall-scene]")?.getAttribute("data-scene") === scene;
      const goal = document.querySelector("[data-testid=wall-goal]")?.getAttribute("data-value");
      const total = document.querySelector("[data-testid=wall-total]")?.textContent?.trim() ?? "";
      return shown && goal !== undefined && goal !== null && goal !== "0" && (scene === "counter" || total.startsWith("12"));
    },
    scene,
    { timeout: 10_000 },
  );
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

for (const length of [90, 200]) {
  describe(`a wall with a ${length}-character campaign name fits every screen`, () => {
    const ctx = useBrowser();
    let node: BrowserTestNode;
    let dir: string;
    /** One page for every viewport, language and scene: only the URL changes. */
    let page: Page;
    const name = longName(length);

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), "pulse-wall-layout-"));
      node = await startNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100", CAMPAIGN_FILE: campaignFile(dir, name) });
      const all = posts();
      for (let i = 0; i < all.length; i += 2_000) await ingest(node.url, TOKEN, all.slice(i, i + 2_000));
      page = await ctx.browser.newPage({ viewport: VIEWPORTS[0] });
    });
    afterAll(async () => {
      await page?.close();
      await node?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const viewport of VIEWPORTS) {
      it(`never grows past a ${viewport.width}×${viewport.height} screen, and shows the clock, date, goal figures and percentage whole, on every scene in French and English`, async () => {
        expect(name).toHaveLength(length);
        await page.setViewportSize(viewport);
        const found: string[] = [];
        for (const lang of LANGS) {
          for (const scene of SCENES) {
            await page.goto(`${node.url}/wall?scenes=${scene}&rotate=0&lang=${lang}`);
            await settle(page, scene);
            for (const problem of await layoutProblems(page, MUST_SHOW)) found.push(`${lang} ${scene}: ${problem.what} ${problem.detail}`);
          }
        }
        expect(found).toEqual([]);
      });
    }

    it("shows the name inside the header: whole when it fits in two lines, else cut with an ellipsis and whole in its tooltip", async () => {
      const page = await ctx.browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${node.url}/wall?scenes=counter&rotate=0&lang=fr`);
      await settle(page, "counter");
      const title = page.locator(".wall-header__title");
      expect(await title.getAttribute("title")).toBe(name);
      const shape = await title.evaluate((el) => {
        const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight);
        // The name is shown whole when its last character lies inside the box (line clamping hides the rest).
        const text = el.firstChild as Text;
        const last = document.createRange();
        last.setStart(text, text.length - 1);
        last.setEnd(text, text.length);
        const box = el.getBoundingClientRect();
        const end = last.getBoundingClientRect();
        return {
          lines: Math.round(el.clientHeight / lineHeight),
          cut: end.top >= box.bottom - 1 || end.right > box.right + 1,
          fontPx: Number.parseFloat(getComputedStyle(el).fontSize),
        };
      });
      expect(shape.lines).toBeLessThanOrEqual(2);
      // Still a headline from across the room (the smallest wall text is 1.2 % of the width, 23 px at 1080p).
      expect(shape.fontPx).toBeGreaterThanOrEqual(23);
      // 90 characters fit whole; 200 do not, and are cut cleanly.
      expect(shape.cut).toBe(length > 150);
      await page.close();
    });

    it("keeps the dashboard and every embed (at 300 px) within their width", async () => {
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
      const found: string[] = [];
      const check = async (route: string) => {
        await page.goto(`${node.url}${route}`);
        await page.waitForLoadState("networkidle");
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        for (const problem of await layoutProblems(page, [])) found.push(`${route} at ${page.viewportSize()?.width}px: ${problem.detail}`);
      };
      await check("/?lang=fr");
      await page.setViewportSize({ width: 360, height: 740 });
      await check("/?lang=fr");
      await page.setViewportSize({ width: 300, height: 600 });
      for (const widget of ["counter", "countries", "timeline", "feed", "map"]) await check(`/embed/${widget}?lang=fr`);
      expect(found).toEqual([]);
      await page.close();
    });
  });
}
