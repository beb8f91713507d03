/**
 * The organization widget (`/embed/organization?org=<id>`) in a real Chromium against a real node: inserted by
 * `/embed.js` with `data-org` on a partner page of another origin, its posts, detected job offers and mentions move
 * as posts are ingested, its latest posts show with `feed=on`, an unknown or missing org says so, the campaign's
 * brand shows only where it keeps its contrast, a second campaign's organization is served at its own path, and
 * the staff organization page copies the snippet.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInCampaign, endpointPath, type Campaign } from "@pulse/shared";
import { campaignDayAt, ingest, normalizedPost, readSnapshot, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const TOKEN = "org-embed-test-token";
const STAFF_TOKEN = "org-embed-staff-token-0123456789";
/** Orange's X handle in the built-in campaign (European Jobs Day 2015). */
const ORANGE_X = "OrangeRecrute";
let serial = 0;

/** A second campaign, created through the staff API, with one organization and a green brand. */
const SALON: Campaign = {
  ...builtInCampaign,
  id: "salon-2027",
  name: "Salon 2027",
  hashtags: [{ tag: "Salon2027", country: "FR" }],
  brand: { primary: "#2e7d32" },
  organizations: [{ id: "ferme-bio", name: "Ferme Bio du Perche", country: "FR", kind: "company", sector: "Agriculture", handles: { x: "fermebioperche" } }],
};

/** A post on X by `handle`; `mentions` are the handles it names (also written in its text, as X does). */
function xPost(handle: string, text: string, mentions: string[] = []) {
  serial += 1;
  return normalizedPost({
    network: "x",
    id: `org-embed-${serial}`,
    createdAt: campaignDayAt(10, serial % 60),
    text,
    author: { id: `org-embed-author-${handle}`, handle, name: handle },
    mentions: mentions.map((m) => m.toLowerCase()),
    country: "FR",
  });
}

