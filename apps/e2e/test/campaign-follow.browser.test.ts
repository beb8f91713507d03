/**
 * Screens follow the campaign: a wall, a dashboard, a counter widget and the staff console left open while
 * their node restarts, on the same port, with another campaign file take the new campaign's title, brand colour
 * and goal with no reload.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInCampaign, type Campaign } from "@pulse/shared";
import { trimmedText, useBrowser, watchPageErrors } from "./support/browser-helpers.js";
import { startNode, type BrowserTestNode } from "./support/pulse-node.js";

/** Two campaigns that differ in what a screen shows of them; bright colours, kept as they are on the dark wall. */
const CAMPAIGN_A: Campaign = {
  ...builtInCampaign,
  id: "follow-a",
  name: "Campagne A du salon",
  brand: { primary: "#ffb000" },
  goal: { posts: 1_000 },
};
const CAMPAIGN_B: Campaign = {
  ...builtInCampaign,
  id: "follow-b",
  name: "Campaign B of the fair",
  brand: { primary: "#3ddc84" },
  goal: { posts: 5_000 },
};

/** What the wall shows of its campaign, and whether the page is still the document first loaded. */
async function wallCampaign(page: Page) {
  return {
    title: await trimmedText(page.locator(".wall-header__title")),
    brand: await page.getByTestId("wall").evaluate((el) => getComputedStyle(el).getPropertyValue("--brand").trim()),
    goal: await page.getByTestId("wall-goal").getAttribute("data-target"),
    sameDocument: await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument === true),
  };
}

async function dashboardCampaign(page: Page) {
  return {
    title: await trimmedText(page.locator(".topbar__title")),
    sameDocument: await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument === true),
  };
}

/** The other screens: the counter widget names the campaign, the staff console has it in its title. */
async function otherScreens(counter: Page, staff: Page) {
  return {
    counter: await trimmedText(counter.getByTestId("counter-context")),
    staff: await staff.title(),
    sameDocument: await Promise.all(
      [counter, staff].map((page) => page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument === true)),
    ),
  };
}

describe("open screens follow the campaign across a restart", () => {
  const ctx = useBrowser();
  let dir: string;
  let node: BrowserTestNode | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "pulse-campaign-follow-"));
    await writeFile(path.join(dir, "a.json"), JSON.stringify(CAMPAIGN_A));
    await writeFile(path.join(dir, "b.json"), JSON.stringify(CAMPAIGN_B));
  });
  afterAll(async () => {
    await node?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("shows the new campaign's title, brand colour and goal on the wall, the dashboard, a widget and the console, with no reload", async () => {
    node = await startNode({ SOURCE: "none", CAMPAIGN_FILE: path.join(dir, "a.json"), TICK_MS: "100" });
    const port = Number(new URL(node.url).port);
    const wall = await ctx.browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: "fr-FR" });
    const dashboard = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" });
    const counter = await ctx.browser.newPage({ viewport: { width: 360, height: 200 }, locale: "fr-FR" });
    const staff = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" });
    const pages = [wall, dashboard, counter, staff];
    const problems = pages.flatMap((page) => watchPageErrors(page));
    await wall.goto(`${node.url}/wall?rotate=0`);
    await dashboard.goto(`${node.url}/`);
    await counter.goto(`${node.url}/embed/counter`);
    await staff.goto(`${node.url}/staff`);
    // Gone if the page reloads.
    for (const page of pages) await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));

    /** Every screen shows `campaign` (wall: in these colours and goal) within `timeout`, none of them reloaded. */
    const expectShownEverywhere = async (campaign: Campaign, wallLook: { brand: string; goal: string }, timeout: number) => {
      await expect.poll(() => wallCampaign(wall), { timeout }).toEqual({ title: campaign.name, ...wallLook, sameDocument: true });
      await expect.poll(() => dashboardCampaign(dashboard), { timeout }).toEqual({ title: campaign.name, sameDocument: true });
      expect(await dashboard.title()).toContain(campaign.name);
      await expect.poll(() => otherScreens(counter, staff), { timeout }).toEqual({
        counter: campaign.name,
        staff: expect.stringContaining(campaign.name),
        sameDocument: [true, true],
      });
    };

    await expectShownEverywhere(CAMPAIGN_A, { brand: "#ffb000", goal: "1000" }, 10_000);

    await node.close();
    node = await startNode({ SOURCE: "none", CAMPAIGN_FILE: path.join(dir, "b.json"), TICK_MS: "100" }, port);

    // socket.io retries with a backoff that starts at 500 ms; the node was back within about a second.
    await expectShownEverywhere(CAMPAIGN_B, { brand: "#3ddc84", goal: "5000" }, 20_000);
    expect(await wall.title()).toContain(CAMPAIGN_B.name);
    // Only the expected reconnection noise: the pages never failed.
    expect(problems.filter((p) => !/WebSocket|ERR_CONNECTION_REFUSED|socket\.io/i.test(p))).toEqual([]);
    for (const page of pages) await page.close();
  });
});
