/**
 * A campaign's own pages in a real Chromium: `/c/<id>/wall`, the dashboard at `/c/<id>/` and a widget inserted by
 * `/embed.js` with `data-campaign` on another origin load that campaign (`/api/c/<id>/campaign`) and move with
 * its posts; an unknown id answers the 404 page; once staff create a second campaign, the dashboard's picker lists
 * both. The pages are the default campaign's (`<id>` is its id): a second campaign's own live numbers need the
 * per-campaign runtimes (branch `hub`).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInCampaign, endpointPath } from "@pulse/shared";
import { campaignDayAt, GROUP, ingest, normalizedPost, readSnapshot, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const TOKEN = "campaign-pages-token";
const STAFF_TOKEN = "campaign-pages-staff-token-0123456789";
let serial = 0;

function posts(count: number) {
  return Array.from({ length: count }, () => {
    serial += 1;
    return normalizedPost({
      id: `campaign-page-${serial}`,
      createdAt: campaignDayAt(10, serial % 60),
      text: `Offre ${serial} #VotreJob`,
      author: { id: `campaign-page-author-${serial}`, handle: `cp${serial}` },
      country: "FR",
    });
  });
}

/** The requests a page makes to the campaign API, by path. */
function campaignRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith("/api/c") || pathname === "/api/campaign") paths.push(pathname);
  });
  return paths;
}

describe("a campaign's pages in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" });
  let partner: Server;
  let partnerOrigin = "";
  const id = () => ctx.node.pulse.campaign.id;

  beforeAll(async () => {
    // A partner site on another origin, whose page embeds the campaign's counter with the loader.
    partner = createServer((req, res) => {
      const pulse = new URL(req.url ?? "/", "http://partner").searchParams.get("pulse") ?? "";
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body>
<div id="slot"><script async src="${pulse}/embed.js" data-campaign="${id()}" data-widget="counter" data-lang="en"></script></div>
</body></html>`);
    });
    await new Promise<void>((resolve) => partner.listen(0, "127.0.0.1", resolve));
    partnerOrigin = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => partner?.close(resolve));
  });

  it("shows the campaign's wall and its counter widget on a partner page, and moves both with its posts", async () => {
    const start = (await readSnapshot(ctx.node.url)).totals.posts;
    const wall = await ctx.browser.newPage({ locale: "fr-FR", viewport: { width: 1280, height: 720 } });
    const embedding = await ctx.browser.newPage({ locale: "en-GB" });
    const problems = [...watchPageErrors(wall), ...watchPageErrors(embedding)];
    const wallRequests = campaignRequests(wall);
    const widgetRequests = campaignRequests(embedding);

    await wall.goto(`${ctx.node.url}/c/${id()}/wall?rotate=0`);
    await embedding.goto(`${partnerOrigin}/?pulse=${encodeURIComponent(ctx.node.url)}`);
    await expect.poll(() => embedding.frames().some((f) => f.url().includes(`/c/${id()}/embed/counter?`)), { timeout: 10_000 }).toBe(true);
    const widget = embedding.frames().find((f) => f.url().includes(`/c/${id()}/embed/counter?`)) as Frame;
    const counter = () => widget.getByTestId("counter-value").getAttribute("data-value");
    // The wall's total without its digit grouping.
    const wallTotal = async () => (await trimmedText(wall.getByTestId("wall-total")))?.replace(new RegExp(GROUP, "g"), "");
    await expect.poll(wallTotal, { timeout: 10_000 }).toBe(String(start));
    await expect.poll(counter, { timeout: 10_000 }).toBe(String(start));

    await ingest(ctx.node.url, TOKEN, posts(1234));
    await expect.poll(wallTotal, { timeout: 10_000 }).toBe(String(start + 1234));
    await expect.poll(counter, { timeout: 10_000 }).toBe(String(start + 1234));
    await expect.poll(() => wall.title()).toContain(ctx.node.pulse.campaign.name);
    // Both loaded their campaign by id, never the v1 path.
    expect(new Set(wallRequests)).toEqual(new Set([`/api/c/${id()}/campaign`]));
    expect(new Set(widgetRequests)).toEqual(new Set([`/api/c/${id()}/campaign`]));
    expect(problems).toEqual([]);
    await wall.close();
    await embedding.close();
  });

  it("shows the campaign's dashboard at /c/<id>/, and no picker for a single campaign", async () => {
    const page = await ctx.browser.newPage({ locale: "en-GB" });
    const problems = watchPageErrors(page);
    const posts = (await readSnapshot(ctx.node.url)).totals.posts;
    await page.goto(`${ctx.node.url}/c/${id()}/`);
    await expect.poll(() => trimmedText(page.getByTestId("total-posts")), { timeout: 10_000 }).toBe(
      new Intl.NumberFormat("en-GB").format(posts),
    );
    expect(await page.getByTestId("campaign-picker").count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("answers the 404 page for an unknown campaign's pages", async () => {
    const page = await ctx.browser.newPage({ locale: "en-GB" });
    for (const path of ["/c/no-such-campaign/wall", "/c/no-such-campaign/", "/c/no-such-campaign/embed/counter"]) {
      const answer = await page.goto(`${ctx.node.url}${path}`);
      expect([path, answer?.status()]).toEqual([path, 404]);
      await expect.poll(() => trimmedText(page.locator("main.not-found h1"))).toBe("Page not found");
    }
    await page.close();
  });
});

describe("the campaign picker in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", STAFF_TOKEN, TICK_MS: "100" });

  it("lists the campaigns on the dashboard once there are several, reached with Tab and followed with Enter", async () => {
    const page = await ctx.browser.newPage({ locale: "fr-FR" });
    const problems = watchPageErrors(page);
    const { id: current, name } = ctx.node.pulse.campaign;
    const created = await fetch(`${ctx.node.url}${endpointPath("createCampaign")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${STAFF_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ ...builtInCampaign, id: "salon-2027", name: "Salon 2027", hashtags: [{ tag: "Salon2027", country: "FR" }], organizations: [] }),
    });
    expect(created.status).toBe(201);

    await page.goto(`${ctx.node.url}/c/${current}/?theme=light`);
    const picker = page.getByRole("navigation", { name: "Campagnes" });
    await expect.poll(() => picker.getByRole("link").count(), { timeout: 10_000 }).toBe(2);
    // The built-in campaign's day is over; the copy has its dates.
    expect(await trimmedText(picker.locator('[aria-current="page"]'))).toBe(`${name} (terminée)`);
    const other = picker.getByRole("link", { name: "Salon 2027 (terminée)" });
    expect(await other.getAttribute("href")).toBe("/c/salon-2027/?theme=light");
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("href") ?? null);
    for (let presses = 0; presses < 20 && (await focused()) !== "/c/salon-2027/?theme=light"; presses += 1) await page.keyboard.press("Tab");
    expect(await focused()).toBe("/c/salon-2027/?theme=light");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${ctx.node.url}/c/salon-2027/?theme=light`);
    // Its dashboard, with the picker marking it.
    await expect.poll(() => trimmedText(page.getByRole("navigation", { name: "Campagnes" }).locator('[aria-current="page"]')), { timeout: 10_000 }).toBe(
      "Salon 2027 (terminée)",
    );
    expect(problems).toEqual([]);
    await page.close();
  });
});
