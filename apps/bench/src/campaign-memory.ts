/**
 * What one campaign costs in Redis: the Jobs Day as the simulator plays it (the built-in campaign, `SIM_SEED`
 * 20150224: 48,115 posts), ingested through Pulse into a Redis of its own, then measured two ways: the sum of
 * `MEMORY USAGE` over the campaign's keys (`<prefix>{<id>}:*`), and `used_memory` before and after.
 */
import { setTimeout as delay } from "node:timers/promises";
import { createClient } from "redis";
import { builtInCampaign, type Post } from "@pulse/shared";
import { createSimulation } from "@pulse/simulator";
import { processUsage } from "./processes.js";

/** The simulator's default seed (`SIM_SEED`): the day the soak test and the docs count. */
export const JOBS_DAY_SEED = 20150224;
const BATCH = 1000;

/** The figures of one measured campaign. */
export interface CampaignMemory {
  campaign: string;
  posts: number;
  accepted: number;
  keys: number;
  /** Sum of `MEMORY USAGE <key> SAMPLES 0` over the campaign's keys. */
  keyBytes: number;
  keyBytesPerPost: number;
  /** `used_memory` after the day minus before it (the node started, the campaign empty). */
  usedMemoryDeltaBytes: number;
  /** Each key's bytes, by its name after `{<id>}:`, largest first. */
  byKey: Record<string, number>;
  redisVersion: string;
  ingestSeconds: number;
  /** CPU time over the ingest (until the last batch was answered): the node's, when its pid was given, and Redis's. */
  nodeCpuSeconds?: number;
  redisCpuSeconds: number;
}

/** The Jobs Day's posts, as the server's simulator would play them. */
export function jobsDayPosts(): Post[] {
  const simulation = createSimulation({ campaign: builtInCampaign, seed: JOBS_DAY_SEED });
  return simulation.postsBetween(simulation.startMs, simulation.endMs);
}

/**
 * Ingests the Jobs Day into the node at `url` (its default campaign, the built-in one, on `redisUrl` under
 * `keyPrefix`, nothing else stored there), waits until the node shows every post, and measures.
 */
export async function measureCampaignMemory(options: {
  url: string;
  token: string;
  redisUrl: string;
  keyPrefix: string;
  pid?: number;
  /** What to ingest instead of the Jobs Day (the same way). */
  posts?: readonly object[];
}): Promise<CampaignMemory> {
  const { url, token, redisUrl, keyPrefix, pid } = options;
  const campaign = builtInCampaign.id;
  const posts = options.posts ?? jobsDayPosts();
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  try {
    const usedMemory = async (): Promise<number> => Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1] ?? Number.NaN);
    const redisCpu = async (): Promise<number> => {
      const info = await redis.info("cpu");
      return Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1]);
    };
    const before = await usedMemory();
    const redisCpuBefore = await redisCpu();
    const nodeCpuBefore = pid === undefined ? 0 : (await processUsage(pid)).cpuSeconds;
    const started = Date.now();
    let accepted = 0;
    for (let i = 0; i < posts.length; i += BATCH) {
      const res = await fetch(new URL("/api/ingest", url), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(posts.slice(i, i + BATCH)),
      });
      if (res.status !== 202) throw new Error(`ingesting the Jobs Day: ${res.status} ${await res.text()}`);
      accepted += ((await res.json()) as { accepted: number }).accepted;
    }
    const ingestSeconds = (Date.now() - started) / 1000;
    const redisCpuSeconds = (await redisCpu()) - redisCpuBefore;
    const nodeCpuSeconds = pid === undefined ? undefined : (await processUsage(pid)).cpuSeconds - nodeCpuBefore;
    // Every batch was answered, so the store holds it; the node's own view follows within a tick.
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const snapshot = (await (await fetch(new URL("/api/snapshot", url))).json()) as { totals: { posts: number } };
      if (snapshot.totals.posts === posts.length) break;
      await delay(100);
    }
    const after = await usedMemory();
    const byKey: Record<string, number> = {};
    const head = `${keyPrefix}{${campaign}}:`;
    for await (const keys of redis.scanIterator({ MATCH: `${head}*`, COUNT: 1000 })) {
      for (const key of keys) byKey[key.slice(head.length)] = (await redis.memoryUsage(key, { SAMPLES: 0 })) ?? 0;
    }
    const keyBytes = Object.values(byKey).reduce((a, b) => a + b, 0);
    return {
      campaign,
      posts: posts.length,
      accepted,
      keys: Object.keys(byKey).length,
      keyBytes,
      keyBytesPerPost: Math.round(keyBytes / posts.length),
      usedMemoryDeltaBytes: after - before,
      byKey: Object.fromEntries(Object.entries(byKey).sort((a, b) => b[1] - a[1])),
      redisVersion: /redis_version:(\S+)/.exec(await redis.info("server"))?.[1] ?? "unknown",
      ingestSeconds,
      ...(nodeCpuSeconds === undefined ? {} : { nodeCpuSeconds }),
      redisCpuSeconds,
    };
  } finally {
    redis.destroy();
  }
}
