/**
 * `npm run bench:web [-- --quick]`: the screens' side of Pulse. Starts a Pulse server (embedded store,
 * SOURCE=none), drives Debian's Chromium through playwright-core and the DevTools protocol, and measures the
 * wall (Pulse's live client and the naive baseline, `?client=naive`) at each CPU throttle, viewport and ingest
 * rate; the counter widget on a heavy partner page of another origin; and Lighthouse on `/`, `/wall` and
 * `/embed/counter`. Writes apps/bench/results/web.json and web.svg (a full run also web-full.json and web-full.svg).
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, release, totalmem } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import lighthouse from "lighthouse";
import { chromium, type Browser, type CDPSession } from "playwright-core";
import { chromiumLaunchOptions } from "@pulse/testkit/chromium";
import { sparePort } from "@pulse/testkit/redis";
import { runLoad } from "../load.js";
import { latestClientsToFloor } from "../many-clients-floor.js";
import { killAllNow, spawnNode, stopAll, stopChild, waitHttp } from "../processes.js";
import type { ScheduledBatch } from "../sampled-clients.js";
import { readDayHeapGrowth } from "./day-heap.js";
import { installProbe, type ProbeSamples } from "./page-probe.js";
import { startPartnerPage } from "./partner-page.js";
import { webSvg } from "./web-report.js";
import { loaderCost, widgetBlockingMs, type TraceEvent } from "./widget-cost.js";
import {
  frameStats,
  lighthouseWithRetry,
  longTaskStats,
  longTasksAtSceneChanges,
  mainThreadShare,
  percentile,
  postToPixels,
  ratio,
  shapeSummary,
  summaryStep,
  type CounterEmbedResult,
  type LighthouseScores,
  type WallStep,
} from "./web-stats.js";

const quick = process.argv.includes("--quick");
/** `--soak <file>`: the wall soak's report, for the day's heap growth (see day-heap.ts). */
const soakAt = process.argv.indexOf("--soak");
const SOAK_FILE = soakAt >= 0 ? process.argv[soakAt + 1] : undefined;
const TOKEN = randomUUID();
const PULSE_ENTRY = fileURLToPath(import.meta.resolve("@pulse/server/main"));
const RESULTS = fileURLToPath(new URL("../../results/", import.meta.url));
/** Seconds per scene: the wall's shortest, so a step of {@link CYCLE_SECONDS} sees every scene once. */
const ROTATE_SECONDS = 3;
/** The scenes that rotate with the embedded store and no pictures: photos stay out while there are none. */
const CYCLE_SECONDS = ROTATE_SECONDS * 7;
const FULL_HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };

type StepPlan = Pick<WallStep, "client" | "cpuThrottle" | "viewport" | "rate" | "reducedMotion">;

/** The steps of each mode; the summary's (4×, 1,000 posts/s, Pulse at both sizes and the baseline at 1080p) come first. */
const STEPS: StepPlan[] = quick
  ? [
      { client: "pulse", cpuThrottle: 4, viewport: FULL_HD, rate: 1000 },
      { client: "naive", cpuThrottle: 4, viewport: FULL_HD, rate: 1000 },
      { client: "pulse", cpuThrottle: 4, viewport: UHD, rate: 1000 },
    ]
  : [
      { client: "pulse", cpuThrottle: 4, viewport: FULL_HD, rate: 1000 },
      { client: "naive", cpuThrottle: 4, viewport: FULL_HD, rate: 1000 },
      { client: "pulse", cpuThrottle: 4, viewport: UHD, rate: 1000 },
      { client: "naive", cpuThrottle: 4, viewport: UHD, rate: 1000 },
      ...[1, 4].flatMap((cpuThrottle) =>
        [FULL_HD, UHD].flatMap((viewport) =>
          [100, 1000]
            .filter((rate) => !(cpuThrottle === 4 && rate === 1000))
            .map((rate): StepPlan => ({ client: "pulse", cpuThrottle, viewport, rate })),
        ),
      ),
      { client: "naive", cpuThrottle: 1, viewport: FULL_HD, rate: 1000 },
      // Without the count-up's roll (the number changes at once), to tell the roll's share of post to pixels.
      { client: "pulse", cpuThrottle: 4, viewport: FULL_HD, rate: 1000, reducedMotion: true },
      { client: "naive", cpuThrottle: 4, viewport: FULL_HD, rate: 1000, reducedMotion: true },
    ];

let stepNumber = 1000;

/** A step's figures that the baseline ratios divide. */
function ratioFigures(step: WallStep | undefined) {
  return step ? { postToPixelsP99Ms: step.postToPixelsP99Ms, longTaskTotalMs: step.longTaskTotalMs, mainThreadBusyPct: step.mainThreadBusyPct } : null;
}

