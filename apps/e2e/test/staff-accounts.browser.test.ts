// Callbacks passed to page.evaluate run in the browser and use its globals.
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { campaignDayAt, ingest, normalizedPost, trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

const STAFF_TOKEN = "accounts-browser-staff-token-0123456789";
const INGEST_TOKEN = "accounts-browser-ingest-token";
const VIEWPORT = { width: 1440, height: 1000 };
const PASSWORD = "a long viewer password";

/** The 401s (the session check before login, wrong passwords) and the 429 of a lockout are the protocol working. */
const watchErrors = (page: Page) => watchPageErrors(page, /Failed to load resource: the server responded with a status of (401|429)/);
const text = (page: Page, testId: string) => trimmedText(page.getByTestId(testId).first());

async function newPage(browser: Browser): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: "en-GB" });
  const page = await context.newPage();
  return { page, problems: watchErrors(page), close: () => context.close() };
}

async function passwordLogin(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId("staff-username").fill(username);
  await page.getByTestId("staff-password").fill(password);
  await page.getByTestId("staff-account-login").click();
}

describe("staff accounts in the console, in a real Chromium", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none", INGEST_TOKEN, STAFF_TOKEN, TICK_MS: "100" });

  it("lets the bootstrap admin create accounts; a viewer logs in with its password and sees no moderation control", async () => {
    await ingest(ctx.node.url, INGEST_TOKEN, [
      normalizedPost({ id: "acc-1", createdAt: campaignDayAt(10, 0), text: "Un message acc-1 #VotreJob", author: { id: "acc-a", handle: "acca" } }),
    ]);
    const admin = await newPage(ctx.browser);
    await admin.page.goto(`${ctx.node.url}/staff?lang=en`);
    await admin.page.getByTestId("staff-token").fill(STAFF_TOKEN);
    await admin.page.getByTestId("staff-login").click();
    await admin.page.getByTestId("staff-tab-accounts").click();
    for (const [username, role] of [
      ["vera", "viewer"],
      ["mo", "moderator"],
    ] as const) {
      await admin.page.getByTestId("staff-account-username").fill(username);
      await admin.page.getByTestId("staff-account-display-name").fill(`${username} display`);
      await admin.page.getByTestId("staff-account-new-role").selectOption(role);
      await admin.page.getByTestId("staff-account-password").fill(PASSWORD);
      await admin.page.getByTestId("staff-account-create").click();
      await expect.poll(() => admin.page.locator(`[data-testid="staff-account"][data-username="${username}"]`).count()).toBe(1);
    }
    expect(await admin.page.locator('[data-username="vera"] [data-testid="staff-account-role"]').inputValue()).toBe("viewer");
    expect(admin.problems).toEqual([]);

    const viewer = await newPage(ctx.browser);
    await passwordLogin(viewer.page, `${ctx.node.url}/staff?lang=en`, "vera", PASSWORD);
    await viewer.page.getByTestId("staff-console").waitFor();
    expect(await viewer.page.getByTestId("staff-who-role").getAttribute("data-role")).toBe("viewer");
    expect(await text(viewer.page, "staff-who-account")).toBe("vera");
    await expect.poll(() => viewer.page.getByTestId("staff-live-item").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Read only: no hide, pin or block buttons, no Accounts tab; the mode switch is disabled.
    for (const id of ["staff-hide", "staff-pin", "staff-block", "staff-tab-accounts"]) expect(await viewer.page.getByTestId(id).count(), id).toBe(0);
    await viewer.page.getByTestId("staff-tab-queue").click();
    await expect.poll(() => viewer.page.getByTestId("staff-mode-approve").isDisabled()).toBe(true);
    expect(await viewer.page.getByTestId("staff-mode").getAttribute("disabled")).toBe("");
    expect(viewer.problems).toEqual([]);

    // The admin disables the account: its console goes back to the login form at its next request.
    await admin.page.locator('[data-username="vera"] [data-testid="staff-account-toggle"]').click();
    await expect.poll(() => admin.page.locator('[data-testid="staff-account"][data-username="vera"]').getAttribute("data-disabled")).toBe("true");
    await viewer.page.getByTestId("staff-tab-audit").click();
    await viewer.page.getByTestId("staff-username").waitFor({ timeout: 15_000 });
    await admin.close();
    await viewer.close();
  });

  it("shows the lockout after repeated wrong passwords", async () => {
    const { page, problems, close } = await newPage(ctx.browser);
    await page.goto(`${ctx.node.url}/staff?lang=en`);
    for (let i = 1; i <= 4; i += 1) {
      await page.getByTestId("staff-username").fill("mo");
      await page.getByTestId("staff-password").fill(`wrong password ${i}`);
      await page.getByTestId("staff-account-login").click();
      await expect.poll(() => text(page, "staff-account-error")).toBe("Wrong username or password.");
      // The password field is emptied for another try.
      expect(await page.getByTestId("staff-password").inputValue()).toBe("");
    }
    await page.getByTestId("staff-password").fill("wrong password 5");
    await page.getByTestId("staff-account-login").click();
    await expect.poll(() => text(page, "staff-account-error")).toBe("too many wrong passwords for this account: locked, try again in 60 s");
    // The right password waits too.
    await page.getByTestId("staff-password").fill(PASSWORD);
    await page.getByTestId("staff-account-login").click();
    await expect.poll(() => text(page, "staff-account-error")).toMatch(/^too many wrong passwords for this account: locked, try again in \d+ s$/);
    expect(await page.getByTestId("staff-console").count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});
