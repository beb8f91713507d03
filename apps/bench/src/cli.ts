/**
 * `npm run bench [-- --quick] [-- --cpu-prof] [-- --clients-only [--repeat N]] [-- --ingest-cost N]`: Pulse, the naive Socket.IO relay and the raw
 * Redis limit, side by side in one run on the same clients, then Pulse with many campaigns at once and the Redis
 * memory of one campaign's day. Writes apps/bench/results/latest.json and latest.svg (and full.* for a full run)
 * and prints the tables. `--clients-only` runs only Pulse's memory levels and its many-clients step (to profile
 * that step) and writes results/clients.json instead; with `--repeat N` it runs that step and its write floor N times
 * and reports the run of the median ratio, with every run's ratio (the ratio moves ±0.3 from run to run here). `--ingest-cost N` ingests, closed loop through
 * `POST /api/ingest`, the Jobs Day and as many posts of the sweep's shape, N times each, and writes nothing.
 */
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { cpus, release, totalmem } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { sparePort, startRedisServer, type RedisServer } from "@pulse/testkit/redis";
import { ClientPool } from "./client-pool.js";
import { benchCampaignIds, createLiveCampaigns } from "./bench-campaigns.js";
import { jobsDayPosts, measureCampaignMemory, type CampaignMemory } from "./campaign-memory.js";
import { benchPost, runLoad } from "./load.js";
import { killAllNow, spawnNode, stopAll, stopChild, waitHttp, type Child } from "./processes.js";
import { redisLimit } from "./redis-limit.js";
import { latencySvg, memoryTable, stepTable, type MemoryPoint, type StepResult } from "./report.js";
import { CampaignsSampledClients, SampledClients, type LatencyTrackers } from "./sampled-clients.js";
import { readServerStats } from "./server-stats.js";
import { summarizeProfile } from "./profile.js";
import { compareToFloor, deltaFrameBytes, floorComparisonLine, medianFloorRun, type ManyClientsFloor } from "./many-clients-floor.js";
import { measureWriteFloor, writeFloorLine, type WriteFloor } from "./write-floor.js";
import { heapAfterGc } from "@pulse/testkit/process-memory";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const cpuProf = args.includes("--cpu-prof");
const clientsOnly = args.includes("--clients-only");
/** The count after `flag` (`--flag N`, at least 1; 1 when N is missing or not a number), or `absent` without the flag. */
function countAfter(flag: string, absent: number): number {
  return args.includes(flag) ? Math.max(1, Number(args[args.indexOf(flag) + 1]) || 1) : absent;
}
/** `--ingest-cost N`: only the ingest of two days (the Jobs Day, the sweep's posts), N times each, each run on a fresh Redis and node. */
const ingestCostRuns = countAfter("--ingest-cost", 0);
/** `--repeat N` (with `--clients-only`): the many-clients step and its floor N times. */
const manyRepeats = clientsOnly ? countAfter("--repeat", 1) : 1;
const P99_BOUND_MS = 300;
/** Pulse's tick in the bench, and the write floor's. */
const TICK_MS = 250;
/** Full socket.io-client clients that time each step; the write floor has as many, connected last too. */
const SAMPLED_CLIENTS = 8;
const SATURATION_MS = 50;
const TOKEN = randomUUID();
const STAFF_TOKEN = randomUUID();
/** Pulse's keys in the bench's Redis. */
const KEY_PREFIX = `bench:${TOKEN.slice(0, 8)}:`;
/** The built server, found by package name (`@pulse/server/main`) as an import would, not by a path into its folder. */
const PULSE_ENTRY = fileURLToPath(import.meta.resolve("@pulse/server/main"));
const NAIVE_ENTRY = fileURLToPath(new URL("./naive-server.js", import.meta.url));
const RESULTS = fileURLToPath(new URL("../results/", import.meta.url));
/** Per run: two benches on one machine must not profile into (and clear) the same folder. */
const PROFILE_DIR = `/tmp/pulse-bench-prof-${process.pid}`;

