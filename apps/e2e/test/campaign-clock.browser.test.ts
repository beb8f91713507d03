// Callbacks passed to page.evaluate run in the browser and use its globals.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { builtInCampaign } from "@pulse/shared";
import { openWatchedPage, trimmedText, useBrowserAndNode, type BrowserNodeFixture } from "./support/browser-helpers.js";

const FULL_HD = { width: 1920, height: 1080 };
const text = (page: Page, testId: string) => trimmedText(page.getByTestId(testId).first());

const dir = mkdtempSync(path.join(tmpdir(), "pulse-clock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A campaign file like the built-in campaign, but over a day of 2024 that has long ended. */
function endedCampaignFile(): string {
  const file = path.join(dir, "ended.json");
  const campaign = { ...builtInCampaign, id: "ended-2024", name: "Journée passée 2024", start: "2024-03-05T00:00:00+01:00", end: "2024-03-06T00:00:00+01:00" };
  writeFileSync(file, JSON.stringify(campaign));
  return file;
}

/** The node's wall in French on a Full HD page, without scene rotation, and the errors the page reports. */
async function openWall(ctx: BrowserNodeFixture): Promise<{ page: Page; problems: string[] }> {
  const opened = await openWatchedPage(ctx.browser, { viewport: FULL_HD, locale: "fr-FR" });
  await opened.page.goto(`${ctx.node.url}/wall?rotate=0`);
  return opened;
}

describe("a simulated day shows its own clock, marked simulated", () => {
  // 3,600 simulated seconds a second: the day lasts 24 s, long enough to look at it while it plays.
  const ctx = useBrowserAndNode({ SOURCE: "simulator", SIM_SPEED: "3600" });

  it("on the wall: a 2015 date beside 2015 data, 'simulé', and still live during the day", async () => {
    const { page, problems } = await openWall(ctx);
    const clock = page.getByTestId("wall-clock");
    await expect.poll(() => clock.getAttribute("data-simulated"), { timeout: 10_000 }).toBe("true");
    expect(await text(page, "wall-clock-date")).toMatch(/^mardi 24 février 2015 · Paris · simulé$/);
    expect(await text(page, "wall-clock-simulated")).toBe("simulé");
    // The simulated clock runs: at 3,600× its minutes turn over every real second.
    const first = await clock.locator("time").getAttribute("datetime");
    await expect.poll(() => clock.locator("time").getAttribute("datetime"), { timeout: 5_000 }).not.toBe(first);
    expect(new Date(first!).getUTCFullYear()).toBe(2015);
    expect(await page.getByTestId("wall-live").getAttribute("data-ended")).toBe("false");
    expect(await text(page, "wall-live")).toBe("En direct");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("on the dashboard: the simulated date and time beside the live status", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "en-GB" });
    await page.goto(`${ctx.node.url}/?lang=en`);
    await expect.poll(() => text(page, "campaign-clock"), { timeout: 10_000 }).toMatch(/^24 Feb 2015, \d{2}:\d{2}:\d{2} \(simulated\)$/);
    expect(await page.getByTestId("connection-status").getAttribute("data-ended")).toBe("false");
    await page.close();
  });
});

describe("after the campaign's end, LIVE becomes ENDED", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", CAMPAIGN_FILE: endedCampaignFile() });

  it("on the wall, in French, with the real clock (no simulated day)", async () => {
    const { page, problems } = await openWall(ctx);
    const live = page.getByTestId("wall-live");
    await expect.poll(() => live.getAttribute("data-ended"), { timeout: 10_000 }).toBe("true");
    // Still connected: the status says so, the words say the campaign is over.
    expect(await live.getAttribute("data-status")).toBe("live");
    expect(await text(page, "wall-live")).toBe("Terminé");
    expect(await page.getByTestId("wall-clock").getAttribute("data-simulated")).toBe("false");
    expect(await page.getByTestId("wall-clock-simulated").count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("on the dashboard and the embeds, in English and French", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "en-GB" });
    await page.goto(`${ctx.node.url}/?lang=en`);
    await expect.poll(() => page.getByTestId("connection-status").getAttribute("data-ended"), { timeout: 10_000 }).toBe("true");
    expect(await page.getByTestId("connection-status").textContent()).toContain("Ended");
    expect(await page.getByTestId("campaign-clock").count()).toBe(0);

    // The counter draws its badge without React; the others with it.
    for (const [widget, lang, word] of [
      ["counter", "en", "Ended"],
      ["counter", "fr", "Terminé"],
      ["feed", "fr", "Terminé"],
      ["timeline", "en", "Ended"],
    ] as const) {
      await page.goto(`${ctx.node.url}/embed/${widget}?lang=${lang}`);
      const badge = page.getByTestId("embed-status");
      await expect.poll(() => badge.getAttribute("data-ended"), { timeout: 10_000 }).toBe("true");
      expect(await badge.getAttribute("data-status"), widget).toBe("live");
      expect(await text(page, "embed-status"), `${widget} ${lang}`).toBe(word);
    }
    await page.close();
  });
});

describe("a simulated day played to its end", () => {
  // Ten simulated days a real second: the day is over before the page loads.
  const ctx = useBrowserAndNode({ SOURCE: "simulator", SIM_SPEED: "864000" });

  it("stops its clock at the campaign's end and says ENDED", async () => {
    const page = await ctx.browser.newPage({ viewport: FULL_HD, locale: "en-GB" });
    await page.goto(`${ctx.node.url}/wall?rotate=0&lang=en`);
    await expect.poll(() => page.getByTestId("wall-live").getAttribute("data-ended"), { timeout: 10_000 }).toBe("true");
    expect(await text(page, "wall-live")).toBe("Ended");
    // The campaign ends at midnight in Paris, where its clock stands.
    expect(await text(page, "wall-clock-date")).toBe("Wednesday, 25 February 2015 · Paris · simulated");
    expect(await page.getByTestId("wall-clock").locator("time").getAttribute("datetime")).toBe("2015-02-24T23:00:00.000Z");
    await page.close();
  });
});
