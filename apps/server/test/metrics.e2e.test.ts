import { readFile } from "node:fs/promises";
import type { Registry } from "prom-client";
import { createClient } from "redis";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix, startRedisServer } from "@pulse/testkit/redis";
import { builtInCampaign } from "@pulse/shared";
import { Metrics, POSTS_RATE_WINDOW_SECONDS } from "../src/metrics.js";
import { RedisStore } from "../src/store/redis-store.js";
import { LiveClient, makePost, startPulse, testPrefix, waitFor, type RunningPulse } from "./support/start-pulse.js";
import { contractCampaign } from "./campaigns/campaign-registry-contract.js";

const TOKEN = "test-metrics-token";
const DASHBOARD = new URL("../../../docs/grafana/pulse-dashboard.json", import.meta.url);

/** A registry's metrics as prom-client reads them out (the values `/metrics` prints). */
type Read = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;

/** Reads a registry out. A copy: prom-client hands out its live counter objects, which later calls would change. */
async function read(registry: Registry): Promise<Read> {
  return structuredClone(await registry.getMetricsAsJSON());
}

/** The value of series `metricName` (a histogram's `_count`, `_sum`…) of family `name` whose labels include `labels`. */
function sample(read: Read, name: string, labels: Record<string, string> = {}, metricName = name): number | undefined {
  const values = read.find((family) => family.name === name)?.values ?? [];
  const found = values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? name) === metricName &&
      Object.entries(labels).every(([key, value]) => (v.labels as Record<string, unknown>)[key] === value),
  );
  return found?.value;
}

/** A counter's or gauge's value; 0 when the series is not there yet. */
function value(read: Read, name: string, labels: Record<string, string> = {}): number {
  return sample(read, name, labels) ?? 0;
}

/** A histogram's observation count and sum; 0 when the series is not there yet. */
function histogram(read: Read, name: string, labels: Record<string, string> = {}): { count: number; sum: number } {
  return { count: sample(read, name, labels, `${name}_count`) ?? 0, sum: sample(read, name, labels, `${name}_sum`) ?? 0 };
}

/** The metric families a `/metrics` text declares (`# TYPE name type`), by name. */
function declaredTypes(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]));
}

interface DashboardPanel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: DashboardPanel[];
}

/** Every PromQL expression of the dashboard's panels, rows' nested panels included. */
function dashboardExprs(panels: DashboardPanel[]): { panel: string; expr: string }[] {
  return panels.flatMap((p) => [
    ...(p.targets ?? []).flatMap((t) => (t.expr ? [{ panel: p.title ?? "?", expr: t.expr }] : [])),
    ...dashboardExprs(p.panels ?? []),
  ]);
}

