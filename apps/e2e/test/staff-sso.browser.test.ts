// Callbacks passed to page.evaluate run in the browser and use its globals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type LocalOidcProvider } from "@pulse/testkit/oidc-provider";
import { trimmedText, useBrowser } from "./support/browser-helpers.js";
import { startNode, type BrowserTestNode } from "./support/pulse-node.js";

const STAFF_TOKEN = "sso-browser-staff-token-0123456789";

/**
 * "Sign in with SSO" on /staff, in a real Chromium, against a real local OpenID Connect provider (oidc-provider):
 * the provider's own login and consent pages, then back to the console with the role of the account's claim.
 */
describe("staff single sign-on in a real Chromium", () => {
  const ctx = useBrowser();
  let provider: LocalOidcProvider;
  let node: BrowserTestNode;

  beforeAll(async () => {
    provider = await startOidcProvider({ accounts: { vic: { name: "Vic Viewer", pulse_role: "viewer" }, nobody: {} } });
    node = await startNode({
      SOURCE: "none",
      STAFF_TOKEN,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
    });
  });
  afterAll(async () => {
    await node?.close();
    await provider?.close();
  });

  /** Clicks "Sign in with SSO" and signs in at the provider as `login`. */
  async function signIn(login: string) {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    const page = await context.newPage();
    // Pulse's pages only: the provider's development pages load fonts from the Internet, which is not reached here.
    const problems: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() !== "error" || !msg.location().url.startsWith(node.url)) return;
      if (!/Failed to load resource: the server responded with a status of 401/.test(msg.text())) problems.push(msg.text());
    });
    page.on("pageerror", (err) => problems.push(err.message));
    await page.goto(`${node.url}/staff?lang=en`);
    await page.getByTestId("staff-sso").click();
    // The provider's development login form, then its consent form.
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill("any password");
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: "Continue" }).click();
    return { page, problems, close: () => context.close() };
  }

  it("signs in through the provider and opens the console with the claim's role", async () => {
    const { page, problems, close } = await signIn("vic");
    await page.getByTestId("staff-console").waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe("/staff");
    expect(await page.getByTestId("staff-who-role").getAttribute("data-role")).toBe("viewer");
    expect(await trimmedText(page.getByTestId("staff-who"))).toMatch(/Vic Viewer/);
    expect(await page.getByTestId("staff-hide").count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it("comes back to the login form with the reason when the account has no role", async () => {
    const { page, close } = await signIn("nobody");
    await expect
      .poll(() => trimmedText(page.getByTestId("staff-login-error")), { timeout: 15_000 })
      .toBe('nobody has no claim "pulse_role"; ask an admin to give it one of the roles admin, moderator, viewer');
    expect(await page.getByTestId("staff-console").count()).toBe(0);
    // The reason is not left in the address.
    expect(new URL(page.url()).search).not.toContain("sso_error");
    await close();
  });
});
