// Callbacks passed to page.evaluate run in the browser and use its globals.
import { endpointPath, RECENT_LIMIT, type Snapshot } from "@pulse/shared";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { campaignDayAt, countLayoutReads, countReactCommits, GROUP, ingest, normalizedPost, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

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
 * The page's animations now: each one's name (a CSS animation's, `transition:<property>` for a transition), the
 * properties its keyframes set, their easings, and its duration.
 */
function runningAnimations(page: Page) {
  return page.evaluate(() =>
    document.getAnimations().map((animation) => {
      const name = animation instanceof CSSAnimation ? animation.animationName : animation instanceof CSSTransition ? `transition:${animation.transitionProperty}` : "script";
      const effect = animation.effect as KeyframeEffect;
      const keyframes = effect.getKeyframes();
      const properties = [...new Set(keyframes.flatMap((frame) => Object.keys(frame)))].filter((key) => !["offset", "computedOffset", "easing", "composite"].includes(key));
      return { name, properties, easings: keyframes.map((frame) => String(frame.easing)), duration: effect.getComputedTiming().duration };
    }),
  );
}

/**
 * What the wall redraws, read from React's own bookkeeping: React keeps each element's latest props on its DOM
 * node (`__reactProps$…`), and a component that renders again hands its elements new props objects. So the
 * number of distinct props objects an element had over a while is the number of times its component rendered.
 */
describe("the wall's rendering in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" });

  /** A 1080p page in French, and the errors it logs. */
  async function newWallPage() {
    const page = await ctx.browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: "fr-FR" });
    return { page, problems: watchPageErrors(page) };
  }

  /** Ingests `count` of the test's posts, ids from `firstId`. */
  function ingestPosts(firstId: number, count: number) {
    return ingest(ctx.node.url, TOKEN, Array.from({ length: count }, (_, i) => post(firstId + i)));
  }

  /**
   * The wall at `path` (the timeline scene) while its total rolls up by 3,000 posts (ids from `firstId`): the
   * totals it showed, the props objects the scene's caption had (one per render of the scene), and React's
   * commits over the roll.
   */
  async function watchRoll(page: Page, path: string, firstId: number) {
    // Counted from what the server holds already (an earlier test's posts).
    const before = ((await (await fetch(`${ctx.node.url}${endpointPath("snapshot")}`)).json()) as Snapshot).totals.posts;
    const shown = (posts: number) => new RegExp(`^${new Intl.NumberFormat("en").format(before + posts).replaceAll(",", GROUP)}$`);
    const commits = await countReactCommits(page);
    await page.goto(`${ctx.node.url}${path}`);
    await ingestPosts(firstId, 50);
    await expect.poll(() => trimmedText(page.getByTestId("wall-total")), { timeout: 10_000 }).toMatch(shown(50));
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
    const commitsBefore = await commits();
    await ingestPosts(firstId + 50, 3_000);
    await expect.poll(() => trimmedText(page.getByTestId("wall-total")), { timeout: 10_000 }).toMatch(shown(3_050));
    const rollCommits = (await commits()) - commitsBefore;
    const record = await page.evaluate(() => (window as unknown as { record: { totals: string[]; captionProps: unknown[] } }).record);
    return { rollCommits, ...record };
  }

  it("rolls its total frame by frame without a React render per frame, and without rendering the chart scene again", async () => {
    const { page, problems } = await newWallPage();
    const { rollCommits, totals, captionProps } = await watchRoll(page, "/wall?scenes=timeline&rotate=0", 0);

    // The number rolled through many values on its way to 3,050...
    expect(totals.length).toBeGreaterThan(10);
    // ...each frame's number written into the page by the roll itself: React committed for the new data only
    // (a render per frame was one commit per number shown).
    expect(rollCommits).toBeGreaterThan(0);
    expect(rollCommits).toBeLessThan(totals.length / 2);
    // ...while the scene rendered only for the new data: its first props, then at most one per chart refresh
    // (charts redraw at most once a second; the roll lasts a little over one).
    expect(captionProps.length).toBeLessThanOrEqual(4);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("renders the benchmark's baseline (client=naive) without those savings: the page and its scene on every step of the roll, and the whole feed", async () => {
    const { page, problems } = await newWallPage();
    const { rollCommits, totals, captionProps } = await watchRoll(page, "/wall?scenes=timeline&rotate=0&client=naive", 60_000);
    expect(totals.length).toBeGreaterThan(10);
    // The rolling number is in the page's state: a commit for (about) each number shown...
    expect(rollCommits).toBeGreaterThanOrEqual(totals.length / 2);
    // ...and the scene, unmemoised, rendered with each of them.
    expect(captionProps.length).toBeGreaterThanOrEqual(totals.length / 2);

    // No windowing: the list beside the highlighted post holds every other recent post, not the four that fit.
    await page.goto(`${ctx.node.url}/wall?scenes=feed&rotate=0&client=naive`);
    await expect.poll(() => page.locator('[data-scene="feed"] [data-testid="wall-feed-item"]').count(), { timeout: 10_000 }).toBe(RECENT_LIMIT - 1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws the timeline, and redraws it with new data, without measuring anything in the page", async () => {
    const { page, problems } = await newWallPage();
    const boxReads = await countLayoutReads(page);
    await ingestPosts(40_000, 50);
    await page.goto(`${ctx.node.url}/wall?scenes=timeline&rotate=0`);
    const caption = page.locator(".wall-timeline__caption");
    await caption.waitFor();
    await page.locator(".wall-timeline__chart svg path").first().waitFor();
    const before = await caption.textContent();
    const readsBefore = await boxReads();
    // The chart's box came from a ResizeObserver after the browser's own layout: a read in React's commit forced a
    // layout of the whole new scene, in the task that mounted it.
    expect(readsBefore).toBe(0);
    // Drawn to that box: its grid spans most of the chart's width (read without a box read).
    const spans = await page.evaluate(() => {
      const svg = document.querySelector(".wall-timeline__chart svg")!;
      const grid = document.querySelector(".wall-timeline__grid line") as SVGLineElement;
      return (grid.x2.baseVal.value - grid.x1.baseVal.value) / svg.clientWidth;
    });
    expect(spans).toBeGreaterThan(0.5);

    await ingestPosts(10_000, 400);
    // The scene redrew with the new data (its caption says the new latest minute)...
    await expect.poll(() => caption.textContent(), { timeout: 10_000 }).not.toBe(before);
    await page.waitForTimeout(1_500);
    const readsAfter = await boxReads();
    // ...and read no layout box to do so (the observer reports the chart's box on mount and on resize only).
    expect(readsAfter - readsBefore).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("animates only transform and opacity, and drifts the whole picture in steps, not on every frame", async () => {
    const { page, problems } = await newWallPage();
    await ingestPosts(30_000, 100);
    await page.goto(`${ctx.node.url}/wall?scenes=countries,organizations,counter&rotate=0`);
    await page.locator(".wall-bars__fill").first().waitFor();
    const seen = new Map<string, { properties: string[]; easings: string[] }>();
    const look = async () => {
      for (const animation of await runningAnimations(page)) seen.set(animation.name, animation);
    };
    // The built-in campaign's day is over, so its indicator says "ended": shown as live, it pulses.
    await page.getByTestId("wall-live").evaluate((el) => el.classList.replace(el.classList[1]!, "wall-live--live"));
    // Germany gets a bar, then more posts move it (its share changes) and the goal while the wall looks.
    const german = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ ...post(from + i), country: "DE" }));
    await ingest(ctx.node.url, TOKEN, german(20_000, 20));
    await expect.poll(() => page.locator(".wall-bars__row").count(), { timeout: 10_000 }).toBe(2);
    await ingest(ctx.node.url, TOKEN, german(21_000, 400));
    for (let i = 0; i < 25; i += 1) {
      await look();
      await page.waitForTimeout(100);
    }
    expect([...seen.keys()]).toEqual(expect.arrayContaining(["wall-drift", "wall-live-pulse", "transition:transform"]));
    for (const [name, animation] of seen) expect({ name, properties: animation.properties.filter((p) => p !== "transform" && p !== "opacity") }).toEqual({ name, properties: [] });
    expect(seen.get("wall-drift")!.easings.every((easing) => easing.startsWith("steps("))).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("fills the scene's progress bar in steps of a quarter second, not on every frame", async () => {
    const { page, problems } = await newWallPage();
    await page.goto(`${ctx.node.url}/wall?scenes=counter,countries&rotate=15`);
    await page.locator(".wall-scenes__item--current .wall-scenes__bar").waitFor();
    const progress = (await runningAnimations(page)).filter((animation) => animation.name === "wall-scene-progress");
    // One bar runs: the current scene's, over its 15 s, in 60 steps of transform.
    expect(progress).toHaveLength(1);
    expect(progress[0]!.duration).toBe(15_000);
    expect(progress[0]!.properties).toEqual(["transform"]);
    expect(progress[0]!.easings.every((easing) => easing.replace(/\s/g, "") === "steps(60)")).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  /**
   * Opens `path` (its first scene `counter`, the next `scene` after 3 s, prepared out of sight before that) and
   * returns, for each selector, the page's animation frame in which it first matched inside that scene's slot:
   * frames counted by the page's own `requestAnimationFrame`, each insertion stamped with the frame it happened in.
   */
  async function firstFrames<K extends string>(page: Page, path: string, scene: string, parts: Record<K, string>): Promise<Record<K, number>> {
    await page.goto(`${ctx.node.url}${path}`);
    await page.locator('[data-scene="counter"]').waitFor();
    await page.evaluate(
      ({ scene, parts }: { scene: string; parts: Record<string, string> }) => {
        const seen = { frame: 0, at: {} as Record<string, number> };
        const tick = () => {
          seen.frame += 1;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        new MutationObserver(() => {
          for (const [name, selector] of Object.entries(parts)) {
            if (seen.at[name] === undefined && document.querySelector(`[data-slot="${scene}"] ${selector}`)) seen.at[name] = seen.frame;
          }
        }).observe(document.body, { childList: true, subtree: true });
        (window as unknown as { seen: typeof seen }).seen = seen;
      },
      { scene, parts: parts as Record<string, string> },
    );
    for (const selector of Object.values<string>(parts)) await page.locator(`[data-slot="${scene}"] ${selector}`).first().waitFor({ state: "attached", timeout: 10_000 });
    return page.evaluate(() => (window as unknown as { seen: { at: Record<K, number> } }).seen.at);
  }

  it("mounts the feed scene in two frames: the highlighted post first, the list beside it in a later frame", async () => {
    const { page, problems } = await newWallPage();
    await ingestPosts(50_000, 20);
    const seen = await firstFrames(page, "/wall?scenes=counter,feed&rotate=3", "feed", { highlight: '[data-testid="wall-highlight"]', list: '[data-testid="wall-feed-item"]' });
    expect(seen.highlight).toBeGreaterThan(0);
    expect(seen.list).toBeGreaterThan(seen.highlight);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("mounts the insights scene in two frames: the first row of cards first, the second row in a later frame", async () => {
    const { page, problems } = await newWallPage();
    await ingestPosts(70_000, 20);
    const seen = await firstFrames(page, "/wall?scenes=counter,insights&rotate=3", "insights", {
      firstRow: '[data-testid="wall-insights-mentions"]',
      secondRow: '[data-testid="wall-insights-authors"]',
    });
    expect(seen.firstRow).toBeGreaterThan(0);
    expect(seen.secondRow).toBeGreaterThan(seen.firstRow);
    expect(problems).toEqual([]);
    await page.close();
  });

  /**
   * Opens `path` (scenes `counter` then `countries`, 3 s each) and records, each time the `countries` slot's state
   * changes until it is shown: the page's animation frame, the step (`data-upcoming`), the scene on screen, how the
   * slot is hidden, and whether it is still the element first inserted.
   */
  async function watchPreparation(page: Page, path: string) {
    await page.goto(`${ctx.node.url}${path}`);
    await page.locator('[data-scene="counter"]').waitFor();
    await page.evaluate(() => {
      const log = { frame: 0, first: null as Element | null, steps: [] as Record<string, unknown>[] };
      const tick = () => {
        log.frame += 1;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      new MutationObserver(() => {
        const slot = document.querySelector<HTMLElement>('[data-slot="countries"]');
        if (!slot) return;
        log.first ??= slot;
        const step = slot.getAttribute("data-upcoming");
        if (log.steps.length > 0 && log.steps.at(-1)!.step === step) return;
        const style = getComputedStyle(slot);
        log.steps.push({
          frame: log.frame,
          step,
          onScreen: document.querySelector('[data-testid="wall-scene"]')?.getAttribute("data-scene"),
          contentVisibility: style.contentVisibility,
          contain: style.contain,
          visibility: style.visibility,
          opacity: style.opacity,
          ariaHidden: slot.getAttribute("aria-hidden"),
          inert: slot.inert,
          sameElement: slot === log.first,
        });
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-upcoming", "data-scene"] });
      (window as unknown as { log: typeof log }).log = log;
    });
    await page.locator('[data-scene="countries"]').waitFor({ timeout: 10_000 });
    return page.evaluate(() => (window as unknown as { log: { steps: Record<string, unknown>[] } }).log.steps);
  }

  it("prepares the next scene out of sight before its turn, a step a frame, and then shows the very elements it prepared", async () => {
    const { page, problems } = await newWallPage();
    await ingestPosts(90_000, 20);
    const steps = await watchPreparation(page, "/wall?scenes=counter,countries&rotate=3");
    expect(steps.map((step) => step.step)).toEqual(["dom", "layout", "later", "paint", null]);
    // One step a frame, at least: no frame makes, lays out and paints the scene at once.
    for (let i = 1; i < steps.length; i += 1) expect(steps[i]!.frame).toBeGreaterThan(steps[i - 1]!.frame as number);
    // While it is prepared, the counter is on screen and the next scene is neither seen nor read out.
    for (const step of steps.slice(0, 4)) expect(step).toMatchObject({ onScreen: "counter", ariaHidden: "true", inert: true, sameElement: true });
    expect(steps[0]).toMatchObject({ contentVisibility: "hidden" });
    expect(steps[1]).toMatchObject({ visibility: "hidden" });
    expect(steps[2]).toMatchObject({ visibility: "hidden" });
    expect(steps[3]).toMatchObject({ visibility: "visible", opacity: "0" });
    // Its turn: the same element, now the scene on screen, seen and read; contained, so what changes inside it is
    // laid out from the scene, not from the page.
    expect(steps[4]).toMatchObject({ onScreen: "countries", visibility: "visible", ariaHidden: null, inert: false, sameElement: true, contain: "strict" });
    expect(await page.getByTestId("wall-scene").getAttribute("data-slot")).toBe("countries");
    expect(await page.locator("[data-slot]").count()).toBe(1);

    // The baseline mounts each scene as it comes on screen, unprepared.
    const naive = await watchPreparation(page, "/wall?scenes=counter,countries&rotate=3&client=naive");
    expect(naive.map((step) => step.step)).toEqual([null]);
    expect(naive[0]).toMatchObject({ onScreen: "countries" });
    expect(problems).toEqual([]);
    await page.close();
  });
});
