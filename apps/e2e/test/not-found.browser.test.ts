/**
 * An unknown path answers HTTP 404 with the app's own page (in its style and language) in a browser, and a
 * JSON `{ error }` under /api and to scripts; known pages still answer 200.
 */
import { describe, expect, it } from "vitest";
import { trimmedText, useBrowserAndNode, watchPageErrors } from "./support/browser-helpers.js";

describe("unknown paths", () => {
  const ctx = useBrowserAndNode({ SOURCE: "none" });

  it("show the app's 404 page with status 404, in French and in English", async () => {
    const page = await ctx.browser.newPage({ locale: "fr-FR" });
    // Chromium reports the document's own 404 on the console; anything else is a problem.
    const problems = watchPageErrors(page, /^Failed to load resource: the server responded with a status of 404/);
    const answer = await page.goto(`${ctx.node.url}/nope`);
    expect(answer?.status()).toBe(404);
    await expect.poll(() => trimmedText(page.locator("main.not-found h1"))).toBe("Page introuvable");
    expect(await trimmedText(page.locator("main.not-found"))).toContain("/nope");
    // The app's stylesheet applies: the page has its theme's background, not the browser's white.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");

    const english = await page.goto(`${ctx.node.url}/embed/nope?lang=en`);
    expect(english?.status()).toBe(404);
    await expect.poll(() => trimmedText(page.locator("main.not-found h1"))).toBe("Page not found");
    await page.getByRole("link", { name: "Back to the dashboard" }).click();
    await expect.poll(() => page.getByTestId("total-posts").count(), { timeout: 10_000 }).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("answer JSON { error } with status 404 under /api and to scripts, and leave known pages alone", async () => {
    const api = await fetch(`${ctx.node.url}/api/nope?x=1`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: "no such endpoint: GET /api/nope" });
    const script = await fetch(`${ctx.node.url}/nope`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(script.status).toBe(404);
    expect(await script.json()).toEqual({ error: "not found: POST /nope" });
    const curl = await fetch(`${ctx.node.url}/nope`, { headers: { accept: "*/*" } });
    expect([curl.status, curl.headers.get("content-type")]).toEqual([404, "application/json; charset=utf-8"]);
    for (const known of ["/", "/wall", "/staff", "/embed/counter"]) {
      expect([known, (await fetch(`${ctx.node.url}${known}`, { headers: { accept: "text/html" } })).status]).toEqual([known, 200]);
    }
  });
});
