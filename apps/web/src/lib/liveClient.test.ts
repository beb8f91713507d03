/**
 * The client's recovery against a real Socket.IO server on a spare port: graceful shutdown, a server that
 * sends the socket away, a node that goes down and comes back, and a store outage.
 */
import type { ClientToServerEvents, Delta, LiveHealth, ServerToClientEvents, Snapshot } from "@pulse/shared/client";
import { Server } from "socket.io";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "@pulse/testkit/wait";
import { subscribeLive } from "./liveClient";
import { liveStatus, type LiveState, type LiveStatus } from "./liveState";
import { createPulseSocket, keepConnected, type DisconnectReason, type PulseSocket, type ReconnectPolicy } from "./socket";
import { testSnapshot } from "./testFixtures";

/** Fast retries, so the tests take well under a second each. */
const FAST: ReconnectPolicy = { delayMs: 50, delayMaxMs: 200, randomization: 0.5 };

type PulseServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** A minimal Pulse node: one counter, a seq, snapshot and health on connect, snapshot as the resync answer. */
class FakeNode {
  io: PulseServer;
  port: number;
  posts = 0;
  seq = 0;
  health: LiveHealth = { status: "ok" };
  resyncs = 0;

  private constructor(io: PulseServer, port: number) {
    this.io = io;
    this.port = port;
  }

  static async start(port = 0, from?: FakeNode): Promise<FakeNode> {
    const io: PulseServer = new Server({ path: "/socket.io" });
    io.listen(port);
    const httpServer = io.httpServer;
    await new Promise<void>((resolve) => (httpServer.listening ? resolve() : httpServer.once("listening", () => resolve())));
    const address = httpServer.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    const node = new FakeNode(io, address.port);
    // Another node on the same store: it sees the same count, and numbers its seq afresh.
    if (from) node.posts = from.posts;
    io.on("connection", (socket) => {
      socket.emit("snapshot", node.snapshot());
      socket.emit("health", node.health);
      socket.on("resync", (ack) => {
        node.resyncs += 1;
        ack(node.snapshot());
      });
    });
    return node;
  }

  snapshot(): Snapshot {
    return testSnapshot(this.seq, this.posts);
  }

  /** Takes in `count` posts; with `emit` false, nobody is told (as while a client is away). */
  ingest(count: number, emit = true): void {
    this.posts += count;
    this.seq += 1;
    const delta: Delta = {
      seq: this.seq,
      totals: { posts: this.posts, authors: this.posts, originals: this.posts },
      byCountry: { FR: this.posts },
      byOrganization: {},
      timeline: [{ t: 1_430_000_000_000, posts: this.posts }],
      posts: [],
      removed: [],
    };
    if (emit) this.io.emit("delta", delta);
  }