describe("GET /metrics with the Redis store", () => {
  const redisUrl = inject("redisUrl");
  const prefix = testPrefix();
  let node: RunningPulse;

  beforeAll(async () => {
    node = await startPulse({ REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, INGEST_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await node?.close();
    await deleteKeysByPrefix(redisUrl, prefix);
  });

  it("counts accepted posts and their rate, times the Redis apply, and sizes each delta as clients receive it", async () => {
    const client = new LiveClient({ urls: [node.url] });
    // The raw Engine.IO messages the client receives: a delta's is its Socket.IO packet, `2["delta",…]`.
    const received: number[] = [];
    client.socket.io.engine.on("packet", (packet) => {
      if (packet.type === "message" && typeof packet.data === "string" && packet.data.startsWith('2["delta",')) {
        received.push(Buffer.byteLength(packet.data));
      }
    });
    try {
      const first = await client.ready();
      const registry = node.pulse.metrics.registry;
      const before = await read(registry);

      const posts = Array.from({ length: 25 }, () => makePost());
      const res = await request(node.url)
        .post("/api/ingest")
        .set("Authorization", `Bearer ${TOKEN}`)
        .send([...posts, posts[0], posts[1], { not: "a post" }]);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ accepted: 25, duplicates: 2 });
      expect(res.body.rejected).toHaveLength(1);
      await waitFor(() => client.state?.totals.posts === first.totals.posts + 25, 5_000, "the 25 posts on the client");

      const after = await read(registry);
      const campaign = builtInCampaign.id;
      const http = (outcome: string) => ({ source: "http", outcome, campaign });
      expect(value(after, "pulse_ingest_items_total", http("accepted")) - value(before, "pulse_ingest_items_total", http("accepted"))).toBe(25);
      expect(value(after, "pulse_ingest_items_total", http("duplicate")) - value(before, "pulse_ingest_items_total", http("duplicate"))).toBe(2);
      expect(value(after, "pulse_ingest_items_total", http("rejected")) - value(before, "pulse_ingest_items_total", http("rejected"))).toBe(1);
      expect(value(after, "pulse_posts_accepted_total", { campaign }) - value(before, "pulse_posts_accepted_total", { campaign })).toBe(25);
      // Nothing else was ingested on this node: the window holds exactly these 25 posts.
      expect(value(before, "pulse_posts_per_second")).toBe(0);
      expect(value(after, "pulse_posts_per_second")).toBe(25 / POSTS_RATE_WINDOW_SECONDS);

      // One ingest call is one apply round trip; the relay's first read was a snapshot.
      const redis = "pulse_redis_command_duration_seconds";
      const applyBefore = histogram(before, redis, { operation: "apply", outcome: "ok" });
      const applyAfter = histogram(after, redis, { operation: "apply", outcome: "ok" });
      expect(applyAfter.count - applyBefore.count).toBe(1);
      expect(applyAfter.sum).toBeGreaterThan(applyBefore.sum);
      expect(histogram(after, redis, { operation: "snapshot", outcome: "ok" }).count).toBeGreaterThanOrEqual(1);

      // The metric is the bytes each delta went out as: what the client received, delta for delta.
      const deltasBefore = histogram(before, "pulse_delta_bytes");
      const deltasAfter = histogram(after, "pulse_delta_bytes");
      expect(received.length).toBeGreaterThan(0);
      expect(deltasAfter.count - deltasBefore.count).toBe(received.length);
      expect(deltasAfter.sum - deltasBefore.sum).toBe(received.reduce((a, b) => a + b, 0));
      expect(value(after, "pulse_clients_connected")).toBe(1);
      expect(histogram(after, "pulse_tick_duration_seconds").count).toBeGreaterThan(histogram(before, "pulse_tick_duration_seconds").count);

      // And /metrics prints them.
      const scraped = await request(node.url).get("/metrics");
      expect(scraped.status).toBe(200);
      expect(scraped.text).toContain(`pulse_posts_per_second ${25 / POSTS_RATE_WINDOW_SECONDS}\n`);
      expect(scraped.text).toContain(`\npulse_posts_accepted_total{campaign="${campaign}"} 25\n`);
      expect(scraped.text).toMatch(/^pulse_redis_command_duration_seconds_count\{operation="apply",outcome="ok"\} 1$/m);
    } finally {
      client.close();
    }
  });

  it("labels the ingest counters with the campaign the items went to", async () => {
    await node.pulse.campaigns.create(contractCampaign("metrics-second"));
    await waitFor(() => node.pulse.hub.get("metrics-second") !== undefined, 5_000, "the second campaign running");
    const registry = node.pulse.metrics.registry;
    const before = await read(registry);
    const into = (campaign: string, body: unknown[]) =>
      request(node.url).post(`/api/ingest?campaign=${campaign}`).set("Authorization", `Bearer ${TOKEN}`).send(body);
    const posts = [makePost(), makePost(), makePost()];
    expect((await into("metrics-second", posts)).body).toMatchObject({ accepted: 3 });
    // The same posts count once more, in the default campaign: a post counts once in each campaign.
    expect((await into(builtInCampaign.id, [...posts, posts[0]])).body).toMatchObject({ accepted: 3, duplicates: 1 });
    const after = await read(registry);
    const delta = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
    expect(delta("pulse_posts_accepted_total", { campaign: "metrics-second" })).toBe(3);
    expect(delta("pulse_posts_accepted_total", { campaign: builtInCampaign.id })).toBe(3);
    expect(delta("pulse_ingest_items_total", { source: "http", outcome: "accepted", campaign: "metrics-second" })).toBe(3);
    expect(delta("pulse_ingest_items_total", { source: "http", outcome: "duplicate", campaign: "metrics-second" })).toBe(0);
    expect(delta("pulse_ingest_items_total", { source: "http", outcome: "duplicate", campaign: builtInCampaign.id })).toBe(1);
  });

  it("exposes every metric the Grafana dashboard queries", async () => {
    const dashboard = JSON.parse(await readFile(DASHBOARD, "utf8")) as { panels: DashboardPanel[]; templating: { list: { definition?: string }[] } };
    const exprs = [
      ...dashboardExprs(dashboard.panels),
      ...dashboard.templating.list.flatMap((v) => (v.definition ? [{ panel: "variables", expr: v.definition }] : [])),
    ];
    const res = await request(node.url).get("/metrics");
    expect(res.status).toBe(200);
    const declared = declaredTypes(res.text);
    // A query names a histogram's series (`_bucket`, `_sum`, `_count`), the text declares the histogram.
    const exposed = (name: string): boolean => {
      if (declared.has(name)) return !["histogram", "summary"].includes(declared.get(name) as string);
      const base = name.replace(/_(bucket|sum|count)$/, "");
      return ["histogram", "summary"].includes(declared.get(base) ?? "");
    };
    const named = exprs.flatMap(({ panel, expr }) => [...expr.matchAll(/pulse_[a-z0-9_]+/g)].map((m) => ({ panel, name: m[0] })));
    const missing = named.filter(({ name }) => !exposed(name));
    expect(missing).toEqual([]);
    // The dashboard does chart what this issue added (a test that cannot pass on an empty dashboard).
    const names = new Set(named.map((n) => n.name.replace(/_(bucket|sum|count)$/, "")));
    for (const name of [
      "pulse_ingest_items_total",
      "pulse_posts_per_second",
      "pulse_posts_accepted_total",
      "pulse_clients_connected",
      "pulse_tick_duration_seconds",
      "pulse_delta_bytes",
      "pulse_redis_command_duration_seconds",
      "pulse_nodejs_eventloop_lag_p99_seconds",
      "pulse_source_state",
      "pulse_source_waiting_items",
      "pulse_process_resident_memory_bytes",
      "pulse_nodejs_heap_size_used_bytes",
    ]) {
      expect(names, name).toContain(name);
    }
  });
});

