/**
 * Makes docs/dashboard.png: a node plays the simulated day at high speed while headless Chromium shows the
 * dashboard, then the screenshot is taken. Run with `npm run screenshot -w @pulse/e2e` after a build.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { chromiumLaunchOptions } from "@pulse/testkit/chromium";
import { startNode } from "../test/pulse-node.js";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/dashboard.png");
const seconds = Number(process.argv[2] ?? 40);

const node = await startNode({ SOURCE: "simulator", SIM_SPEED: "1800", TICK_MS: "250" });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1, locale: "fr-FR" });
  await page.goto(`${node.url}/`);
  await page.waitForTimeout(seconds * 1000);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out} after ${seconds}s at SIM_SPEED=1800 (${node.pulse.relay.snapshot().totals.posts} posts)`);
} finally {
  await browser.close();
  await node.close();
}