/** A partner site on another origin: Orange's widget with its latest posts, an unknown org, and no org at all. */
async function startPartner(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://partner");
    const pulse = url.searchParams.get("pulse") ?? "";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner news</title>
<style>body{margin:0;font-family:serif;background:#fdf6e8} main{width:420px;padding:16px}</style>
</head><body><main>
<h1>Orange at the Jobs Day</h1>
<div id="orange-slot"><script async src="${pulse}/embed.js" data-org="orange" data-feed="on" data-limit="2" data-lang="en"></script></div>
<div id="unknown-slot"><script async src="${pulse}/embed.js" data-widget="organization" data-org="no-such-org" data-lang="en" data-theme="dark"></script></div>
<div id="missing-slot"><script async src="${pulse}/embed.js" data-widget="organization" data-lang="fr"></script></div>
</main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The frame the loader put after the script of `slot`. */
async function slotFrame(page: Page, slot: string): Promise<Frame> {
  const handle = await page.waitForSelector(`#${slot} iframe`, { timeout: 10_000 });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`no frame in #${slot}`);
  return frame;
}

const value = (frame: Frame | Page, figure: "posts" | "offers" | "mentions") => frame.getByTestId(`org-${figure}`).getAttribute("data-value");
const postTexts = (frame: Frame | Page) => frame.getByTestId("org-post").locator(".org-post__text").allTextContents();

describe("the organization widget in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, STAFF_TOKEN, TICK_MS: "100" });
  let partner: { origin: string; server: Server };

  beforeAll(async () => {
    partner = await startPartner();
  });
  afterAll(async () => {
    await new Promise((resolve) => partner?.server.close(resolve));
  });

  it("shows an organization's posts live on another origin, with its latest ones, and says so for an unknown or missing org", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 800, height: 1400 }, locale: "en-GB" });
    const problems = watchPageErrors(page);
    await page.goto(`${partner.origin}/?pulse=${encodeURIComponent(ctx.node.url)}`);

    const orange = await slotFrame(page, "orange-slot");
    expect(orange.url()).toMatch(new RegExp(`^${ctx.node.url}/embed/organization\\?lang=en&limit=2&org=orange&feed=on&frame=pulse-`));
    await expect.poll(() => orange.getByTestId("embed-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("live");
    await expect.poll(() => trimmedText(orange.getByTestId("org-name"))).toBe("Orange");
    expect(await trimmedText(orange.getByTestId("org-about"))).toBe("France · telecommunications");
    await expect.poll(() => value(orange, "posts")).toBe("0");
    await expect.poll(() => value(orange, "offers")).toBe("0");
    expect(await value(orange, "mentions")).toBe("0");
    expect(await trimmedText(orange.getByTestId("org-no-recent"))).toBe("No recent posts.");

    // Orange posts twice (a job offer, then news), and others mention it; someone else's post is not Orange's.
    await ingest(ctx.node.url, TOKEN, [
      xPost(ORANGE_X, "Nous recrutons ! Technicien réseau H/F en CDI à Lyon, postulez avant vendredi #VotreJob"),
      xPost("someone_else", "Belle journée au salon #VotreJob"),
      xPost("fan1", `Merci @${ORANGE_X} pour l'accueil #VotreJob`, [ORANGE_X]),
      xPost("fan2", `Rencontre avec @${ORANGE_X} ce matin #VotreJob`, [ORANGE_X]),
    ]);
    await expect.poll(() => value(orange, "posts"), { timeout: 10_000 }).toBe("1");
    // Its post is a job offer; two others name its handle.
    await expect.poll(() => value(orange, "offers")).toBe("1");
    await expect.poll(() => value(orange, "mentions")).toBe("2");
    expect(await trimmedText(orange.getByTestId("org-offers"))).toBe("1");
    await expect.poll(() => postTexts(orange)).toEqual(["Nous recrutons ! Technicien réseau H/F en CDI à Lyon, postulez avant vendredi #VotreJob"]);
    await ingest(ctx.node.url, TOKEN, [xPost(ORANGE_X, "Notre stand ouvre à 10 h, venez nous voir #VotreJob"), xPost(ORANGE_X, "Merci à tous ! #VotreJob")]);
    await expect.poll(() => value(orange, "posts"), { timeout: 10_000 }).toBe("3");
    // The newest two (limit 2), newest first; the frame grows to fit them.
    await expect.poll(() => postTexts(orange)).toEqual(["Merci à tous ! #VotreJob", "Notre stand ouvre à 10 h, venez nous voir #VotreJob"]);
    const frameHeight = () => page.evaluate(() => document.querySelector("#orange-slot iframe")?.getBoundingClientRect().height);
    const contentHeight = () => orange.evaluate(() => Math.ceil(document.getElementById("embed")?.getBoundingClientRect().height ?? -1));
    await expect.poll(async () => (await frameHeight()) === (await contentHeight()), { timeout: 5_000 }).toBe(true);

    const unknown = await slotFrame(page, "unknown-slot");
    await expect.poll(() => unknown.getByTestId("org-message").getAttribute("data-reason"), { timeout: 10_000 }).toBe("unknown");
    expect(await trimmedText(unknown.getByTestId("org-message"))).toBe("Unknown organization: “no-such-org” does not take part in this campaign.");
    expect(await unknown.getByTestId("org-posts").isVisible()).toBe(false);
    const missing = await slotFrame(page, "missing-slot");
    await expect.poll(() => trimmedText(missing.getByTestId("org-message")), { timeout: 10_000 }).toBe(
      "Aucune organisation choisie : indiquez son identifiant dans data-org.",
    );
    // Both messages are real content: the frames are as tall as their cards, not blank.
    for (const frame of [unknown, missing]) {
      expect(await frame.evaluate(() => document.getElementById("embed")?.getBoundingClientRect().height)).toBeGreaterThan(80);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it("counts the organization's detected job offers and its mentions live, from the insights", async () => {
    const before = await readSnapshot(ctx.node.url);
    const page = await ctx.browser.newPage({ locale: "en-GB" });
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/embed/organization?org=orange&lang=en`);
    await expect.poll(() => value(page, "posts"), { timeout: 10_000 }).toBe(String(before.byOrganization.orange ?? 0));
    // The snapshot carries insights (an empty value would mean "—": none sent).
    await expect.poll(() => value(page, "offers")).toMatch(/^\d+$/);
    const offers = Number(await value(page, "offers"));
    const mentions = Number(await value(page, "mentions"));

    await ingest(ctx.node.url, TOKEN, [
      xPost(ORANGE_X, "Offre d'emploi : chef de projet (CDI), postulez sur https://orange.jobs/offre/42 #VotreJob"),
      xPost(ORANGE_X, "Quelle belle journée ! #VotreJob"),
      xPost("fan3", `@${ORANGE_X} vous recrutez des alternants ? #VotreJob`, [ORANGE_X]),
      // Orange naming itself is not a mention by others.
      xPost(ORANGE_X, `Suivez @${ORANGE_X} #VotreJob`, [ORANGE_X]),
    ]);
    await expect.poll(() => value(page, "offers"), { timeout: 10_000 }).toBe(String(offers + 1));
    await expect.poll(() => value(page, "mentions")).toBe(String(mentions + 1));
    expect(await value(page, "posts")).toBe(String((before.byOrganization.orange ?? 0) + 3));
    expect(problems).toEqual([]);
    await page.close();
  });

  it("fits 300 px with its latest posts, on a transparent page, in French by default", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 300, height: 700 }, locale: "fr-FR" });
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/embed/organization?org=orange&feed=on&limit=10`);
    await ingest(ctx.node.url, TOKEN, [1, 2, 3].map((i) => xPost(ORANGE_X, `Retour en images sur notre journée, épisode ${i} #VotreJob`)));
    await expect.poll(() => page.getByTestId("org-post").count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const looks = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      title: document.title,
      html: getComputedStyle(document.documentElement).backgroundColor,
      body: getComputedStyle(document.body).backgroundColor,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(looks).toEqual({ lang: "fr", title: "Pulse · Organisation", html: "rgba(0, 0, 0, 0)", body: "rgba(0, 0, 0, 0)", overflow: 0 });
    expect(await trimmedText(page.getByTestId("org-latest").locator("h2"))).toBe("Ses dernières publications");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws the campaign's brand only where it keeps its contrast, in both themes", async () => {
    // The built-in campaign's blue (#1d9bf0) is too pale on the light card: the widget's own accent shows there.
    const page = await ctx.browser.newPage({ locale: "en-GB" });
    const nameColor = () => page.getByTestId("org-name").evaluate((el) => getComputedStyle(el).color);
    await page.goto(`${ctx.node.url}/embed/organization?org=orange&theme=light`);
    await expect.poll(() => trimmedText(page.getByTestId("org-name")), { timeout: 10_000 }).toBe("Orange");
    expect(await nameColor()).toBe("rgb(10, 102, 194)");
    await page.goto(`${ctx.node.url}/embed/organization?org=orange&theme=dark`);
    await expect.poll(() => trimmedText(page.getByTestId("org-name")), { timeout: 10_000 }).toBe("Orange");
    expect(await nameColor()).toBe("rgb(29, 155, 240)");
    await page.close();
  });

  it("serves a campaign's organization at /c/<id>/embed/organization, with that campaign's brand and organizations", async () => {
    const created = await fetch(`${ctx.node.url}${endpointPath("createCampaign")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${STAFF_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(SALON),
    });
    expect(created.status, await created.text()).toBe(201);
    const page = await ctx.browser.newPage({ locale: "en-GB" });
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/c/${SALON.id}/embed/organization?org=ferme-bio&feed=on&lang=en`);
    await expect.poll(() => trimmedText(page.getByTestId("org-name")), { timeout: 10_000 }).toBe("Ferme Bio du Perche");
    // Its green keeps 4.5:1 on the light card, so it shows there (the dark card gets the widget's own accent).
    expect(await page.getByTestId("org-name").evaluate((el) => getComputedStyle(el).color)).toBe("rgb(46, 125, 50)");
    await ingest(ctx.node.url, TOKEN, [{ ...xPost("fermebioperche", "On recrute un saisonnier pour la récolte #Salon2027"), hashtags: ["salon2027"] }], SALON.id);
    await expect.poll(() => value(page, "posts"), { timeout: 10_000 }).toBe("1");
    await expect.poll(() => postTexts(page)).toEqual(["On recrute un saisonnier pour la récolte #Salon2027"]);
    await page.goto(`${ctx.node.url}/c/${SALON.id}/embed/organization?org=ferme-bio&theme=dark`);
    await expect.poll(() => trimmedText(page.getByTestId("org-name")), { timeout: 10_000 }).toBe("Ferme Bio du Perche");
    expect(await page.getByTestId("org-name").evaluate((el) => getComputedStyle(el).color)).toBe("rgb(92, 200, 255)");
    // Orange belongs to the default campaign, not to this one.
    await page.goto(`${ctx.node.url}/c/${SALON.id}/embed/organization?org=orange&lang=en`);
    await expect.poll(() => page.getByTestId("org-message").getAttribute("data-reason"), { timeout: 10_000 }).toBe("unknown");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("gives the embed snippet on the organization's staff page, ready to copy", async () => {
    const context = await ctx.browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ctx.node.url });
    const page = await context.newPage();
    const problems = watchPageErrors(page, /Failed to load resource: the server responded with a status of 401/);
    await page.goto(`${ctx.node.url}/staff?lang=en&view=organizations&org=orange`);
    await page.getByTestId("staff-token").fill(STAFF_TOKEN);
    await page.getByTestId("staff-name").fill("Sam");
    await page.getByTestId("staff-login").click();
    const code = page.getByTestId("staff-org-embed-code");
    await expect.poll(() => code.inputValue(), { timeout: 10_000 }).toBe(
      `<script async src="${ctx.node.url}/embed.js" data-widget="organization" data-org="orange"></script>`,
    );
    await page.getByTestId("staff-org-embed-feed").check();
    const withFeed = `<script async src="${ctx.node.url}/embed.js" data-widget="organization" data-org="orange" data-feed="on"></script>`;
    expect(await code.inputValue()).toBe(withFeed);
    await page.getByTestId("staff-org-embed-copy").click();
    await expect.poll(() => trimmedText(page.getByTestId("staff-org-embed-copied"))).toBe("Snippet copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(withFeed);
    expect(problems).toEqual([]);
    await context.close();
  });
});