/** "; longest by scene: feed 61, map 55" for a step's log line; nothing when no long task came at a scene change. */
function sceneLongest(byScene: Record<string, number>): string {
  const parts = Object.entries(byScene)
    .sort((a, b) => b[1] - a[1])
    .map(([scene, ms]) => `${scene} ${ms}`);
  return parts.length > 0 ? `; longest by scene: ${parts.join(", ")}` : "";
}

function log(message: string): void {
  console.log(`[bench:web ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

interface Probe {
  take(): ProbeSamples;
  current(): number;
}
declare const window: { __pulseBench?: Probe };

async function startPulse(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await sparePort();
  const child = spawnNode("pulse", [PULSE_ENTRY], {
    PORT: String(port),
    HOST: "127.0.0.1",
    SOURCE: "none",
    INGEST_TOKEN: TOKEN,
    // The embedded store, kept in memory only: nothing of the bench's posts is left on disk.
    DATA_DIR: "",
    TICK_MS: "250",
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/healthz`, child);
  return { url, stop: () => stopChild(child, 8_000) };
}

/** One wall step: a fresh context at the step's size and throttle, one scene cycle of load, then heap after GC. */
async function wallStep(browser: Browser, url: string, plan: StepPlan): Promise<WallStep> {
  const context = await browser.newContext({ viewport: plan.viewport });
  try {
    await context.addInitScript(installProbe);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: plan.cpuThrottle });
    await cdp.send("Performance.enable", { timeDomain: "timeTicks" });
    if (plan.reducedMotion) await cdp.send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-reduced-motion", value: "reduce" }] });
    const client = plan.client === "naive" ? "&client=naive" : "";
    await page.goto(`${url}/wall?rotate=${ROTATE_SECONDS}${client}`);
    await page.waitForFunction(() => (window.__pulseBench?.current() ?? -1) >= 0, null, { timeout: 30_000 });
    // Let the count-up settle, then start from clean series.
    await delay(2_000);
    const base = await page.evaluate(() => {
      window.__pulseBench?.take();
      return window.__pulseBench?.current() ?? 0;
    });
    const metricsBefore = (await cdp.send("Performance.getMetrics")).metrics;
    const startAt = Date.now();
    const batches: ScheduledBatch[] = [];
    const scenes = new Set<string>();
    const watching = (async () => {
      for (let i = 0; i < CYCLE_SECONDS + 2; i += 1) {
        const scene = await page.evaluate(() => document.querySelector<HTMLElement>("[data-scene]")?.dataset.scene ?? "").catch(() => "");
        if (scene) scenes.add(scene);
        await delay(1_000);
      }
    })();
    stepNumber += 1;
    const load = await runLoad({ url, token: TOKEN, step: stepNumber, rate: plan.rate, seconds: CYCLE_SECONDS, drainMs: 3_000, targets: [{ trackers: { addBatch: (b) => batches.push(b) } }] });
    await watching;
    // Posts still on their way get until then to show.
    const until = Date.now() + 5_000;
    while (Date.now() < until && (await page.evaluate(() => window.__pulseBench?.current() ?? 0)) < base + load.scheduled) await delay(250);
    const endAt = Date.now();
    const metricsAfter = (await cdp.send("Performance.getMetrics")).metrics;
    const samples = await page.evaluate(() => window.__pulseBench?.take() ?? { frameIntervals: [], longTasks: [], stamps: [], sceneChanges: [] });
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    const frames = frameStats(samples.frameIntervals);
    const tasks = longTaskStats(samples.longTasks.map((t) => t.durationMs));
    const p2p = postToPixels(batches, samples.stamps, base, endAt);
    const atChanges = longTasksAtSceneChanges(samples.longTasks, samples.sceneChanges);
    const mainThread = mainThreadShare(metricsBefore, metricsAfter, endAt - startAt);
    const step: WallStep = {
      ...plan,
      seconds: CYCLE_SECONDS,
      frames: frames.frames,
      fpsMedian: frames.fpsMedian,
      slowFramePct: frames.slowFramePct,
      longTasks: tasks.count,
      longestTaskMs: tasks.longestMs,
      longTaskTotalMs: tasks.totalMs,
      longTasksAtSceneChange: atChanges.count,
      longTaskMsAtSceneChange: atChanges.totalMs,
      longestTaskByScene: atChanges.longestByScene,
      postToPixelsP50Ms: p2p.p50Ms,
      postToPixelsP99Ms: p2p.p99Ms,
      postsScheduled: load.scheduled,
      postsNotShown: p2p.missing,
      heapAfterGcMB: Math.round((usedSize / 1024 / 1024) * 100) / 100,
      mainThreadBusyPct: mainThread.busyPct,
      scriptPct: mainThread.scriptPct,
      scenesSeen: [...scenes],
    };
    log(
      `${plan.client} ${plan.cpuThrottle}x ${plan.viewport.width}x${plan.viewport.height} ${plan.rate}/s${plan.reducedMotion ? " reduced motion" : ""}: ${step.fpsMedian} fps, ${step.slowFramePct} % frames > 33 ms, ` +
        `${step.longTasks} long tasks (longest ${step.longestTaskMs} ms; ${step.longTasksAtSceneChange} of them, ${step.longTaskMsAtSceneChange} ms, at scene changes${sceneLongest(atChanges.longestByScene)}), post to pixels p50 ${step.postToPixelsP50Ms} p99 ${step.postToPixelsP99Ms} ms ` +
        `(${step.postsNotShown}/${step.postsScheduled} not shown), main thread busy ${step.mainThreadBusyPct} % (script ${step.scriptPct} %), heap ${step.heapAfterGcMB} MB, scenes ${step.scenesSeen.join(",")}`,
    );
    return step;
  } finally {
    await context.close();
  }
}

