/**
 * Who reads `/metrics` (contract v2, "Operational endpoints"): a node in process, over real HTTP, in each of the
 * four cases. The "not loopback" requests reach the node through this machine's own non-loopback address (the
 * node then listens on every interface), so the node sees a real remote address, not a header.
 */
import { networkInterfaces } from "node:os";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createApp, type PulseApp } from "../src/app.js";
import { configFrom } from "../src/config.js";
import { listen, listenMetrics } from "../src/listen.js";

const TOKEN = "metrics-token-0123456789";

/** An IPv4 address of this machine other than the loopback, if it has one. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i?.family === "IPv4" && !i.internal)?.address;

interface Node {
  pulse: PulseApp;
  port: number;
  metricsPort: number | undefined;
}

let nodes: PulseApp[] = [];
afterEach(async () => {
  for (const pulse of nodes.splice(0)) await pulse.close();
});

/** A node listening on every interface (so `externalAddress` reaches it), plus its metrics listener if configured. */
async function startNode(env: Record<string, string>): Promise<Node> {
  const pulse = await createApp(configFrom(env), { logger: pino({ level: "silent" }) });
  nodes.push(pulse);
  await pulse.start();
  const port = await listen(pulse, 0, "0.0.0.0");
  return { pulse, port, metricsPort: await listenMetrics(pulse) };
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.text() };
}

/** The Prometheus text of a node: its own families. */
const PROMETHEUS = /^# TYPE pulse_posts_accepted_total counter$/m;

describe("/metrics on the public port", () => {
  it("with neither METRICS_PORT nor METRICS_TOKEN: serves a direct loopback request only", async () => {
    const node = await startNode({});
    const local = `http://127.0.0.1:${node.port}`;
    const served = await get(`${local}/metrics`);
    expect(served.status).toBe(200);
    expect(served.body).toMatch(PROMETHEUS);
    // A proxy on this machine relays outside requests from the loopback, with a forwarding header.
    expect((await get(`${local}/metrics`, { "X-Forwarded-For": "203.0.113.7" })).status).toBe(404);
    expect((await get(`${local}/metrics`, { Forwarded: "for=203.0.113.7" })).status).toBe(404);
    // A token means nothing when none is configured.
    expect((await get(`${local}/metrics`, { "X-Forwarded-For": "203.0.113.7", Authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    expect((await get(`${local}/healthz`, { "X-Forwarded-For": "203.0.113.7" })).status).toBe(200);
  });

  it.skipIf(externalAddress === undefined)("with neither: a request from another address gets 404, /healthz stays public", async () => {
    const node = await startNode({});
    const remote = `http://${externalAddress}:${node.port}`;
    const refused = await get(`${remote}/metrics`);
    expect(refused.status).toBe(404);
    expect(refused.body).not.toMatch(PROMETHEUS);
    expect((await get(`${remote}/healthz`)).status).toBe(200);
  });

  it("with METRICS_TOKEN: serves the bearer of that token only, from anywhere", async () => {
    const node = await startNode({ METRICS_TOKEN: TOKEN });
    const local = `http://127.0.0.1:${node.port}`;
    const served = await get(`${local}/metrics`, { Authorization: `Bearer ${TOKEN}`, "X-Forwarded-For": "203.0.113.7" });
    expect(served.status).toBe(200);
    expect(served.body).toMatch(PROMETHEUS);
    // The token replaces the loopback rule: a local request without it is refused too.
    expect((await get(`${local}/metrics`)).status).toBe(404);
    expect((await get(`${local}/metrics`, { Authorization: `Bearer ${TOKEN}x` })).status).toBe(404);
    expect((await get(`${local}/metrics`, { Authorization: TOKEN })).status).toBe(404);
    if (externalAddress) {
      const remote = `http://${externalAddress}:${node.port}`;
      expect((await get(`${remote}/metrics`, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      expect((await get(`${remote}/metrics`)).status).toBe(404);
    }
    expect((await get(`${local}/healthz`)).status).toBe(200);
  });
});

describe("/metrics with METRICS_PORT", () => {
  it("is served on a listener of its own, on METRICS_HOST (127.0.0.1 by default), and the public port answers 404", async () => {
    const node = await startNode({ METRICS_PORT: "0", METRICS_TOKEN: TOKEN });
    expect(node.metricsPort).toBeGreaterThan(0);
    expect(node.pulse.metricsServer?.address()).toMatchObject({ address: "127.0.0.1", port: node.metricsPort });
    const served = await get(`http://127.0.0.1:${node.metricsPort}/metrics`);
    expect(served.status).toBe(200);
    expect(served.body).toMatch(PROMETHEUS);
    // That port serves nothing else.
    expect((await get(`http://127.0.0.1:${node.metricsPort}/healthz`)).status).toBe(404);
    // The public port has no /metrics at all: not locally, not with the token.
    const local = `http://127.0.0.1:${node.port}`;
    expect((await get(`${local}/metrics`)).status).toBe(404);
    expect((await get(`${local}/metrics`, { Authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    expect((await get(`${local}/healthz`)).status).toBe(200);
    if (externalAddress) {
      // Bound to the loopback: unreachable from another address.
      await expect(fetch(`http://${externalAddress}:${node.metricsPort}/metrics`)).rejects.toThrow();
    }
  });

  it("closes the metrics listener with the node", async () => {
    const node = await startNode({ METRICS_PORT: "0" });
    const url = `http://127.0.0.1:${node.metricsPort}/metrics`;
    expect((await get(url)).status).toBe(200);
    await node.pulse.close();
    nodes = nodes.filter((p) => p !== node.pulse);
    expect(node.pulse.metricsServer?.listening).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });
});
