// Callbacks passed to page.evaluate run in the browser and use its globals.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { campaignDayAt, ingest, normalizedPost, readSnapshot, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const STAFF_TOKEN = "staff-browser-test-token-0123456789";
const INGEST_TOKEN = "staff-browser-ingest-token";
const VIEWPORT = { width: 1440, height: 1000 };

function post(id: string, text: string, author = `author-${id}`, extra: Record<string, unknown> = {}) {
  return normalizedPost({
    id,
    createdAt: campaignDayAt(10, 0),
    text,
    author: { id: author, handle: author, name: `Name ${author}` },
    ...extra,
  });
}

/**
 * Console errors and uncaught exceptions of a page. Chromium logs every 4xx fetch as a console error; the
 * 401s the console expects (the session check before login, a wrong token, an expired session) are the
 * protocol working, so only those are let through.
 */
const watchErrors = (page: Page) => watchPageErrors(page, /Failed to load resource: the server responded with a status of 401/);

const text = (page: Page, testId: string) => trimmedText(page.getByTestId(testId).first());
const wallText = (wall: Page) => wall.getByTestId("wall").textContent().then((t) => t ?? "");

async function logIn(page: Page, url: string, token: string, name = "Zoé"): Promise<void> {
  await page.goto(url);
  await page.getByTestId("staff-token").fill(token);
  await page.getByTestId("staff-name").fill(name);
  await page.getByTestId("staff-login").click();
}