/** What each mode runs; every loop below is bounded by these lists. */
const plan = quick
  ? {
      clientLevels: [0, 500, 1000],
      rateClients: 1000,
      seconds: 4,
      drainMs: 3000,
      pulseRates: [1000, 5000, 10000, 15000, 20000, 30000],
      naiveRates: [25, 100, 300, 1000, 3000],
      limitSeconds: 3,
      campaigns: { count: 10, clientsPerCampaign: 100, rates: [1000, 5000] },
    }
  : {
      clientLevels: [0, 1000, 5000, 10000],
      rateClients: 1000,
      seconds: 10,
      drainMs: 4000,
      pulseRates: [1000, 2500, 5000, 10000, 15000, 20000, 25000, 30000, 40000],
      naiveRates: [25, 50, 100, 250, 500, 1000, 2000, 4000, 8000],
      limitSeconds: 6,
      campaigns: { count: 10, clientsPerCampaign: 100, rates: [1000, 5000, 10000, 20000] },
    };

const steps: StepResult[] = [];
const memory: MemoryPoint[] = [];
/** The many-clients step beside the write floor measured right after it. */
let manyClientsFloor: ManyClientsFloor | null = null;
let stepNumber = 0;

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** The run's absolute deadline: 3 min quick, 20 min full, minus a margin for the report. */
const deadline = Date.now() + (quick ? 170_000 : 1_150_000);
function timeLeft(): number {
  return deadline - Date.now();
}

/** A server under test, with the inspector port its heap is read through. */
interface ServerUnderTest {
  child: Child;
  url: string;
  inspectPort: number;
}