  setHealth(status: LiveHealth["status"]): void {
    this.health = { status };
    this.io.emit("health", this.health);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}

/** A client wired as the page wires it, recording every state and disconnect reason. */
function connectClient(node: FakeNode, { keep = true } = {}) {
  const socket: PulseSocket = createPulseSocket(`http://127.0.0.1:${node.port}`, {
    reconnectionDelay: FAST.delayMs,
    reconnectionDelayMax: FAST.delayMaxMs,
    randomizationFactor: FAST.randomization,
  });
  const states: LiveState[] = [];
  const reasons: DisconnectReason[] = [];
  socket.on("disconnect", (reason) => reasons.push(reason));
  const unsubscribe = subscribeLive(socket, (state) => states.push(state), { resyncTimeoutMs: 1_000 });
  const stopKeeping = keep ? keepConnected(socket, FAST) : () => {};
  socket.connect();
  const client = {
    socket,
    states,
    reasons,
    get state(): LiveState | undefined {
      return states.at(-1);
    },
    get status(): LiveStatus {
      const last = states.at(-1);
      return last ? liveStatus(last) : "connecting";
    },
    get posts(): number | undefined {
      return states.at(-1)?.snapshot?.totals.posts;
    },
    close() {
      stopKeeping();
      unsubscribe();
      socket.disconnect();
    },
  };
  cleanups.push(() => client.close());
  return client;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startNode(port?: number, from?: FakeNode): Promise<FakeNode> {
  const node = await FakeNode.start(port, from);
  cleanups.push(() => node.stop());
  return node;
}

describe("subscribeLive against a real Socket.IO server", () => {
  it("follows the snapshot and deltas", async () => {
    const node = await startNode();
    node.posts = 10;
    const client = connectClient(node);
    await waitFor(() => client.status === "live" && client.posts === 10, 3_000, "live");
    node.ingest(2);
    node.ingest(3);
    await waitFor(() => client.posts === 15, 3_000, "15 posts");
    expect(node.resyncs).toBe(0);
  });

  it("comes back after a graceful shutdown's disconnectSockets(true) and catches up without double counting", async () => {
    const node = await startNode();
    node.posts = 10;
    const client = connectClient(node);
    await waitFor(() => client.status === "live", 3_000, "live");

    node.io.disconnectSockets(true);
    await waitFor(() => client.reasons.length === 1, 3_000, "the disconnect");
    // disconnectSockets(true) still sends each socket a DISCONNECT packet before closing the transport, so the
    // client sees a server disconnect, after which socket.io does not retry: keepConnected brings it back.
    expect(client.reasons).toEqual(["io server disconnect"]);
    expect(client.status).toBe("reconnecting");
    expect(client.posts).toBe(10); // the last numbers stay on screen
    node.ingest(5, false); // taken in while the client was away

    await waitFor(() => client.status === "live", 3_000, "live again");
    await waitFor(() => node.resyncs === 1, 3_000, "the reconnect's resync");
    node.ingest(1);
    await waitFor(() => client.posts === 16, 3_000, "16 posts");
    expect(client.states.every((s) => (s.snapshot?.totals.posts ?? 0) <= 16)).toBe(true);
  });

  it("reconnects after the server disconnects the socket, which socket.io alone does not", async () => {
    const node = await startNode();
    const kept = connectClient(node);
    const bare = connectClient(node, { keep: false });
    await waitFor(() => kept.status === "live" && bare.status === "live", 3_000, "both live");

    node.io.disconnectSockets(); // a DISCONNECT packet: "io server disconnect"
    await waitFor(() => kept.reasons.length === 1 && bare.reasons.length === 1, 3_000, "both disconnected");
    expect(kept.reasons).toEqual(["io server disconnect"]);

    await waitFor(() => kept.status === "live" && kept.socket.connected, 3_000, "the kept socket back");
    await new Promise((resolve) => setTimeout(resolve, 4 * FAST.delayMaxMs));
    // The counterfactual: without keepConnected the socket stays down for good.
    expect(bare.socket.connected).toBe(false);
    expect(bare.socket.active).toBe(false);
  });

  it("shows its attempts while the node is down and recovers on another node with the same store", async () => {
    const first = await startNode();
    first.posts = 20;
    const client = connectClient(first);
    await waitFor(() => client.status === "live", 3_000, "live");

    const port = first.port;
    await first.stop();
    await waitFor(() => client.status === "reconnecting", 3_000, "reconnecting");
    await waitFor(() => (client.state?.reconnectAttempt ?? 0) >= 2, 3_000, "a few attempts");
    expect(client.posts).toBe(20);

    // A new node on the same address (as behind a load balancer), over the same store, with more posts.
    first.posts = 23;
    const second = await startNode(port, first);
    await waitFor(() => client.status === "live" && client.posts === 23, 3_000, "live on the new node");
    expect(client.state?.reconnectAttempt).toBe(0);
    await waitFor(() => second.resyncs === 1, 3_000, "the reconnect's resync");
    second.ingest(1);
    await waitFor(() => client.posts === 24, 3_000, "24 posts");
  });

  it("pauses while the store is down and resyncs when it is back", async () => {
    const node = await startNode();
    node.posts = 7;
    const client = connectClient(node);
    await waitFor(() => client.status === "live", 3_000, "live");

    node.setHealth("degraded");
    await waitFor(() => client.status === "paused", 3_000, "paused");
    expect(client.posts).toBe(7);

    node.ingest(4, false); // counted once the store is back, but not yet sent
    node.setHealth("ok");
    node.ingest(1); // the catch-up delta
    await waitFor(() => client.status === "live" && client.posts === 12, 3_000, "live with 12 posts");
    await waitFor(() => node.resyncs === 1, 3_000, "the recovery's resync");
    expect(client.posts).toBe(12);
  });
});
