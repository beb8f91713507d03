import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { LiveClient as TestkitLiveClient } from "@pulse/testkit/live-client";
import { deleteKeysByPrefix } from "@pulse/testkit/redis";
import { waitFor } from "@pulse/testkit/wait";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import {
  applyDelta,
  type ClientToServerEvents,
  type Delta,
  type Post,
  type ServerToClientEvents,
  type Snapshot,
} from "@pulse/shared";
import { createApp, type CreateAppOptions, type PulseApp } from "../../src/app.js";
import { configFrom } from "../../src/config.js";
import { listen, listenMetrics } from "../../src/listen.js";

/** A started Pulse node on a free port. */
export interface RunningPulse {
  pulse: PulseApp;
  url: string;
  /** With METRICS_PORT: the metrics listener's base URL. */
  metricsUrl?: string;
  close(): Promise<void>;
}

/** Starts a node with the given environment (SOURCE defaults to none) on port 0. */
export async function startPulse(
  env: Record<string, string | undefined> = {},
  options: Pick<CreateAppOptions, "campaign" | "registry"> = {},
): Promise<RunningPulse> {
  // bcrypt's lowest cost: a login takes milliseconds, not a third of a second (or seconds on a busy machine).
  const pulse = await createApp(configFrom({ TICK_MS: "20", ...env }), { logger: pino({ level: "silent" }), passwordRounds: 4, ...options });
  await pulse.start();
  const port = await listen(pulse, 0, "127.0.0.1");
  const metricsPort = await listenMetrics(pulse);
  return {
    pulse,
    url: `http://127.0.0.1:${port}`,
    ...(metricsPort === undefined ? {} : { metricsUrl: `http://${pulse.config.METRICS_HOST}:${metricsPort}` }),
    close: () => pulse.close(),
  };
}

/**
 * Starts a node with `env` before the suite (or before each test, with `each`) and closes it after. The node is
 * handed to `use`, which sets the suite's variable: `usePulse(env, (n) => (node = n))`.
 */
export function usePulse(env: Record<string, string | undefined>, use: (node: RunningPulse) => void, options: { each?: boolean } = {}): void {
  const [before, after] = options.each ? [beforeEach, afterEach] : [beforeAll, afterAll];
  let node: RunningPulse | undefined;
  before(async () => {
    node = await startPulse(env);
    use(node);
  });
  after(async () => {
    await node?.close();
  });
}

/**
 * Starts two nodes with `env` on one Redis under a fresh key prefix before the suite; closes them and deletes
 * the prefix's keys after. The nodes are handed to `use`; `restart(node)` closes one and resolves to a new node
 * in its place, with the same environment (closed after the suite in its turn).
 */
export function useTwoNodesOnRedis(
  redisUrl: string,
  env: Record<string, string | undefined>,
  use: (a: RunningPulse, b: RunningPulse) => void,
): { restart(node: RunningPulse): Promise<RunningPulse> } {
  const shared = { ...env, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: testPrefix() };
  const nodes: RunningPulse[] = [];
  beforeAll(async () => {
    nodes.push(await startPulse(shared));
    nodes.push(await startPulse(shared));
    use(nodes[0]!, nodes[1]!);
  });
  afterAll(async () => {
    for (const node of nodes.splice(0)) await node.close();
    await deleteKeysByPrefix(redisUrl, shared.REDIS_KEY_PREFIX);
  });
  return {
    async restart(node) {
      await node.close();
      const fresh = await startPulse(shared);
      nodes[nodes.indexOf(node)] = fresh;
      return fresh;
    },
  };
}

/** The testkit's live client over this contract's events and delta reducer; `new LiveClient({ urls: [url] })`. */
export class LiveClient extends TestkitLiveClient<Snapshot, Delta, ServerToClientEvents, ClientToServerEvents> {
  protected apply(state: Snapshot, delta: Delta): Snapshot {
    return applyDelta(state, delta);
  }
}

/** The testkit's `waitFor(check, timeoutMs, what)`, for the tests that take their helpers from here. */
export { waitFor };

/** How many delta packets the node's Socket.IO parser has encoded (the `pulse_delta_bytes` histogram's count). */
export async function encodedDeltas(node: RunningPulse): Promise<number> {
  const family = (await node.pulse.metrics.registry.getMetricsAsJSON()).find((m) => m.name === "pulse_delta_bytes");
  return family?.values.find((v) => (v as { metricName?: string }).metricName === "pulse_delta_bytes_count")?.value ?? 0;
}

/** A random key prefix for a test's share of Redis. */
export function testPrefix(): string {
  return `pulse-test:${randomUUID()}:`;
}

let counter = 0;

/** A normalized post for the built-in campaign; override any field. */
export function makePost(overrides: Partial<Post> = {}): Post {
  counter += 1;
  return {
    network: "other",
    id: `p-${Date.now()}-${counter}`,
    createdAt: "2015-02-24T11:30:00.000Z",
    text: "Nous recrutons ! #VotreJob",
    author: { id: `a-${counter}`, handle: `user${counter}` },
    hashtags: ["votrejob"],
    mentions: [],
    urls: [],
    kind: "original",
    ...overrides,
  };
}