async function startPulse(redisUrl: string): Promise<ServerUnderTest> {
  const port = await sparePort();
  const inspectPort = await sparePort();
  const inspect = `--inspect=127.0.0.1:${inspectPort}`;
  const node = cpuProf ? [inspect, "--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`, PULSE_ENTRY] : [inspect, PULSE_ENTRY];
  const child = spawnNode("pulse", node, {
    PORT: String(port),
    HOST: "127.0.0.1",
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: KEY_PREFIX,
    SOURCE: "none",
    INGEST_TOKEN: TOKEN,
    // Only to create the many-campaigns step's campaigns, as staff would.
    STAFF_TOKEN,
    TICK_MS: String(TICK_MS),
    // The default pace, said out loud: at most 10 posts a second come on screen once a burst of 200 is spent.
    FEED_MAX_PER_SEC: "10",
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/healthz`, child);
  return { child, url, inspectPort };
}

async function startNaive(redisUrl: string): Promise<ServerUnderTest> {
  const port = await sparePort();
  const inspectPort = await sparePort();
  const child = spawnNode("naive", [`--inspect=127.0.0.1:${inspectPort}`, NAIVE_ENTRY, String(port), redisUrl, `naive:${TOKEN}`], {
    NODE_ENV: "production",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/healthz`, child);
  return { child, url, inspectPort };
}

/** Live heap (after a full GC, through the inspector) and RSS (the lowest of a few reads) at the current client count. */
async function memoryPoint(server: "pulse" | "naive", under: ServerUnderTest, clients: number): Promise<MemoryPoint> {
  await delay(1500);
  const pid = under.child.process.pid ?? 0;
  const heap = await heapAfterGc(under.inspectPort);
  let rss = Infinity;
  for (let i = 0; i < 4; i += 1) {
    const s = await readServerStats(server, under.url, pid);
    rss = Math.min(rss, s.rssBytes);
    await delay(400);
  }
  const zero = memory.find((m) => m.server === server && m.clients === 0);
  const per = (now: number, base: number | undefined): number | null =>
    base === undefined || clients === 0 ? null : (now - base * 1024 * 1024) / clients / 1024;
  const point: MemoryPoint = {
    server,
    clients,
    rssMB: rss / 1024 / 1024,
    heapMB: heap / 1024 / 1024,
    heapPerClientKB: per(heap, zero?.heapMB),
    rssPerClientKB: per(rss, zero?.rssMB),
  };
  memory.push(point);
  log(`${server} ${clients} clients: heap ${point.heapMB.toFixed(1)} MB, RSS ${point.rssMB.toFixed(1)} MB`);
  return point;
}

async function runStep(
  server: "pulse" | "naive",
  phase: StepResult["phase"],
  url: string,
  pid: number,
  pool: ClientPool,
  sampled: LatencyTrackers,
  rate: number,
  campaigns = 1,
): Promise<StepResult> {
  stepNumber += 1;
  const pool0 = await pool.stats();
  const server0 = await readServerStats(server, url, pid);
  sampled.startStep();
  const t0 = Date.now();
  const load = await runLoad({ url, token: TOKEN, step: stepNumber, rate, seconds: plan.seconds, drainMs: plan.drainMs, targets: sampled.targets() });
  // Give delivery the same drain time: posts not counted by then are a backlog.
  const until = Date.now() + plan.drainMs;
  while (sampled.countedPosts() < load.scheduled && Date.now() < until) await delay(25);
  const counted = Math.min(load.scheduled, sampled.countedPosts());
  if (counted < load.scheduled) sampled.recordMissing(load.scheduled, Date.now());
  const elapsed = (Date.now() - t0) / 1000;
  const pool1 = await pool.stats();
  const server1 = await readServerStats(server, url, pid);
  const h = sampled.counted;
  const cpu = server1.cpuSeconds - server0.cpuSeconds;
  const problems: string[] = [];
  if (load.lagP99Ms > SATURATION_MS) problems.push(`load generator loop p99 ${load.lagP99Ms.toFixed(0)} ms`);
  if (load.sendLateP99Ms > SATURATION_MS) problems.push(`load generator sent ${load.sendLateP99Ms} ms late`);
  if (pool1.lagP99Ms > SATURATION_MS) problems.push(`client workers' loop p99 ${pool1.lagP99Ms.toFixed(0)} ms`);
  const backlog: string[] = [];
  if (load.failedRequests) {
    const by = Object.entries(load.failedBy).map(([why, n]) => `${n}× ${why}`).join(", ");
    backlog.push(`${load.failedRequests} requests failed (${by})`);
  }
  if (load.unanswered) backlog.push(`${load.unanswered} requests unanswered`);
  if (load.accepted < load.scheduled * 0.99) backlog.push(`accepted ${load.accepted}/${load.scheduled}`);
  if (counted < load.scheduled) backlog.push(`delivered ${counted}/${load.scheduled} after drain`);
  const p99 = h.getValueAtPercentile(99);
  if (p99 > P99_BOUND_MS) backlog.push(`p99 ${p99} ms > ${P99_BOUND_MS}`);
  const result: StepResult = {
    server,
    phase,
    rate,
    campaigns,
    clients: pool1.open + sampled.size,
    seconds: plan.seconds,
    scheduled: load.scheduled,
    accepted: load.accepted,
    counted,
    p50Ms: h.getValueAtPercentile(50),
    p99Ms: p99,
    p999Ms: h.getValueAtPercentile(99.9),
    visibleP99Ms: server === "pulse" && sampled.visible.totalCount > 0 ? sampled.visible.getValueAtPercentile(99) : null,
    serverCpuMsPer1kPosts: load.accepted > 0 ? (cpu * 1000) / (load.accepted / 1000) : Number.NaN,
    serverCpuPercent: (cpu / elapsed) * 100,
    serverLagP99Ms: server1.lagP99Ms,
    serverRssMB: server1.rssBytes / 1024 / 1024,
    serverHeapMB: server1.heapUsedBytes / 1024 / 1024,
    bytesPerClientPerSec: pool1.open > 0 ? (pool1.bytes - pool0.bytes) / pool1.open / elapsed : 0,
    deltaFrameBytes: deltaFrameBytes(pool1.deltaSizes),
    answeredP50Ms: load.answeredP50Ms,
    answeredP99Ms: load.answeredP99Ms,
    loadgenLagP99Ms: load.lagP99Ms,
    loadgenSendLateP99Ms: load.sendLateP99Ms,
    clientWorkerLagP99Ms: pool1.lagP99Ms,
    valid: problems.length === 0,
    sustained: !backlog.some((b) => !b.startsWith("p99")),
    withinP99Bound: p99 <= P99_BOUND_MS,
    note: [...problems, ...backlog].join("; "),
  };
  steps.push(result);
  log(
    `${server} ${rate}/s x ${result.clients} clients${campaigns > 1 ? ` in ${campaigns} campaigns` : ""}: p50 ${result.p50Ms} p99 ${result.p99Ms} p99.9 ${result.p999Ms} ms, ` +
      `answered p50 ${result.answeredP50Ms} p99 ${result.answeredP99Ms} ms, ` +
      `CPU ${result.serverCpuMsPer1kPosts.toFixed(1)} ms/1k, ${result.bytesPerClientPerSec.toFixed(0)} B/client/s` +
      (result.note ? ` [${result.note}]` : ""),
  );
  return result;
}

/** Steps the rate up until a step is not sustained, thrown away, or time runs short. */
async function rateSweep(
  server: "pulse" | "naive",
  url: string,
  pid: number,
  pool: ClientPool,
  sampled: LatencyTrackers,
  rates: number[],
  budgetMs: number,
  phase: "rate" | "campaigns" = "rate",
  campaigns = 1,
): Promise<void> {
  const stop = Date.now() + budgetMs;
  for (const rate of rates) {
    if (Date.now() + (plan.seconds * 1000 + 2 * plan.drainMs) > Math.min(stop, deadline)) {
      log(`${server}: out of time before ${rate}/s`);
      break;
    }
    let step = await runStep(server, phase, url, pid, pool, sampled, rate, campaigns);
    // A step spoiled by a busy load generator gets one more try before the sweep stops.
    if (!step.valid && Date.now() + plan.seconds * 1000 + 2 * plan.drainMs < Math.min(stop, deadline)) {
      await delay(1000);
      step = await runStep(server, phase, url, pid, pool, sampled, rate, campaigns);
    }
    if (!step.valid || !step.sustained || !step.withinP99Bound) break;
    await delay(500);
  }
}

function machine(): Record<string, unknown> {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? "unknown",
    cores: list.length,
    memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: release(),
    mode: quick ? "quick" : "full",
    date: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  if (ingestCostRuns > 0) return await ingestCostOnly(ingestCostRuns);
  log(`${quick ? "quick" : "full"} run; deadline in ${(timeLeft() / 1000).toFixed(0)} s`);
  const mainLag = monitorEventLoopDelay({ resolution: 10 });
  mainLag.enable();
  if (cpuProf) await rm(PROFILE_DIR, { recursive: true, force: true });
  let redis: RedisServer | undefined;
  let pulseSampled: SampledClients | undefined;
  let campaignsSampled: CampaignsSampledClients | undefined;
  let campaignMemory: CampaignMemory | null = null;
  let naiveSampled: SampledClients | undefined;
  let redisLimitPostsPerSec = Number.NaN;
  let profileTop: unknown = null;
  try {
    redis = await startRedisServer();
    log(`private redis-server at ${redis.url}`);
    const pool = await ClientPool.start(2);

    // Pulse: memory per client, the many-clients step, then the rate sweep.
    const pulse = await startPulse(redis.url);
    const pulsePid = pulse.child.process.pid ?? 0;
    pulseSampled = new SampledClients("pulse");
    let open = 0;
    for (const level of plan.clientLevels) {
      if (level > open) {
        const r = await pool.open(pulse.url, level - open);
        open = r.open;
        if (r.failed) log(`pulse: ${r.failed} clients failed to connect`);
      }
      await memoryPoint("pulse", pulse, open);
    }
    await pulseSampled.connect(pulse.url, SAMPLED_CLIENTS);
    const floors: ManyClientsFloor[] = [];
    for (let run = 0; run < manyRepeats; run += 1) {
      if (run > 0) {
        // The latency clients connect last again: the room's order is the broadcast's, and the floor's are last too.
        pulseSampled.close();
        const r = await pool.open(pulse.url, open);
        if (r.failed) log(`pulse: ${r.failed} clients failed to connect`);
        pulseSampled = new SampledClients("pulse");
        await pulseSampled.connect(pulse.url, SAMPLED_CLIENTS);
      }
      const manyStep = await runStep("pulse", "clients", pulse.url, pulsePid, pool, pulseSampled, 1000);
      await pool.closeAll();
      const floor = await writeFloorAfter(manyStep);
      if (floor) floors.push(floor);
    }
    manyClientsFloor = medianFloorRun(floors);
    if (manyRepeats > 1 && manyClientsFloor) log(`median of ${floors.length} runs: ${floorComparisonLine(manyClientsFloor)} (ratios ${manyClientsFloor.ratios?.join(", ")})`);
    if (!clientsOnly) {
      await pool.open(pulse.url, plan.rateClients - SAMPLED_CLIENTS);
      await rateSweep("pulse", pulse.url, pulsePid, pool, pulseSampled, plan.pulseRates, quick ? 60_000 : 420_000);
      await pool.closeAll();
      pulseSampled.close();

      // Many campaigns at once on the same node: each with its clients, the load spread over them.
      const { count, clientsPerCampaign, rates } = plan.campaigns;
      const ids = benchCampaignIds(count);
      await createLiveCampaigns(pulse.url, STAFF_TOKEN, ids);
      campaignsSampled = new CampaignsSampledClients(ids);
      // One sampled client a campaign; the rest of its clients are light ones.
      for (const id of ids) {
        const r = await pool.open(pulse.url, clientsPerCampaign - 1, id);
        if (r.failed) log(`pulse: ${r.failed} clients of ${id} failed to connect`);
      }
      await campaignsSampled.connect(pulse.url, 1);
      await rateSweep("pulse", pulse.url, pulsePid, pool, campaignsSampled, rates, quick ? 30_000 : 180_000, "campaigns", count);
      campaignsSampled.close();
      await pool.closeAll();
    }
    pulseSampled.close();
    await stopChild(pulse.child, 8_000);
    if (cpuProf) profileTop = await summarizeProfile(PROFILE_DIR, 20);
    if (clientsOnly) return await writeClientsOnly(started, profileTop);

    // Naive: same clients, same rates method.
    const naive = await startNaive(redis.url);
    const naivePid = naive.child.process.pid ?? 0;
    naiveSampled = new SampledClients("naive");
    await memoryPoint("naive", naive, 0);
    await pool.open(naive.url, plan.rateClients - SAMPLED_CLIENTS);
    await naiveSampled.connect(naive.url, SAMPLED_CLIENTS);
    await memoryPoint("naive", naive, plan.rateClients);
    await rateSweep("naive", naive.url, naivePid, pool, naiveSampled, plan.naiveRates, quick ? 45_000 : 300_000);
    naiveSampled.close();
    await pool.closeAll();
    await stopChild(naive.child);

    // Raw limit: Pulse's per-post Redis commands, pipelined.
    redisLimitPostsPerSec = await redisLimit(redis.url, `limit:${TOKEN}:`, plan.limitSeconds);
    log(`raw Redis limit: ${redisLimitPostsPerSec.toFixed(0)} posts/s`);

    // One campaign's day in Redis, in a Redis of its own so nothing else is counted.
    campaignMemory = await jobsDayMemory();
  } finally {
    pulseSampled?.close();
    campaignsSampled?.close();
    naiveSampled?.close();
    await stopAll();
    await redis?.stop();
  }

  const best = (server: "pulse" | "naive"): StepResult | undefined =>
    steps
      .filter((s) => s.server === server && s.phase === "rate" && s.valid && s.sustained && s.withinP99Bound)
      .sort((a, b) => b.rate - a.rate)[0];
  const pulseBest = best("pulse");
  const naiveBest = best("naive");
  const many = steps.find((s) => s.server === "pulse" && s.phase === "clients");
  const manyCampaigns = steps
    .filter((s) => s.phase === "campaigns" && s.valid && s.sustained && s.withinP99Bound)
    .sort((a, b) => b.rate - a.rate)[0];
  const heapPerClient = memory.filter((m) => m.server === "pulse" && m.heapPerClientKB !== null).at(-1)?.heapPerClientKB ?? null;
  const summary = {
    pulse: {
      maxPostsPerSec: pulseBest?.rate ?? 0,
      p99Ms: pulseBest?.p99Ms ?? null,
      clients: pulseBest?.clients ?? 0,
      heapPerClientKB: heapPerClient === null ? null : Math.round(heapPerClient * 100) / 100,
      manyClients: many
        ? {
            clients: many.clients,
            rate: many.rate,
            p99Ms: many.p99Ms,
            sustained: many.valid && many.sustained && many.withinP99Bound,
            floorP99Ms: manyClientsFloor?.floorP99Ms ?? null,
            toFloorRatio: manyClientsFloor?.ratio ?? null,
          }
        : null,
      cpuMsPer1kPosts: pulseBest ? Math.round(pulseBest.serverCpuMsPer1kPosts * 10) / 10 : null,
    },
    naive: { maxPostsPerSec: naiveBest?.rate ?? 0, p99Ms: naiveBest?.p99Ms ?? null },
    redisLimitPostsPerSec: Math.round(redisLimitPostsPerSec),
    speedupVsNaive: naiveBest && pulseBest ? Math.round((pulseBest.rate / naiveBest.rate) * 10) / 10 : null,
    fractionOfRedisLimit: pulseBest && redisLimitPostsPerSec > 0 ? Math.round((pulseBest.rate / redisLimitPostsPerSec) * 1000) / 1000 : null,
    campaigns: {
      campaigns: plan.campaigns.count,
      clientsPerCampaign: plan.campaigns.clientsPerCampaign,
      maxPostsPerSec: manyCampaigns?.rate ?? 0,
      p99Ms: manyCampaigns?.p99Ms ?? null,
      cpuMsPer1kPosts: manyCampaigns ? Math.round(manyCampaigns.serverCpuMsPer1kPosts * 10) / 10 : null,
    },
    campaignMemory: campaignMemory && {
      posts: campaignMemory.posts,
      keyBytes: campaignMemory.keyBytes,
      keyBytesPerPost: campaignMemory.keyBytesPerPost,
      usedMemoryDeltaBytes: campaignMemory.usedMemoryDeltaBytes,
    },
    thrownAway: steps.filter((s) => !s.valid).map((s) => `${s.server} ${s.rate}/s: ${s.note}`),
  };
  const output = {
    machine: machine(),
    settings: { ...plan, p99BoundMs: P99_BOUND_MS, saturationMs: SATURATION_MS, tickMs: TICK_MS, feedMaxPerSec: 10, sampledClients: SAMPLED_CLIENTS },
    runs: steps,
    memory,
    manyClientsFloor,
    campaignMemory,
    profileTop,
    summary,
    benchMainLoopP99Ms: mainLag.percentile(99) / 1e6,
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
  await mkdir(RESULTS, { recursive: true });
  const json = `${JSON.stringify(output, null, 2)}\n`;
  const svg = latencySvg(steps, P99_BOUND_MS);
  await writeFile(`${RESULTS}latest.json`, json);
  await writeFile(`${RESULTS}latest.svg`, svg);
  if (!quick) {
    await writeFile(`${RESULTS}full.json`, json);
    await writeFile(`${RESULTS}full.svg`, svg);
  }
  console.log(`\n${stepTable(steps)}\n\n${memoryTable(memory)}\n`);
  if (campaignMemory) console.log(`${campaignMemoryLine(campaignMemory)}\n`);
  console.log(JSON.stringify(summary, null, 2));
  console.log(`\nwrote ${RESULTS}latest.json and latest.svg in ${output.wallSeconds} s`);
}

/**
 * The Jobs Day's Redis memory: a fresh redis-server and a Pulse node on it (the built-in campaign, its default),
 * the day (or `posts`) ingested, then measured (campaign-memory.ts). Skipped, with a line saying so, when time runs short.
 */
async function jobsDayMemory(left = timeLeft(), posts?: readonly object[]): Promise<CampaignMemory | null> {
  if (left < 45_000) {
    log(`campaign memory: skipped, ${(left / 1000).toFixed(0)} s left`);
    return null;
  }
  const redis = await startRedisServer();
  try {
    const pulse = await startPulse(redis.url);
    try {
      const measured = await measureCampaignMemory({ url: pulse.url, token: TOKEN, redisUrl: redis.url, keyPrefix: KEY_PREFIX, pid: pulse.child.process.pid, ...(posts ? { posts } : {}) });
      log(campaignMemoryLine(measured));
      return measured;
    } finally {
      await stopChild(pulse.child, 8_000);
    }
  } finally {
    await redis.stop();
  }
}

/**
 * The ingest cost alone: the Jobs Day (word-rich: 5.3 rising terms a post) and as many posts of the sweep's shape
 * (`benchPost`: one word), each `runs` times, alternating; prints each run and the least of each figure (the
 * least disturbed run), and the sweep shape's posts a second.
 */
async function ingestCostOnly(runs: number): Promise<void> {
  const jobsDay = jobsDayPosts();
  const sweepShaped = jobsDay.map((_, n) => benchPost(0, n, n));
  const measured: Record<"jobsDay" | "sweepShaped", CampaignMemory[]> = { jobsDay: [], sweepShaped: [] };
  for (let run = 0; run < runs; run++) {
    const a = await jobsDayMemory(Number.POSITIVE_INFINITY);
    if (a) measured.jobsDay.push(a);
    const b = await jobsDayMemory(Number.POSITIVE_INFINITY, sweepShaped);
    if (b) measured.sweepShaped.push(b);
  }
  for (const [name, list] of Object.entries(measured)) {
    // The least of each: what a run costs when nothing else on the machine gets in its way.
    const least = (pick: (m: CampaignMemory) => number | undefined): number => Math.min(...list.map((m) => pick(m) ?? Number.NaN));
    const seconds = least((m) => m.ingestSeconds);
    log(
      `${name} (${list[0]?.posts ?? 0} posts) over ${runs} runs, least of each: ${seconds.toFixed(2)} s ` +
        `(${Math.round((list[0]?.posts ?? 0) / seconds)} posts/s), node CPU ${least((m) => m.nodeCpuSeconds).toFixed(2)} s, ` +
        `Redis CPU ${least((m) => m.redisCpuSeconds).toFixed(2)} s`,
    );
  }
}

function campaignMemoryLine(m: CampaignMemory): string {
  const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  return (
    `campaign memory (${m.campaign}, ${m.posts} posts, ${m.accepted} accepted in ${m.ingestSeconds.toFixed(1)} s, Redis ${m.redisVersion}): ` +
    `${m.keys} keys, ${mb(m.keyBytes)} MB by MEMORY USAGE (${m.keyBytesPerPost} B a post), used_memory +${mb(m.usedMemoryDeltaBytes)} MB; ` +
    `CPU over the ingest: node ${m.nodeCpuSeconds?.toFixed(2) ?? "?"} s, Redis ${m.redisCpuSeconds.toFixed(2)} s`
  );
}

/**
 * The write floor of the many-clients step, right after it on the same machine: as many connections, Pulse's tick,
 * frames of the step's median delta frame size, as many rounds as the step's seconds hold ticks, and the same number
 * of latency clients, connected last. Null (with a line) when the step saw no delta.
 */
async function writeFloorAfter(step: StepResult): Promise<ManyClientsFloor | null> {
  if (step.deltaFrameBytes === null) {
    log("write floor: skipped, the many-clients step saw no delta to size its frames by");
    return null;
  }
  let floor: WriteFloor;
  try {
    floor = await measureWriteFloor({
      clients: step.clients,
      bytes: step.deltaFrameBytes.median,
      tickMs: TICK_MS,
      rounds: Math.round((plan.seconds * 1000) / TICK_MS),
      sampled: SAMPLED_CLIENTS,
    });
  } catch (err) {
    log(`write floor: failed (${err instanceof Error ? err.message : String(err)}); no ratio this run`);
    return null;
  }
  log(writeFloorLine(floor));
  const compared = compareToFloor(step, floor);
  log(floorComparisonLine(compared));
  return compared;
}

/** The `--clients-only` output: the memory levels and the many-clients step, apart from the full results. */
async function writeClientsOnly(started: number, profileTop: unknown): Promise<void> {
  const output = {
    machine: machine(),
    mode: "clients-only",
    runs: steps,
    memory,
    manyClientsFloor,
    summary: manyClientsFloor && { pulseP99Ms: manyClientsFloor.pulseP99Ms, floorP99Ms: manyClientsFloor.floorP99Ms, toFloorRatio: manyClientsFloor.ratio },
    profileTop,
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
  await mkdir(RESULTS, { recursive: true });
  await writeFile(`${RESULTS}clients.json`, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\n${stepTable(steps)}\n\n${memoryTable(memory)}\n`);
  if (profileTop) console.log(JSON.stringify(profileTop, null, 2));
  if (manyClientsFloor) console.log(`\n${floorComparisonLine(manyClientsFloor)}`);
  console.log(`\nwrote ${RESULTS}clients.json in ${output.wallSeconds} s`);
}

// Children die with us, whatever happens.
process.on("exit", killAllNow);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));
const hardStop = setTimeout(() => {
  console.error("bench: hard time limit reached; stopping");
  process.exit(1);
}, quick ? 180_000 : 1_200_000);
hardStop.unref();

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void stopAll().finally(() => process.exit(1));
  },
);
