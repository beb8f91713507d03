/**
 * A campaign set up in the staff console's Campaigns view, in a real Chromium against a real node: its
 * organizations pasted as CSV (a bad row named by line and field, nothing imported until it is fixed), a save the
 * API refuses shown beside the bad fields with nothing stored, then a save that creates it; its wall and its counter
 * embed on another origin move with its posts; archived from the console, its pages answer 404.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInCampaign, endpointPath } from "@pulse/shared";
import { GROUP, ingest, normalizedPost, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const STAFF_TOKEN = "campaign-console-staff-token-0123456789";
const INGEST_TOKEN = "campaign-console-ingest-token";
const ID = "salon-agriculture-2027";
const NAME = "Salon de l'Agriculture 2027";

/** `datetime-local` text `days` from now (UTC wall time: a day's margin either way keeps the campaign live). */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);
}

const BAD_CSV = ["id,name,country,kind,x", "ferme-bio,Ferme Bio,FR,company,fermebio", "coop-lait,Coopérative du lait,France,company,cooplait", "inrae,INRAE,FR,institution,inrae"].join("\n");
const GOOD_CSV = BAD_CSV.replace(",France,", ",FR,");

/** Console errors but for the 4xx answers the console expects (the session check before login, the refused save). */
const watchErrors = (page: Page) => watchPageErrors(page, /Failed to load resource: the server responded with a status of (400|401|404)/);

/** The staff API's campaigns, read with the bearer token. */
async function storedIds(url: string): Promise<string[]> {
  const res = await fetch(`${url}${endpointPath("staffCampaigns")}`, { headers: { authorization: `Bearer ${STAFF_TOKEN}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { campaign: { id: string } }[]).map((entry) => entry.campaign.id);
}

let serial = 0;
function posts(count: number) {
  return Array.from({ length: count }, () => {
    serial += 1;
    return normalizedPost({
      id: `console-${serial}`,
      createdAt: new Date().toISOString(),
      text: `Au salon ${serial} #Salon2027`,
      hashtags: ["salon2027"],
      author: { id: `console-author-${serial}`, handle: `visitor${serial}` },
      country: "FR",
    });
  });
}

