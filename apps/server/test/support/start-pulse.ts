import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { io as connect, type Socket } from "socket.io-client";
import {
  applyDelta,
  type Campaign,
  type ClientToServerEvents,
  type Delta,
  type Post,
  type ServerToClientEvents,
  type Snapshot,
} from "@pulse/shared";
import { createApp, type PulseApp } from "../../src/app.js";
import { configFrom } from "../../src/config.js";
import { listen } from "../../src/listen.js";

/** A started Pulse node on a free port. */
export interface RunningPulse {
  pulse: PulseApp;
  url: string;
  close(): Promise<void>;
}

/** Starts a node with the given environment (SOURCE defaults to none) on port 0. */
export async function startPulse(
  env: Record<string, string | undefined> = {},
  options: { campaign?: Campaign } = {},
): Promise<RunningPulse> {
  const pulse = await createApp(configFrom({ TICK_MS: "20", ...env }), { logger: pino({ level: "silent" }), ...options });
  await pulse.start();
  const port = await listen(pulse, 0, "127.0.0.1");
  return { pulse, url: `http://127.0.0.1:${port}`, close: () => pulse.close() };
}

/** A real socket.io-client that keeps a snapshot current from `snapshot` and `delta`, and records every event. */
export class LiveClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  state: Snapshot | undefined;
  readonly deltas: Delta[] = [];
  readonly snapshots: Snapshot[] = [];

  constructor(url: string) {
    this.socket = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
    this.socket.on("snapshot", (s) => {
      this.snapshots.push(s);
      this.state = s;
    });
    this.socket.on("delta", (d) => {
      this.deltas.push(d);
      if (this.state) this.state = applyDelta(this.state, d);
    });
  }

  /** Resolves once the first snapshot has arrived. */
  async ready(timeoutMs = 5_000): Promise<Snapshot> {
    await waitFor(() => this.state !== undefined, timeoutMs, "a snapshot");
    return this.state as Snapshot;
  }

  /** Asks for a fresh snapshot. */
  resync(): Promise<Snapshot> {
    return new Promise((resolve) => this.socket.emit("resync", resolve));
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Polls `check` until it holds, or fails naming `what` it waited for. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
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
