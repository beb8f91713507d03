/**
 * A second campaign's own pages in a real Chromium, beside the default campaign's: its wall (`/c/<id>/wall`), its
 * dashboard (`/c/<id>/`) and its counter widget, inserted on a partner page of another origin by `/embed.js` with
 * `data-campaign`, load that campaign (`/api/c/<id>/campaign`) and move with its posts only; the dashboard's picker
 * lists both campaigns; an unknown id answers the 404 page, and an archived campaign's open wall turns into it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInCampaign, endpointPath, type Campaign } from "@pulse/shared";
import { campaignDayAt, GROUP, ingest, normalizedPost, readSnapshot, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const TOKEN = "campaign-pages-token";
const STAFF_TOKEN = "campaign-pages-staff-token-0123456789";

/** The second campaign, created through the staff API: the built-in day's dates, its own hashtag. */
const SALON: Campaign = {
  ...builtInCampaign,
  id: "salon-2027",
  name: "Salon 2027",
  hashtags: [{ tag: "Salon2027", country: "FR" }],
  organizations: [],
};

let serial = 0;

function posts(count: number) {
  return Array.from({ length: count }, () => {
    serial += 1;
    return normalizedPost({
      id: `campaign-page-${serial}`,
      createdAt: campaignDayAt(10, serial % 60),
      text: `Offre ${serial} #Salon2027`,
      author: { id: `campaign-page-author-${serial}`, handle: `cp${serial}` },
      country: "FR",
    });
  });
}