describe("a campaign created in the staff console, in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN, STAFF_TOKEN, TICK_MS: "100" });
  let partner: Server;
  let partnerOrigin = "";

  beforeAll(async () => {
    // A partner site on another origin, whose page embeds the new campaign's counter with the loader.
    partner = createServer((req, res) => {
      const pulse = new URL(req.url ?? "/", "http://partner").searchParams.get("pulse") ?? "";
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body>
<div id="slot"><script async src="${pulse}/embed.js" data-campaign="${ID}" data-widget="counter" data-lang="en"></script></div>
</body></html>`);
    });
    await new Promise<void>((resolve) => partner.listen(0, "127.0.0.1", resolve));
    partnerOrigin = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => partner?.close(resolve));
  });

  it("creates it with pasted organizations, shows its wall and embed moving, then archives it", async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "en-GB" });
    const staff = await context.newPage();
    const problems = watchErrors(staff);
    await staff.goto(`${ctx.node.url}/staff?lang=en`);
    await staff.getByTestId("staff-token").fill(STAFF_TOKEN);
    await staff.getByTestId("staff-name").fill("Zoé");
    await staff.getByTestId("staff-login").click();
    await staff.getByTestId("staff-tab-campaigns").click();
    expect(new URL(staff.url()).searchParams.get("view")).toBe("campaigns");
    // The default campaign is listed, with the day it ran long ago.
    await expect.poll(() => staff.getByTestId("campaigns-group-ended").getByTestId("campaign-item").count(), { timeout: 10_000 }).toBe(1);

    await staff.getByTestId("campaign-new").click();
    const form = staff.getByTestId("campaign-form");
    await form.getByLabel("Name", { exact: true }).fill(NAME);
    // The preview follows the name as it is typed.
    await expect.poll(() => trimmedText(staff.getByTestId("campaign-preview-name"))).toBe(NAME);
    await form.getByLabel("Id", { exact: true }).fill(ID);
    await form.getByLabel("Time zone").fill("Europe/Paris");
    await form.getByLabel("Start").fill(daysFromNow(-1));
    // An end before the start: only the API says so.
    await form.getByLabel("End").fill(daysFromNow(-2));
    await form.getByLabel("Hashtag 1", { exact: true }).fill("Salon2027");
    await form.getByLabel("Country of hashtag 1").fill("UK");
    await form.getByLabel("Main colour", { exact: true }).fill("#2e7d32");
    await expect.poll(() => staff.getByTestId("campaign-contrast").locator("li").count()).toBe(2);

    // A CSV with a bad row: its line and field are named, and nothing is imported.
    await staff.getByTestId("campaign-import-text").fill(BAD_CSV);
    await staff.getByTestId("campaign-import").click();
    const problem = staff.getByTestId("campaign-import-problem");
    await expect.poll(() => problem.count()).toBe(1);
    expect(await problem.getAttribute("data-line")).toBe("3");
    expect(await problem.getAttribute("data-field")).toBe("country");
    expect(await trimmedText(problem)).toBe("Line 3, field country: expected a two-letter country code (FR), found “France”.");
    expect(await staff.getByTestId("campaign-org-row").count()).toBe(0);
    // Fixed, it imports every row.
    await staff.getByTestId("campaign-import-text").fill(GOOD_CSV);
    await staff.getByTestId("campaign-import").click();
    await expect.poll(() => trimmedText(staff.getByTestId("campaign-import-done"))).toBe("3 organizations imported.");
    expect(await staff.getByTestId("campaign-import-problems").count()).toBe(0);
    expect(await staff.getByTestId("campaign-org-row").count()).toBe(3);
    expect(await staff.getByLabel("Name, row 2").inputValue()).toBe("Coopérative du lait");

    // The API refuses the save: each issue shows beside its field, the summary takes focus, nothing is stored.
    await staff.getByTestId("campaign-save").click();
    const end = form.getByLabel("End");
    await expect.poll(() => end.getAttribute("aria-invalid")).toBe("true");
    const endError = staff.locator(`#${(await end.getAttribute("aria-describedby"))?.split(" ").pop()}`);
    expect(await trimmedText(endError)).toMatch(/^expected a time after start/);
    const country = form.getByLabel("Country of hashtag 1");
    expect(await country.getAttribute("aria-invalid")).toBe("true");
    expect(await trimmedText(staff.locator('[data-testid=campaign-field-error][data-field="hashtags.0.country"]'))).toContain("did you mean GB?");
    expect(await trimmedText(staff.getByTestId("campaign-issues").locator("p"))).toBe("2 fields to fix; nothing was saved.");
    expect(await staff.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("campaign-issues");
    expect(await storedIds(ctx.node.url)).not.toContain(ID);
    // Each bad field is linked from the summary, and the link takes the keyboard into the field.
    await staff.getByTestId("campaign-issues").getByRole("link", { name: "end", exact: true }).click();
    expect(await staff.evaluate(() => document.activeElement?.getAttribute("data-field"))).toBe("end");

    await end.fill(daysFromNow(30));
    await country.fill("FR");
    await staff.getByTestId("campaign-save").click();
    await expect.poll(() => trimmedText(staff.getByTestId("staff-status")), { timeout: 10_000 }).toBe(`Campaign “${NAME}” created.`);
    const row = staff.locator(`[data-testid=campaign-item][data-campaign="${ID}"]`);
    await expect.poll(() => row.getAttribute("data-group"), { timeout: 10_000 }).toBe("live");
    expect(await row.getByTestId("campaign-link-wall").getAttribute("href")).toBe(`/c/${ID}/wall`);
    expect(await row.getByTestId("campaign-link-embed").getAttribute("href")).toBe(`/c/${ID}/embed/counter`);
    expect(await storedIds(ctx.node.url)).toContain(ID);

    // The console's picker makes every view act on it: the page reloads on ?campaign=, and each request names it.
    const scoped: string[] = [];
    staff.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/staff/moderation/")) scoped.push(url.searchParams.get("campaign") ?? "(none)");
    });
    await staff.getByLabel("Campaign", { exact: true }).selectOption(ID);
    await staff.getByTestId("staff-campaign-choose").click();
    await staff.waitForURL((url) => url.searchParams.get("campaign") === ID);
    await expect.poll(() => trimmedText(staff.locator(".topbar__title")), { timeout: 10_000 }).toBe(NAME);
    await staff.getByTestId("staff-tab-audit").click();
    await expect.poll(() => scoped.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(new Set(scoped)).toEqual(new Set([ID]));
    // Back to the default campaign: the parameter goes.
    await staff.getByLabel("Campaign", { exact: true }).selectOption(builtInCampaign.id);
    await staff.getByTestId("staff-campaign-choose").click();
    await staff.waitForURL((url) => !url.searchParams.has("campaign"));
    await staff.getByTestId("staff-tab-campaigns").click();

    // Its wall and its counter on a partner's page of another origin show its numbers, and move with its posts.
    const wall = await context.newPage();
    const embedding = await context.newPage();
    const wallProblems = watchPageErrors(wall);
    await wall.goto(`${ctx.node.url}/c/${ID}/wall?rotate=0&lang=en`);
    await embedding.goto(`${partnerOrigin}/?pulse=${encodeURIComponent(ctx.node.url)}`);
    const widgetUrl = `${ctx.node.url}/c/${ID}/embed/counter?`;
    await expect.poll(() => embedding.frames().some((f) => f.url().startsWith(widgetUrl)), { timeout: 10_000 }).toBe(true);
    const widget = embedding.frames().find((f) => f.url().startsWith(widgetUrl)) as Frame;
    const counter = () => widget.getByTestId("counter-value").getAttribute("data-value");
    const wallTotal = async () => (await trimmedText(wall.getByTestId("wall-total")))?.replace(new RegExp(GROUP, "g"), "");
    await expect.poll(() => wall.title(), { timeout: 10_000 }).toContain(NAME);
    await expect.poll(wallTotal, { timeout: 10_000 }).toBe("0");
    await expect.poll(counter, { timeout: 10_000 }).toBe("0");
    await ingest(ctx.node.url, INGEST_TOKEN, posts(7), ID);
    await expect.poll(wallTotal, { timeout: 10_000 }).toBe("7");
    await expect.poll(counter, { timeout: 10_000 }).toBe("7");

    // A recount runs to its end: the bar full, every stored post read, the counts as they were (same definition).
    await row.getByRole("button", { name: `Recount ${NAME}` }).click();
    const recount = row.getByTestId("campaign-recount");
    await expect.poll(() => recount.getAttribute("data-state"), { timeout: 10_000 }).toBe("done");
    const bar = recount.locator("progress");
    expect([await bar.getAttribute("value"), await bar.getAttribute("max")]).toEqual(["7", "7"]);
    await expect.poll(wallTotal, { timeout: 10_000 }).toBe("7");

    // Archived from the console: its open wall turns into the 404 page, and its pages answer 404.
    await row.getByRole("button", { name: `Archive ${NAME}` }).click();
    await expect.poll(() => row.getAttribute("data-group"), { timeout: 10_000 }).toBe("archived");
    await expect.poll(() => trimmedText(wall.locator("main.not-found h1")), { timeout: 10_000 }).toBe("Page not found");
    expect((await wall.reload())?.status()).toBe(404);
    for (const path of [`/c/${ID}/`, `/c/${ID}/embed/counter`]) expect([path, (await wall.goto(`${ctx.node.url}${path}`))?.status()]).toEqual([path, 404]);
    expect((await fetch(`${ctx.node.url}${endpointPath("campaignById", { params: { id: ID } })}`)).status).toBe(404);
    // Unarchived, it is back.
    await row.getByRole("button", { name: `Unarchive ${NAME}` }).click();
    await expect.poll(() => row.getAttribute("data-group"), { timeout: 10_000 }).toBe("live");
    expect((await wall.goto(`${ctx.node.url}/c/${ID}/wall?rotate=0`))?.status()).toBe(200);

    expect(problems).toEqual([]);
    expect(wallProblems.filter((p) => !/status of 404/.test(p))).toEqual([]);
    await context.close();
  });
});
