import { chromium, type Browser, type ConsoleMessage } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumLaunchOptions } from "@pulse/testkit/chromium";
import { startNode, type BrowserTestNode } from "./pulse-node.js";

const TOKEN = "browser-test-token";

function post(i: number) {
  return {
    network: "other",
    id: `browser-${i}`,
    createdAt: new Date(Date.UTC(2015, 1, 24, 10, i % 60)).toISOString(),
    text: `Offre ${i} #VotreJob`,
    author: { id: `author-${i % 300}`, handle: `person${i % 300}` },
    hashtags: ["votrejob"],
    mentions: [],
    urls: [],
    kind: "original",
  };
}

describe("the dashboard in a real Chromium", () => {
  let browser: Browser;
  let node: BrowserTestNode;

  beforeAll(async () => {
    browser = await chromium.launch(chromiumLaunchOptions());
    node = await startNode({ SOURCE: "none", INGEST_TOKEN: TOKEN, TICK_MS: "100" });
  });
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  it("loads with no console errors and moves its numbers when posts are ingested over HTTP", async () => {
    // A French browser: French is also the default, and this pins it whatever the machine's locale.
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "fr-FR" });
    const problems: string[] = [];
    page.on("console", (msg: ConsoleMessage) => {
      if (msg.type() === "error") problems.push(msg.text());
    });
    page.on("pageerror", (err) => problems.push(err.message));

    await page.goto(`${node.url}/`);
    const total = page.getByTestId("total-posts");
    await expect.poll(async () => (await total.textContent())?.trim(), { timeout: 10_000 }).toBe("0");
    await expect.poll(async () => page.getByTestId("connection-status").getAttribute("data-status")).toBe("live");
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");

    const res = await fetch(`${node.url}/api/ingest`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(Array.from({ length: 1234 }, (_, i) => post(i))),
    });
    expect(res.status).toBe(202);
    // French groups thousands with a (narrow) no-break space: 1 234.
    await expect.poll(async () => (await total.textContent())?.trim(), { timeout: 10_000 }).toMatch(/^1[\s\u202f\u00a0]234$/);
    await expect.poll(async () => (await page.getByTestId("unique-authors").textContent())?.replace(/\D/g, "")).toBe("300");
    await expect.poll(async () => page.getByTestId("live-feed").textContent()).toContain("Offre 1233");
    expect(await page.getByTestId("country-chart").count()).toBe(1);
    expect(await page.getByTestId("timeline-chart").count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("speaks English with ?lang=en, even in a French browser", async () => {
    const page = await browser.newPage({ locale: "fr-FR" });
    await page.goto(`${node.url}/?lang=en`);
    await expect.poll(async () => page.locator("html").getAttribute("lang")).toBe("en");
    await expect.poll(async () => (await page.getByTestId("total-posts").textContent())?.trim()).toBe("1,234");
    await page.close();
  });
});
