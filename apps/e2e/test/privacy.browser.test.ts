import { describe, expect, it } from "vitest";
import { endpointPath } from "@pulse/shared";
import { campaignDayAt, ingest, normalizedPost, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const INGEST_TOKEN = "privacy-browser-ingest-token";
const STAFF_TOKEN = "privacy-browser-staff-token-0123456789";

/** Two posts of the author to erase, and one of someone else. */
const POSTS = [
  normalizedPost({ id: "pv1", createdAt: campaignDayAt(10, 1), text: "Premier #VotreJob", author: { id: "erase-me", handle: "EraseMe", name: "Erase Me" } }),
  normalizedPost({ id: "pv2", createdAt: campaignDayAt(10, 2), text: "Second #VotreJob", author: { id: "erase-me", handle: "EraseMe", name: "Erase Me" } }),
  normalizedPost({ id: "pv3", createdAt: campaignDayAt(10, 3), text: "Autre #VotreJob", author: { id: "stays", handle: "Stays" } }),
];

describe("the staff console's Privacy view in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN, STAFF_TOKEN, TICK_MS: "100" });

  it("erases an author by handle after a confirmation, says how many posts went, and the dashboard drops them", async () => {
    await ingest(ctx.node.url, INGEST_TOKEN, POSTS);
    const context = await ctx.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "en-GB" });
    const login = await context.request.post(`${ctx.node.url}${endpointPath("staffLogin")}`, { data: { token: STAFF_TOKEN, name: "Zoé" } });
    expect(login.ok()).toBe(true);
    const dashboard = await context.newPage();
    await dashboard.goto(`${ctx.node.url}/?lang=en`);
    await expect.poll(() => dashboard.getByTestId("feed-item").count(), { timeout: 10_000 }).toBe(3);

    const page = await context.newPage();
    const problems = watchPageErrors(page);
    await page.goto(`${ctx.node.url}/staff?view=moderation&lang=en`);
    await page.getByTestId("staff-tab-privacy").click();
    await page.getByTestId("staff-privacy-network").selectOption("other");
    await page.getByTestId("staff-privacy-by").selectOption("handle");
    await page.getByTestId("staff-privacy-value").fill("@eraseme");
    await page.getByTestId("staff-privacy-erase").click();
    // Nothing is erased before the confirmation, which names who.
    expect(await trimmedText(page.getByTestId("staff-privacy-confirm"))).toContain("@eraseme · Other");
    expect((await (await context.request.get(`${ctx.node.url}${endpointPath("snapshot")}`)).json()).totals.posts).toBe(3);
    await page.getByTestId("staff-privacy-confirm-yes").click();
    await expect.poll(() => trimmedText(page.getByTestId("staff-privacy-result")), { timeout: 10_000 }).toMatch(/^2 posts erased · log reference sha256:[0-9a-f]{16}/);
    expect(await page.getByTestId("staff-privacy-confirm").count()).toBe(0);

    // The dashboard drops them live.
    await expect.poll(() => dashboard.getByTestId("feed-item").count(), { timeout: 10_000 }).toBe(1);
    expect(await dashboard.getByTestId("feed-item").first().textContent()).toContain("Autre");
    // The audit log shows the act, not who.
    await page.getByTestId("staff-tab-audit").click();
    await expect.poll(() => trimmedText(page.getByTestId("staff-audit")), { timeout: 10_000 }).toContain("2 posts erased");
    expect(await trimmedText(page.getByTestId("staff-audit"))).not.toMatch(/EraseMe|Erase Me|Premier/i);
    expect(problems).toEqual([]);
    await context.close();
  });
});
