import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { endpointPath } from "@pulse/shared";
import { chromiumLaunchOptions } from "@pulse/testkit/chromium";
import { startNode, type BrowserTestNode } from "./pulse-node.js";

/** French groups digits with a narrow no-break space (or a no-break space, depending on the ICU version). */
export const GROUP = "[\\s\\u202f\\u00a0]";

/** The fields a test chooses for a post; anything else given overrides the defaults of {@link normalizedPost}. */
export interface PostFields extends Record<string, unknown> {
  id: string;
  createdAt: string;
  text: string;
  author: { id: string; handle: string; name?: string };
}

/** A normalized post as `/api/ingest` takes it: an original #VotreJob post of the "other" network unless `fields` say otherwise. */
export function normalizedPost(fields: PostFields) {
  return { network: "other", hashtags: ["votrejob"], mentions: [], urls: [], kind: "original", ...fields };
}

/** An ISO time on the campaign's day (24 February 2015, UTC). */
export function campaignDayAt(hour: number, minute: number): string {
  return new Date(Date.UTC(2015, 1, 24, hour, minute)).toISOString();
}

/**
 * POSTs `posts` to the node's `/api/ingest` with a bearer token, into `campaign` when given (else the default
 * campaign), and expects them accepted (202).
 */
export async function ingest(url: string, token: string, posts: readonly unknown[], campaign?: string): Promise<void> {
  const res = await fetch(`${url}${endpointPath("ingest", { query: { campaign } })}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(posts),
  });
  expect(res.status).toBe(202);
}

/**
 * Calls the staff API's post action `action` (`pin`, `unpin`, `hide`…) on `network:id` with a bearer token,
 * and expects it done (200).
 */
export async function moderatePost(url: string, staffToken: string, post: { network: string; id: string }, action: string): Promise<void> {
  const res = await fetch(`${url}/api/moderation/posts/${post.network}/${encodeURIComponent(post.id)}/${action}`, {
    method: "POST",
    headers: { authorization: `Bearer ${staffToken}` },
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** The node's current `/api/snapshot`. */
export { snapshotOf as readSnapshot } from "./snapshot.js";

/**
 * Collects a page's console errors and uncaught exceptions as its `console` and `pageerror` events report them,
 * except console errors whose text matches `ignore`. The returned array fills as they happen.
 */
export function watchPageErrors(page: Page, ignore?: RegExp): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    if (ignore?.test(msg.text())) return;
    problems.push(msg.text());
  });
  page.on("pageerror", (err) => problems.push(err.message));
  return problems;
}

/** A new page of `browser` with `options`, and the errors it reports as `watchPageErrors` collects them. */
export async function openWatchedPage(browser: Browser, options: Parameters<Browser["newPage"]>[0]): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage(options);
  return { page, problems: watchPageErrors(page) };
}

/**
 * Counts the page's reads of layout boxes (`getBoundingClientRect`, each of which can force a layout), from before
 * its own scripts run; with `className`, only reads of elements carrying that class. Call before `goto`; the
 * returned function reads the count so far.
 */
export async function countLayoutReads(page: Page, className?: string): Promise<() => Promise<number>> {
  await page.addInitScript((only) => {
    const counted = window as unknown as { layoutReads: number };
    counted.layoutReads = 0;
    const read = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function (this: Element) {
      if (only === null || this.classList.contains(only)) counted.layoutReads += 1;
      return read.call(this);
    };
  }, className ?? null);
  return () => page.evaluate(() => (window as unknown as { layoutReads: number }).layoutReads);
}

/**
 * Counts React's commits in the page, from before its own scripts run: a minimal stand-in for the React DevTools
 * hook, which React (production builds too) calls on every commit. Call before `goto`; the returned function
 * reads the count so far.
 */
export async function countReactCommits(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const counted = window as unknown as { reactCommits: number; __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown };
    counted.reactCommits = 0;
    counted.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      isDisabled: false,
      renderers: new Map(),
      inject: () => 1,
      onCommitFiberRoot: () => {
        counted.reactCommits += 1;
      },
      onCommitFiberUnmount: () => undefined,
      onPostCommitFiberRoot: () => undefined,
      checkDCE: () => undefined,
    };
  });
  return () => page.evaluate(() => (window as unknown as { reactCommits: number }).reactCommits);
}

/** The text of `locator`, trimmed; `undefined` when it has none. */
export async function trimmedText(locator: Locator): Promise<string | undefined> {
  return (await locator.textContent())?.trim();
}

/** A headless Chromium shared by the tests of a `describe` block. */
export interface BrowserFixture {
  readonly browser: Browser;
}

/** A headless Chromium and a Pulse node shared by the tests of a `describe` block. */
export interface BrowserNodeFixture extends BrowserFixture {
  readonly node: BrowserTestNode;
}

/** Launches Chromium before the tests of the enclosing `describe` block and closes it after them. */
export function useBrowser(): BrowserFixture {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error("Chromium is not running: use the fixture inside a test");
      return browser;
    },
  };
}

/** Like {@link useBrowser}, with a node started from `env` ({@link startNode}) for the same tests. */
export function useBrowserAndNode(env: Record<string, string>): BrowserNodeFixture {
  const fixture = useBrowser();
  let node: BrowserTestNode | undefined;
  beforeAll(async () => {
    node = await startNode(env);
  });
  afterAll(async () => {
    await node?.close();
  });
  return {
    get browser() {
      return fixture.browser;
    },
    get node() {
      if (!node) throw new Error("The node is not running: use the fixture inside a test");
      return node;
    },
  };
}