/**
 * One load of the partner page at 4× throttling, for `windowMs` after navigation: the whole page's blocking time
 * (its main frame's long tasks: mostly the partner's own scripts), and what is the widget's: the long tasks its
 * own frame observed, and the partner's tasks the `/embed.js` loader ran in, from a DevTools trace of the load.
 */
async function partnerLoad(browser: Browser, pageUrl: string, pulseUrl: string, windowMs: number) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(installProbe);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    let bytesFromPulse = 0;
    let requestsToPulse = 0;
    // Playwright's request events cover every frame, the widget's iframe too (a CDP session covers one target).
    page.on("requestfinished", (request) => {
      if (!request.url().startsWith(pulseUrl)) return;
      requestsToPulse += 1;
      void request.sizes().then(
        (sizes) => void (bytesFromPulse += sizes.responseHeadersSize + sizes.responseBodySize),
        () => undefined,
      );
    });
    await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReturnAsStream" });
    const started = Date.now();
    await page.goto(pageUrl);
    await delay(windowMs);
    const trace = await stopTrace(cdp);
    const main = await page.evaluate(() => window.__pulseBench?.take() ?? { frameIntervals: [], longTasks: [], stamps: [], sceneChanges: [] });
    let firstNumberAt: number | null = null;
    let frameLongTasksMs: number[] | null = null;
    for (const frame of page.frames()) {
      if (!frame.url().includes("/embed/counter")) continue;
      const samples = await frame.evaluate(() => window.__pulseBench?.take() ?? { frameIntervals: [], longTasks: [], stamps: [], sceneChanges: [] }).catch(() => null);
      const first = samples?.stamps[0]?.at;
      if (first !== undefined) firstNumberAt = first;
      // Chromium reports each frame's long tasks to that frame only: the widget's, to the widget's frame.
      if (samples) frameLongTasksMs = samples.longTasks.filter((t) => t.at - started <= windowMs).map((t) => t.durationMs);
    }
    const loader = loaderCost(trace, (url) => url.startsWith(`${pulseUrl}/embed.js`));
    return {
      blockingMs: longTaskStats(main.longTasks.filter((t) => t.at - started <= windowMs).map((t) => t.durationMs)).blockingMs,
      widget: frameLongTasksMs === null ? null : { frameLongTasksMs, loaderBlockingMs: loader.blockingMs },
      loader,
      firstNumberMs: firstNumberAt === null ? null : firstNumberAt - started,
      bytesFromPulse,
      requestsToPulse,
    };
  } finally {
    await context.close();
  }
}