/** A staff call to the campaign API, expecting `status`. */
async function staffCall(url: string, path: string, status: number, body?: unknown): Promise<void> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${STAFF_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${path}: ${await res.text()}`).toBe(status);
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

/** A wall's total without its digit grouping. */
async function wallTotal(page: Page): Promise<string | undefined> {
  return (await trimmedText(page.getByTestId("wall-total")))?.replace(new RegExp(GROUP, "g"), "");
}

describe("a second campaign's pages in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, STAFF_TOKEN, TICK_MS: "100" });
  let partner: Server;
  let partnerOrigin = "";

  beforeAll(async () => {
    await staffCall(ctx.node.url, endpointPath("createCampaign"), 201, SALON);
    // A partner site on another origin, whose page embeds the second campaign's counter with the loader.
    partner = createServer((req, res) => {
      const pulse = new URL(req.url ?? "/", "http://partner").searchParams.get("pulse") ?? "";
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body>
<div id="slot"><script async src="${pulse}/embed.js" data-campaign="${SALON.id}" data-widget="counter" data-lang="en"></script></div>
</body></html>`);
    });
    await new Promise<void>((resolve) => partner.listen(0, "127.0.0.1", resolve));
    partnerOrigin = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => partner?.close(resolve));
  });

  it("shows its own numbers on its wall and its partner counter, moving with its posts only", async () => {
    const start = (await readSnapshot(ctx.node.url)).totals.posts;
    const defaultWall = await ctx.browser.newPage({ locale: "fr-FR", viewport: { width: 1280, height: 720 } });
    const salonWall = await ctx.browser.newPage({ locale: "fr-FR", viewport: { width: 1280, height: 720 } });
    const embedding = await ctx.browser.newPage({ locale: "en-GB" });
    const problems = [...watchPageErrors(defaultWall), ...watchPageErrors(salonWall), ...watchPageErrors(embedding)];
    const wallRequests = campaignRequests(salonWall);
    const widgetRequests = campaignRequests(embedding);

    await defaultWall.goto(`${ctx.node.url}/wall?rotate=0`);
    await salonWall.goto(`${ctx.node.url}/c/${SALON.id}/wall?rotate=0`);
    await embedding.goto(`${partnerOrigin}/?pulse=${encodeURIComponent(ctx.node.url)}`);
    const widgetUrl = `${ctx.node.url}/c/${SALON.id}/embed/counter?`;
    await expect.poll(() => embedding.frames().some((f) => f.url().startsWith(widgetUrl)), { timeout: 10_000 }).toBe(true);
    const widget = embedding.frames().find((f) => f.url().startsWith(widgetUrl)) as Frame;
    const counter = () => widget.getByTestId("counter-value").getAttribute("data-value");
    await expect.poll(() => wallTotal(defaultWall), { timeout: 10_000 }).toBe(String(start));
    await expect.poll(() => wallTotal(salonWall), { timeout: 10_000 }).toBe("0");
    await expect.poll(counter, { timeout: 10_000 }).toBe("0");
    await expect.poll(() => salonWall.title()).toContain(SALON.name);

    await ingest(ctx.node.url, TOKEN, posts(1234), SALON.id);
    await expect.poll(() => wallTotal(salonWall), { timeout: 10_000 }).toBe("1234");
    await expect.poll(counter, { timeout: 10_000 }).toBe("1234");
    await ingest(ctx.node.url, TOKEN, posts(5));
    await expect.poll(() => wallTotal(defaultWall), { timeout: 10_000 }).toBe(String(start + 5));
    // Each wall moved with its own campaign's posts only.
    expect(await wallTotal(salonWall)).toBe("1234");
    expect(await counter()).toBe("1234");
    // The second campaign's pages loaded it by id, never the v1 path.
    expect(new Set(wallRequests)).toEqual(new Set([`/api/c/${SALON.id}/campaign`]));
    expect(new Set(widgetRequests)).toEqual(new Set([`/api/c/${SALON.id}/campaign`]));
    expect(problems).toEqual([]);
    for (const page of [defaultWall, salonWall, embedding]) await page.close();
  });

  it("shows its dashboard with a picker of both campaigns, reached with Tab and followed with Enter", async () => {
    const page = await ctx.browser.newPage({ locale: "fr-FR" });
    const problems = watchPageErrors(page);
    const total = (await readSnapshot(ctx.node.url, SALON.id)).totals.posts;
    await page.goto(`${ctx.node.url}/c/${SALON.id}/?theme=light`);
    await expect.poll(() => trimmedText(page.getByTestId("total-posts")), { timeout: 10_000 }).toMatch(
      new RegExp(`^${new Intl.NumberFormat("fr-FR").format(total).replace(/[\s\u202f\u00a0]/g, GROUP)}$`),
    );
    const picker = page.getByRole("navigation", { name: "Campagnes" });
    await expect.poll(() => picker.getByRole("link").count(), { timeout: 10_000 }).toBe(2);
    // Both run on the built-in day's dates, long ended.
    expect(await trimmedText(picker.locator('[aria-current="page"]'))).toBe(`${SALON.name} (terminée)`);
    const home = `/c/${builtInCampaign.id}/?theme=light`;
    expect(await picker.getByRole("link", { name: `${builtInCampaign.name} (terminée)` }).getAttribute("href")).toBe(home);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("href") ?? null);
    for (let presses = 0; presses < 20 && (await focused()) !== home; presses += 1) await page.keyboard.press("Tab");
    expect(await focused()).toBe(home);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${ctx.node.url}${home}`);
    await expect.poll(() => trimmedText(picker.locator('[aria-current="page"]')), { timeout: 10_000 }).toBe(`${builtInCampaign.name} (terminée)`);
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

  it("turns an archived campaign's open wall into the 404 page, and answers 404 for its pages", async () => {
    const page = await ctx.browser.newPage({ locale: "fr-FR" });
    await page.goto(`${ctx.node.url}/c/${SALON.id}/wall?rotate=0`);
    await expect.poll(() => wallTotal(page), { timeout: 10_000 }).toBe(String((await readSnapshot(ctx.node.url, SALON.id)).totals.posts));
    await staffCall(ctx.node.url, endpointPath("archiveCampaign", { params: { id: SALON.id } }), 200);
    await expect.poll(() => trimmedText(page.locator("main.not-found h1")), { timeout: 10_000 }).toBe("Page introuvable");
    expect((await page.reload())?.status()).toBe(404);
    await page.close();
  });
});
