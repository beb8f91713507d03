// Callbacks passed to page.evaluate run in the browser and use its globals.
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { campaignDayAt, normalizedPost, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const STAFF_TOKEN = "tokens-browser-staff-token-0123456789";
const INGEST_TOKEN = "tokens-browser-ingest-token";
const VIEWPORT = { width: 1440, height: 1000 };
const PASSWORD = "a long viewer password";

/** The session check before login and the ingest with the revoked token are 401s: the protocol working. */
const watchErrors = (page: Page) => watchPageErrors(page, /Failed to load resource: the server responded with a status of 401/);

async function newPage(browser: Browser): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: "en-GB" });
  const page = await context.newPage();
  return { page, problems: watchErrors(page), close: () => context.close() };
}

/** POSTs one post to /api/ingest from the page with `secret`, as a partner's script would; answers the status. */
function ingestFromPage(page: Page, secret: string, id: string): Promise<number> {
  const post = normalizedPost({ id, createdAt: campaignDayAt(10, 0), text: `Un message ${id} #VotreJob`, author: { id: "tok-a", handle: "toka" } });
  return page.evaluate(
    async ({ secret, post }) => {
      const res = await fetch("/api/ingest", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${secret}` }, body: JSON.stringify([post]) });
      return res.status;
    },
    { secret, post },
  );
}

describe("ingest tokens in the console, in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN, STAFF_TOKEN, TICK_MS: "100" });

  it("creates a token whose secret shows once, sees its use, revokes it; a viewer sees the list only", async () => {
    const admin = await newPage(ctx.browser);
    await admin.page.goto(`${ctx.node.url}/staff?lang=en`);
    await admin.page.getByTestId("staff-token").fill(STAFF_TOKEN);
    await admin.page.getByTestId("staff-login").click();
    await admin.page.getByTestId("staff-tab-sources").click();
    await admin.page.getByTestId("staff-ingest-token-name").fill("Agence Lumen");
    await admin.page.getByTestId("staff-ingest-token-create").click();

    // The secret, once, with the warning and a copy button.
    const shown = admin.page.getByTestId("staff-ingest-token-secret");
    await shown.waitFor();
    expect(await trimmedText(shown.locator("p"))).toBe("Token Agence Lumen created. Copy it now: you will not see it again.");
    const secret = await admin.page.getByTestId("staff-ingest-token-secret-value").inputValue();
    expect(secret).toMatch(/^pulse_[A-Za-z0-9_-]{43}$/);
    await admin.page.getByTestId("staff-ingest-token-copy").click();
    await expect.poll(() => shown.locator(".staff-field__hint").count()).toBe(1);
    await admin.page.getByTestId("staff-ingest-token-secret-done").click();
    expect(await shown.count()).toBe(0);
    const row = admin.page.getByTestId("staff-ingest-token");
    await expect.poll(() => row.count()).toBe(1);
    expect(await trimmedText(row.getByTestId("staff-ingest-token-last-use"))).toBe("never");

    // Used by a partner's script: the Sources view shows its last use (the list is read every 5 s).
    expect(await ingestFromPage(admin.page, secret, "tok-1")).toBe(202);
    await expect.poll(() => trimmedText(row.getByTestId("staff-ingest-token-last-use")), { timeout: 15_000 }).not.toBe("never");
    // Never again in the page, even after a reload.
    await admin.page.reload();
    await admin.page.getByTestId("staff-ingest-token").waitFor();
    expect(await admin.page.content()).not.toContain(secret);

    // A viewer sees the token and its last use, without create or revoke.
    const created = await fetch(`${ctx.node.url}/api/staff/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${STAFF_TOKEN}` },
      body: JSON.stringify({ username: "vera", role: "viewer", password: PASSWORD }),
    });
    expect(created.status).toBe(201);
    const viewer = await newPage(ctx.browser);
    await viewer.page.goto(`${ctx.node.url}/staff?lang=en`);
    await viewer.page.getByTestId("staff-username").fill("vera");
    await viewer.page.getByTestId("staff-password").fill(PASSWORD);
    await viewer.page.getByTestId("staff-account-login").click();
    await viewer.page.getByTestId("staff-tab-sources").click();
    await viewer.page.getByTestId("staff-ingest-token").waitFor();
    expect(await trimmedText(viewer.page.getByTestId("staff-ingest-token").locator("th"))).toBe("Agence Lumen");
    expect(await trimmedText(viewer.page.getByTestId("staff-ingest-token-last-use"))).not.toBe("never");
    for (const id of ["staff-ingest-token-new", "staff-ingest-token-revoke"]) expect(await viewer.page.getByTestId(id).count(), id).toBe(0);

    // Revoked, after a confirmation: the partner's next request is refused.
    await admin.page.getByTestId("staff-ingest-token-revoke").click();
    await admin.page.getByTestId("staff-ingest-token-revoke-confirm").click();
    await expect.poll(() => admin.page.getByTestId("staff-ingest-token").count()).toBe(0);
    expect(await ingestFromPage(admin.page, secret, "tok-2")).toBe(401);
    expect(admin.problems).toEqual([]);
    expect(viewer.problems).toEqual([]);
    await admin.close();
    await viewer.close();
  });
});