/** Ends a trace started with `transferMode: "ReturnAsStream"` and reads its events. */
async function stopTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<string | undefined>((resolve) => cdp.once("Tracing.tracingComplete", (event) => resolve(event.stream)));
  await cdp.send("Tracing.end");
  const stream = await complete;
  if (!stream) return [];
  let text = "";
  for (;;) {
    const chunk = await cdp.send("IO.read", { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, "base64").toString("utf8") : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send("IO.close", { handle: stream });
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

async function counterEmbed(browser: Browser, pulseUrl: string): Promise<CounterEmbedResult> {
  const partner = await startPartnerPage(pulseUrl);
  try {
    // The quick run watches 6 s from navigation, which still holds the widget's load and its first number (about
    // 1–1.7 s here), and loads the page without the widget once, to stay within its 3 minutes on a fresh clone.
    const windowMs = quick ? 6_000 : 8_000;
    const loadsWithout = quick ? 1 : 2;
    // The widget's cost moves by 10× from load to load on a shared machine: the full run takes the median of five.
    const loadsWith = quick ? 3 : 5;
    // Alternately with and without the widget: three or five loads with it (the widget's cost and its first number
    // are their medians), one or two without (the page figures keep the less disturbed load of each, as before).
    type Load = Awaited<ReturnType<typeof partnerLoad>>;
    const withWidget: Load[] = [];
    const without: Load[] = [];
    for (let i = 0; i < loadsWith; i += 1) {
      withWidget.push(await partnerLoad(browser, partner.url, pulseUrl, windowMs));
      if (i < loadsWithout) without.push(await partnerLoad(browser, `${partner.url}?widget=0`, pulseUrl, windowMs));
    }
    const least = (list: Load[]): Load => list.reduce((a, b) => (b.blockingMs < a.blockingMs ? b : a));
    const costs = withWidget.map((load) => (load.widget ? widgetBlockingMs(load.widget) : null));
    const measured = costs.filter((c): c is number => c !== null);
    // The load whose widget cost is the median one gives the parts.
    const medianCost = percentile(measured, 0.5);
    const medianLoad = withWidget[costs.indexOf(medianCost)] ?? least(withWidget);
    const firstNumbers = withWidget.flatMap((load) => (load.firstNumberMs === null ? [] : [load.firstNumberMs]));
    const result: CounterEmbedResult = {
      cpuThrottle: 4,
      totalBlockingTimeMs: medianCost ?? least(withWidget).blockingMs,
      widgetFrameBlockingMs: medianLoad.widget ? longTaskStats(medianLoad.widget.frameLongTasksMs).blockingMs : null,
      loaderBlockingMs: medianLoad.widget?.loaderBlockingMs ?? null,
      loaderScriptMs: medianLoad.loader.scriptMs,
      widgetBlockingPerLoadMs: measured,
      pageTotalBlockingTimeMs: least(withWidget).blockingMs,
      totalBlockingTimeWithoutWidgetMs: least(without).blockingMs,
      firstNumberMs: percentile(firstNumbers, 0.5),
      firstNumberPerLoadMs: withWidget.map((load) => load.firstNumberMs),
      bytesFromPulse: medianLoad.bytesFromPulse,
      requestsToPulse: medianLoad.requestsToPulse,
    };
    log(
      `counter on the partner page: the widget's cost ${result.totalBlockingTimeMs} ms (its frame ${result.widgetFrameBlockingMs} ms + the loader's tasks ${result.loaderBlockingMs} ms, its script ${result.loaderScriptMs} ms; ` +
        `loads ${measured.join(", ")} ms), the whole page's TBT ${result.pageTotalBlockingTimeMs} ms (without the widget ${result.totalBlockingTimeWithoutWidgetMs} ms), ` +
        `first number ${result.firstNumberMs} ms (loads ${result.firstNumberPerLoadMs.join(", ")} ms), ${result.bytesFromPulse} bytes in ${result.requestsToPulse} requests from Pulse`,
    );
    return result;
  } finally {
    await partner.close();
  }
}

type LighthousePage = "/" | "/wall" | "/embed/counter";

/** One Lighthouse run of `pageUrl` in the Chromium listening on `port`: its scores, and why one is missing. */
async function lighthouseOnce(pageUrl: string, port: number): Promise<LighthouseScores> {
  try {
    const result = await lighthouse(pageUrl, { port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices"] });
    const score = (id: string): number | null => {
      const s = result?.lhr.categories[id]?.score;
      return typeof s === "number" ? Math.round(s * 100) : null;
    };
    const scores: LighthouseScores = { performance: score("performance"), accessibility: score("accessibility"), bestPractices: score("best-practices") };
    // A category scores null when one of its weighted audits errored: say which, and why.
    const lhr = result?.lhr;
    const failed = Object.values(lhr?.categories ?? {})
      .filter((category) => category.score === null)
      .flatMap((category) => category.auditRefs.filter((ref) => ref.weight > 0).map((ref) => lhr?.audits[ref.id]))
      .filter((audit) => audit?.scoreDisplayMode === "error")
      .map((audit) => `${audit?.id}: ${audit?.errorMessage ?? "error"}`);
    return failed.length > 0 ? { ...scores, error: [...new Set(failed)].join("; ") } : scores;
  } catch (err) {
    return { performance: null, accessibility: null, bestPractices: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Lighthouse 12.2.3's default (mobile, simulated throttling) run of each page, in a Chromium of its own. */
async function lighthouseScores(url: string): Promise<Partial<Record<LighthousePage, LighthouseScores>>> {
  const port = await sparePort();
  const options = chromiumLaunchOptions();
  const browser = await chromium.launch({ ...options, args: [...options.args, `--remote-debugging-port=${port}`] });
  const scores: Partial<Record<LighthousePage, LighthouseScores>> = {};
  try {
    for (const path of ["/", "/wall", "/embed/counter"] as const) {
      scores[path] = await lighthouseWithRetry(
        () => lighthouseOnce(`${url}${path}`, port),
        (error) => log(`lighthouse ${path}: ${error}; running it again`),
      );
      log(`lighthouse ${path}: ${JSON.stringify(scores[path])}`);
    }
  } finally {
    await browser.close();
  }
  return scores;
}

async function main(): Promise<void> {
  const started = Date.now();
  if (soakAt >= 0 && !SOAK_FILE) throw new Error("--soak needs the path of a wall soak report (pulse-soak-<size>-<time>.json)");
  // Read before the run, so a wrong file fails at once rather than after the steps.
  const dayHeapGrowth = await readDayHeapGrowth(SOAK_FILE, RESULTS);
  const pulse = await startPulse();
  const browser = await chromium.launch(chromiumLaunchOptions());
  const chromiumVersion = browser.version();
  log(`Pulse at ${pulse.url}, Chromium ${chromiumVersion}, ${quick ? "quick" : "full"} run`);
  const steps: WallStep[] = [];
  const loads: number[] = [];
  let counter: CounterEmbedResult | null = null;
  let scores: Partial<Record<LighthousePage, LighthouseScores>> = {};
  try {
    for (const plan of STEPS) {
      steps.push(await wallStep(browser, pulse.url, plan));
      loads.push(loadavg()[0] ?? 0);
    }
    counter = await counterEmbed(browser, pulse.url);
    await browser.close();
    scores = await lighthouseScores(pulse.url);
  } finally {
    await browser.close().catch(() => undefined);
    await pulse.stop();
  }
  // The server bench's latest many-clients step against its write floor (this bench cannot run 10,000 clients).
  const clientsToFloor = await latestClientsToFloor(RESULTS);
  const summary = shapeSummary({ steps, counter, lighthouse: scores, dayHeapGrowth, clientsToFloor });
  const pulse1080 = summaryStep(steps, "pulse", 1080);
  const naive1080 = summaryStep(steps, "naive", 1080);
  const output = {
    machine: {
      cpuModel: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      kernel: release(),
      chromium: chromiumVersion,
      loadAverage1mDuringSteps: loads.map((l) => Math.round(l * 10) / 10),
      mode: quick ? "quick" : "full",
      date: new Date().toISOString(),
    },
    settings: { rotateSeconds: ROTATE_SECONDS, stepSeconds: CYCLE_SECONDS, tickMs: 250, store: "embedded (in memory)", lighthouse: "12.2.3, default config (mobile, simulated throttling)" },
    steps,
    counterEmbed: counter,
    lighthouse: scores,
    baselineRatio1080: {
      postToPixelsP99: ratio(naive1080?.postToPixelsP99Ms, pulse1080?.postToPixelsP99Ms),
      longTaskTotalMs: ratio(naive1080?.longTaskTotalMs, pulse1080?.longTaskTotalMs),
      mainThreadBusy: ratio(naive1080?.mainThreadBusyPct, pulse1080?.mainThreadBusyPct),
      // The figures divided, so a ratio left null by a zero on Pulse's side (no long task at all) still reads.
      pulse: ratioFigures(pulse1080),
      baseline: ratioFigures(naive1080),
    },
    sources: { dayHeapGrowthPct: dayHeapGrowth.source, clientsToFloorRatio: clientsToFloor.source },
    summary,
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
  await mkdir(RESULTS, { recursive: true });
  await writeFile(`${RESULTS}web.json`, `${JSON.stringify(output, null, 2)}\n`);
  await writeFile(`${RESULTS}web.svg`, webSvg(steps));
  if (!quick) {
    // The full run's matrix stays apart, so a later quick run does not overwrite it.
    await writeFile(`${RESULTS}web-full.json`, `${JSON.stringify(output, null, 2)}\n`);
    await writeFile(`${RESULTS}web-full.svg`, webSvg(steps));
  }
  console.log(JSON.stringify(summary, null, 2));
  log(`wrote ${RESULTS}web.json and web.svg in ${output.wallSeconds} s`);
}

// Children die with us, whatever happens.
process.on("exit", killAllNow);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:web failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void stopAll().finally(() => process.exit(1));
  },
);