describe("RedisStore round-trip observer", () => {
  it("reports errors and timeouts by operation, as Metrics exposes them", async () => {
    // A Redis of the test's own, since it is paused on purpose.
    const server = await startRedisServer();
    const metrics = new Metrics();
    const prefix = testPrefix();
    const store = new RedisStore({ url: server.url, campaignId: "metrics-test", keyPrefix: prefix, observer: metrics, commandTimeoutMs: 300 });
    const admin = createClient({ url: server.url });
    try {
      await store.start();
      await admin.connect();
      expect(await store.blocklist()).toBeUndefined();
      // A key of the wrong type makes Redis answer an error reply.
      await admin.hSet(`${prefix}{metrics-test}:blocklist`, "not", "a string");
      await expect(store.blocklist()).rejects.toThrow(/WRONGTYPE/);
      // A paused Redis answers nothing within the store's deadline.
      await admin.sendCommand(["CLIENT", "PAUSE", "1500", "ALL"]);
      await expect(store.setHires("org", 3, "staff:bearer")).rejects.toThrow(/did not answer within 300 ms/);

      const families = await read(metrics.registry);
      const redis = "pulse_redis_command_duration_seconds";
      expect(histogram(families, redis, { operation: "blocklist", outcome: "ok" }).count).toBe(1);
      expect(histogram(families, redis, { operation: "blocklist", outcome: "error" }).count).toBe(1);
      const timedOut = histogram(families, redis, { operation: "set_hires", outcome: "timeout" });
      expect(timedOut.count).toBe(1);
      expect(timedOut.sum).toBeGreaterThanOrEqual(0.25);
      expect(sample(families, redis, { operation: "set_hires", outcome: "ok" }, `${redis}_count`)).toBeUndefined();
    } finally {
      await admin.close().catch(() => undefined);
      await store.close();
      await server.kill();
    }
  });
});