describe("the staff console in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN, STAFF_TOKEN, TICK_MS: "100" });

  it("refuses a wrong token with a visible error and sets no cookie", async () => {
    const context = await ctx.browser.newContext({ viewport: VIEWPORT, locale: "en-GB" });
    const page = await context.newPage();
    const problems = watchErrors(page);
    await logIn(page, `${ctx.node.url}/staff?lang=en`, "not-the-token");
    await expect.poll(() => text(page, "staff-login-error")).toBe("Wrong token: check it and try again.");
    expect(await page.getByTestId("staff-console").count()).toBe(0);
    expect(await context.cookies()).toEqual([]);
    // The token field is emptied and focused for another try.
    expect(await page.getByTestId("staff-token").inputValue()).toBe("");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("staff-token");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("moderates live with a wall open: hide, block, pin, approve and hide from the queue by keyboard", async () => {
    await ingest(ctx.node.url, INGEST_TOKEN, [
      post("s-1", "Premier message s-1 #VotreJob"),
      post("s-2", "Deuxième message s-2 #VotreJob"),
      post("s-3", "Troisième message s-3 #VotreJob"),
      post("t-1", "Message du troll t-1 #VotreJob", "troll"),
      post("t-2", "Autre message du troll t-2 #VotreJob", "troll"),
    ]);
    const context = await ctx.browser.newContext({ viewport: VIEWPORT, locale: "fr-FR" });
    const staff = await context.newPage();
    const wall = await context.newPage();
    const staffProblems = watchErrors(staff);
    const wallProblems = watchErrors(wall);

    await wall.goto(`${ctx.node.url}/wall?scenes=feed&rotate=0`);
    await expect.poll(() => text(wall, "wall-total"), { timeout: 10_000 }).toBe("5");
    for (const id of ["s-1", "s-2", "s-3", "t-1", "t-2"]) await expect.poll(() => wallText(wall)).toContain(` ${id} `);

    await logIn(staff, `${ctx.node.url}/staff`, STAFF_TOKEN, "Zoé");
    await expect.poll(() => staff.getByTestId("staff-console").count(), { timeout: 10_000 }).toBe(1);
    expect(await text(staff, "staff-who")).toContain("Zoé");
    const cookie = (await context.cookies()).find((c) => c.name === "pulse_staff");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    const live = (id: string) => staff.locator(`[data-testid=staff-live-item][data-post="other:${id}"]`);
    await expect.poll(() => live("s-1").count(), { timeout: 10_000 }).toBe(1);

    // Hide: the post leaves the wall, the total stays.
    await live("s-1").getByTestId("staff-hide").click();
    // The console says what it did (a success notice stays 4 s).
    await expect.poll(() => text(staff, "staff-status")).toContain("@author-s-1 (Name author-s-1)");
    await expect.poll(() => wallText(wall), { timeout: 5_000 }).not.toContain(" s-1 ");
    expect(await text(wall, "wall-total")).toBe("5");
    await expect.poll(() => staff.locator('[data-testid=staff-hidden-item][data-post="other:s-1"]').count()).toBe(1);
    // The feed holds still while the pointer is on it: the hidden post leaves it once the pointer does.
    await staff.mouse.move(5, 5);
    await expect.poll(() => live("s-1").count()).toBe(0);

    // Block an author: both of their posts leave, the total stays.
    await live("t-1").getByTestId("staff-block").click();
    await expect.poll(() => wallText(wall), { timeout: 5_000 }).not.toContain(" t-1 ");
    expect(await wallText(wall)).not.toContain(" t-2 ");
    expect(await text(wall, "wall-total")).toBe("5");
    await expect.poll(() => staff.locator('[data-testid=staff-blocked-item][data-author="other:troll"]').count()).toBe(1);

    // Pin: the pinned post becomes the wall's highlight.
    await live("s-2").getByTestId("staff-pin").click();
    await expect.poll(() => wall.getByTestId("wall-highlight").getAttribute("data-post"), { timeout: 5_000 }).toBe("other:s-2");
    await expect.poll(() => staff.locator('[data-testid=staff-pinned-item][data-post="other:s-2"]').count()).toBe(1);
    expect(await live("s-2").getByTestId("staff-pin").getAttribute("aria-pressed")).toBe("true");

    // Approve mode: new posts wait in the queue and stay off the wall.
    await staff.getByTestId("staff-tab-queue").click();
    expect(new URL(staff.url()).searchParams.get("view")).toBe("queue");
    await staff.getByTestId("staff-mode-approve").click();
    await expect.poll(() => staff.getByTestId("staff-mode").getAttribute("data-mode")).toBe("approve");
    await ingest(ctx.node.url, INGEST_TOKEN, [post("q-1", "En attente q-1 #VotreJob"), post("q-2", "En attente q-2 #VotreJob")]);
    const queued = staff.getByTestId("staff-queue-item");
    await expect.poll(() => queued.count(), { timeout: 6_000 }).toBe(2);
    await expect.poll(() => text(wall, "wall-total")).toBe("7");
    expect(await wallText(wall)).not.toContain(" q-1 ");
    expect(await staff.getByTestId("staff-queue-list").getAttribute("aria-keyshortcuts")).toBe("a h j k");

    // j and k move the selection, which has visible focus.
    const selected = () => staff.locator("[data-testid=staff-queue-item][data-selected=true]").getAttribute("data-key");
    await expect.poll(selected).toBe("other:q-1");
    await staff.keyboard.press("j");
    await expect.poll(selected).toBe("other:q-2");
    await expect.poll(() => staff.evaluate(() => document.activeElement?.getAttribute("data-key"))).toBe("other:q-2");
    const outline = await staff.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe("solid");
    await staff.keyboard.press("k");
    await expect.poll(selected).toBe("other:q-1");

    // a approves the selected post: it reaches the wall, and the next post is selected.
    await staff.keyboard.press("a");
    await expect.poll(() => wallText(wall), { timeout: 5_000 }).toContain(" q-1 ");
    await expect.poll(selected).toBe("other:q-2");
    // h hides it: it leaves the queue and never reaches the wall.
    await staff.keyboard.press("h");
    await expect.poll(() => queued.count(), { timeout: 6_000 }).toBe(0);
    await staff.waitForTimeout(500);
    expect(await wallText(wall)).not.toContain(" q-2 ");
    expect(await text(wall, "wall-total")).toBe("7");

    // The audit log names who did it.
    await staff.getByTestId("staff-tab-audit").click();
    const entries = staff.getByTestId("staff-audit-entry");
    await expect.poll(() => entries.count(), { timeout: 6_000 }).toBeGreaterThanOrEqual(6);
    const actions = await entries.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
    expect(actions.slice(0, 6)).toEqual(["hide", "approve", "setMode", "pin", "block", "hide"]);
    expect(await entries.first().textContent()).toContain("staff:session:Zoé");

    // Back to auto for the tests after this one.
    await staff.getByTestId("staff-tab-queue").click();
    await staff.getByTestId("staff-mode-auto").click();
    await expect.poll(() => staff.getByTestId("staff-mode").getAttribute("data-mode")).toBe("auto");

    expect(staffProblems).toEqual([]);
    expect(wallProblems).toEqual([]);
    await context.close();
  });

  it("holds the live feed still under the pointer or focus, names people in the log and the blocked list, and asks about held posts", async () => {
    const person = (id: string, text: string, handle: string, name: string) => post(id, text, handle, { author: { id: `${handle}-id`, handle, name } });
    await ingest(ctx.node.url, INGEST_TOKEN, [
      person("h-1", "Première offre h-1 #VotreJob", "jeanne_d", "Jeanne Dupont"),
      person("h-2", "Deuxième offre h-2 #VotreJob", "paul_m", "Paul Martin"),
      person("h-3", "Spam spam spam h-3 #VotreJob", "spammeur", "Le Spammeur"),
    ]);
    const context = await ctx.browser.newContext({ viewport: VIEWPORT, locale: "fr-FR" });
    const staff = await context.newPage();
    const problems = watchErrors(staff);
    await logIn(staff, `${ctx.node.url}/staff`, STAFF_TOKEN, "Zoé");
    const items = staff.getByTestId("staff-live-item");
    const live = (id: string) => staff.locator(`[data-testid=staff-live-item][data-post="other:${id}"]`);
    await expect.poll(() => live("h-3").count(), { timeout: 10_000 }).toBe(1);
    const paused = staff.getByTestId("staff-live-paused");
    expect(await paused.getAttribute("aria-live")).toBe("polite");
    // The login button was where the feed now is: the pointer moves off it first.
    await staff.mouse.move(5, 5);
    await expect.poll(() => paused.getAttribute("data-paused")).toBe("false");

    // The pointer rests on the second post: new posts come, nothing under it moves.
    await items.nth(1).hover();
    const under = await items.nth(1).getAttribute("data-post");
    await expect.poll(() => paused.getAttribute("data-paused")).toBe("true");
    const box = await items.nth(1).boundingBox();
    await ingest(ctx.node.url, INGEST_TOKEN, [
      person("h-4", "Nouvelle h-4 #VotreJob", "nouveau", "Nouveau"),
      person("h-5", "Nouvelle h-5 #VotreJob", "nouveau", "Nouveau"),
    ]);
    await expect.poll(() => text(staff, "staff-live-paused"), { timeout: 5_000 }).toBe("En pause — 2 nouvelles publications");
    // Longer than the 1.5 s in which the post under a still pointer used to change.
    await staff.waitForTimeout(2_000);
    expect(await items.nth(1).getAttribute("data-post")).toBe(under);
    expect(await items.nth(1).boundingBox()).toEqual(box);
    expect(await live("h-5").count()).toBe(0);
    // So the pin lands on the post under the pointer.
    await items.nth(1).getByTestId("staff-pin").click();
    await expect.poll(() => staff.locator(`[data-testid=staff-pinned-item][data-post="${under}"]`).count()).toBe(1);
    // The pointer leaves: the waiting posts come in.
    await staff.mouse.move(5, 5);
    await expect.poll(() => live("h-5").count()).toBe(1);
    expect(await paused.getAttribute("data-paused")).toBe("false");
    expect(await text(staff, "staff-live-paused")).toBe("");

    // Keyboard focus holds it too, until focus leaves the list.
    await staff.keyboard.press("Shift");
    await live("h-5").getByTestId("staff-hide").focus();
    await expect.poll(() => paused.getAttribute("data-paused")).toBe("true");
    await ingest(ctx.node.url, INGEST_TOKEN, [person("h-6", "Nouvelle h-6 #VotreJob", "nouveau", "Nouveau")]);
    await expect.poll(() => paused.getAttribute("data-waiting")).toBe("1");
    expect(await live("h-6").count()).toBe(0);
    await staff.getByTestId("staff-tab-moderation").focus();
    await expect.poll(() => live("h-6").count()).toBe(1);

    // Hide and block: the notices, the blocked list and the log speak of people and posts, not ids.
    await live("h-3").getByTestId("staff-hide").click();
    await expect.poll(() => text(staff, "staff-status")).toBe("Publication de @spammeur (Le Spammeur) masquée : « Spam spam spam h-3 #VotreJob ».");
    await staff.mouse.move(5, 5);
    await live("h-2").getByTestId("staff-block").click();
    const blocked = staff.locator('[data-testid=staff-blocked-item][data-author="other:paul_m-id"]');
    await expect.poll(() => blocked.count(), { timeout: 6_000 }).toBe(1);
    expect(await trimmedText(blocked.getByTestId("staff-blocked-who"))).toBe("Paul Martin @paul_m Autre");
    expect(await blocked.textContent()).toContain("Deuxième offre h-2 #VotreJob");
    expect(await blocked.textContent()).not.toContain("paul_m-id");

    await staff.getByTestId("staff-tab-audit").click();
    const subjects = staff.getByTestId("staff-audit-subject");
    await expect.poll(() => subjects.count(), { timeout: 6_000 }).toBeGreaterThanOrEqual(3);
    const lines = await subjects.evaluateAll((cells) => cells.slice(0, 3).map((cell) => cell.textContent));
    expect(lines).toEqual([
      "@paul_m (Paul Martin)Deuxième offre h-2 #VotreJob",
      "@spammeur (Le Spammeur)Spam spam spam h-3 #VotreJob",
      // The pin, on the post that was under the pointer.
      { "other:h-1": "@jeanne_d (Jeanne Dupont)Première offre h-1 #VotreJob", "other:h-2": "@paul_m (Paul Martin)Deuxième offre h-2 #VotreJob" }[
        under as string
      ],
    ]);
    expect(await staff.getByTestId("staff-audit").textContent()).not.toMatch(/Masquer\s*other:h-3/);

    // Leaving approve mode asks what to do with the held posts: keep them, then release them.
    await staff.getByTestId("staff-tab-queue").click();
    await staff.getByTestId("staff-mode-approve").click();
    await expect.poll(() => staff.getByTestId("staff-mode").getAttribute("data-mode")).toBe("approve");
    await ingest(ctx.node.url, INGEST_TOKEN, [person("k-1", "Gardée k-1 #VotreJob", "garde", "Garde")]);
    await expect.poll(() => staff.getByTestId("staff-queue-item").count(), { timeout: 6_000 }).toBe(1);
    const dialog = staff.getByTestId("staff-leave-approve");
    await staff.getByTestId("staff-mode-auto").click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain("1 publication attend dans la file.");
    await staff.getByTestId("staff-leave-keep").click();
    await expect.poll(() => staff.getByTestId("staff-mode").getAttribute("data-mode")).toBe("auto");
    expect(await dialog.isVisible()).toBe(false);
    expect(await staff.getByTestId("staff-queue-item").count()).toBe(1);
    const recent = async () => (await readSnapshot(ctx.node.url)).recent.map((p) => p.id);
    expect(await recent()).not.toContain("k-1");

    await staff.getByTestId("staff-mode-approve").click();
    await expect.poll(() => staff.getByTestId("staff-mode").getAttribute("data-mode")).toBe("approve");
    await ingest(ctx.node.url, INGEST_TOKEN, [person("r-1", "Libérée r-1 #VotreJob", "libre", "Libre")]);
    await expect.poll(() => staff.getByTestId("staff-queue-item").count(), { timeout: 6_000 }).toBe(2);
    await staff.getByTestId("staff-mode-auto").click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Escape, or "stay", changes nothing.
    await staff.keyboard.press("Escape");
    expect(await staff.getByTestId("staff-mode").getAttribute("data-mode")).toBe("approve");
    await staff.getByTestId("staff-mode-auto").click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await staff.getByTestId("staff-leave-release").click();
    await expect.poll(() => staff.getByTestId("staff-mode").getAttribute("data-mode")).toBe("auto");
    await expect.poll(recent, { timeout: 5_000 }).toEqual(expect.arrayContaining(["k-1", "r-1"]));
    await expect.poll(() => staff.getByTestId("staff-queue-item").count(), { timeout: 6_000 }).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows an organization's offers, saves its hires and charts them in the ROI", async () => {
    await ingest(ctx.node.url, INGEST_TOKEN, [
      post("axa-1", "Nous recrutons : CDI conseiller clientèle à Paris #VotreJob", "axa-id", {
        network: "x",
        author: { id: "axa-id", handle: "AXA_Recrute", name: "AXA Recrute" },
      }),
    ]);
    const page = await ctx.browser.newPage({ viewport: VIEWPORT, locale: "en-GB" });
    const problems = watchErrors(page);
    await logIn(page, `${ctx.node.url}/staff?lang=en&view=organizations`, STAFF_TOKEN, "Sam");
    const row = page.locator("[data-testid=staff-org-row][data-org=axa]");
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByRole("link").click();
    expect(new URL(page.url()).searchParams.get("org")).toBe("axa");
    await expect.poll(() => text(page, "staff-org-offers"), { timeout: 10_000 }).toBe("1");
    await page.getByTestId("staff-hires-input").fill("12");
    await page.getByTestId("staff-hires-save").click();
    await expect.poll(() => text(page, "staff-org-hires")).toBe("12");
    // A value the API would refuse is caught in the form, with a message.
    await page.getByTestId("staff-hires-input").fill("-3");
    await page.getByTestId("staff-hires-save").click();
    await expect.poll(() => page.getByTestId("staff-hires-input").getAttribute("aria-invalid")).toBe("true");

    await page.getByTestId("staff-tab-roi").click();
    await expect.poll(() => text(page, "staff-roi-hires"), { timeout: 10_000 }).toBe("12");
    expect(await text(page, "staff-roi-offers")).toBe("1");
    expect(await page.locator("[data-testid=staff-roi-organizations] tr[data-org=axa]").textContent()).toMatch(/Axa.*1.*12/);
    expect(await page.locator("[data-testid=staff-roi-countries] tr[data-country=FR]").count()).toBe(1);
    // The chart draws a bar for each measure.
    await expect.poll(() => page.locator(".staff-bar--hires .recharts-rectangle").count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("downloads both CSV exports with their header rows, and opens the printable report", async () => {
    const context = await ctx.browser.newContext({ viewport: VIEWPORT, locale: "fr-FR", acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchErrors(page);
    await logIn(page, `${ctx.node.url}/staff?view=exports`, STAFF_TOKEN);
    await expect.poll(() => page.getByTestId("staff-export-posts").count(), { timeout: 10_000 }).toBe(1);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("staff-export-posts").click()]);
    expect(download.suggestedFilename()).toMatch(/-posts-\d{8}-\d{4}\.csv$/);
    const posts = await readFile((await download.path())!, "utf8");
    expect(posts.split("\n")[0]).toBe(
      "network,id,created_at,author_handle,author_id,author_name,country,organization_id,organization_name,kind,moderation_state,pinned,job_offer,lang,text",
    );
    expect(posts).toMatch(/^other,s-1,.*,hidden,false,/m);

    // The same links fetched with the page's cookies.
    for (const [testId, header] of [
      ["staff-export-aggregates", "section,minute_utc,t,country,organization_id,organization_name,posts,offers,mentions,retweets_of_its_posts,engagement,hires"],
      ["staff-export-posts-excel", "\ufeffnetwork,id,created_at"],
    ] as const) {
      const href = await page.getByTestId(testId).getAttribute("href");
      const res = await page.request.get(new URL(href!, ctx.node.url).toString());
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toMatch(/^text\/csv/);
      const body = await res.text();
      expect(body.startsWith(header), testId).toBe(true);
    }

    await page.getByTestId("staff-open-report").click();
    const report = page.getByTestId("staff-report");
    await expect.poll(() => report.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("view")).toBe("report");
    await expect.poll(() => report.textContent(), { timeout: 10_000 }).toContain("Axa");
    // The report carries the campaign's own day, in its zone, not the day it is made.
    await expect.poll(() => text(page, "staff-report-dates")).toBe("mardi 24 février 2015");
    // In print, only the report shows, on white.
    await page.emulateMedia({ media: "print" });
    expect(await page.getByTestId("staff-print").isVisible()).toBe(false);
    expect(await page.getByTestId("staff-tab-queue").isVisible()).toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(255, 255, 255)");
    await page.emulateMedia({ media: "screen" });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("goes back to the login form with 'session expired' when a request answers 401, and logs out", async () => {
    const context = await ctx.browser.newContext({ viewport: VIEWPORT, locale: "en-GB" });
    const page = await context.newPage();
    const problems = watchErrors(page);
    await logIn(page, `${ctx.node.url}/staff?lang=en`, STAFF_TOKEN);
    await expect.poll(() => page.getByTestId("staff-console").count(), { timeout: 10_000 }).toBe(1);
    // The sources view polls /healthz and the ingest tokens; a 401 from either, or from the click below, ends the session.
    await page.getByTestId("staff-tab-sources").click();
    await context.clearCookies();
    await page.getByTestId("staff-tab-audit").click();
    await expect.poll(() => text(page, "staff-login-notice"), { timeout: 10_000 }).toBe("Session expired — log in again.");

    await page.getByTestId("staff-token").fill(STAFF_TOKEN);
    await page.getByTestId("staff-login").click();
    await expect.poll(() => page.getByTestId("staff-console").count()).toBe(1);
    await page.getByTestId("staff-logout").click();
    await expect.poll(() => text(page, "staff-login-notice")).toBe("You are logged out.");
    expect((await context.cookies()).filter((c) => c.name === "pulse_staff")).toEqual([]);
    // A reload shows the form again: the session is gone.
    await page.reload();
    await expect.poll(() => page.getByTestId("staff-token").count(), { timeout: 10_000 }).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
