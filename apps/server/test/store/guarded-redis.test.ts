/**
 * The Redis guard on a real, really hung redis-server (SIGSTOP: connected, silent) with the guard's timers on a
 * fake clock: deadlines and the watchdog run at once, while the replies (or their absence) are Redis's own.
 */
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startRedisServer, type RedisServer } from "@pulse/testkit/redis";
import { answeredWithin, createGuardedClient, reconnectDelay, RedisGuard, type GuardedOutcome } from "../../src/store/guarded-redis.js";

describe("answeredWithin", () => {
  afterEach(() => vi.useRealTimers());

  it("gives up with the caller's error after its time, and leaves no timer behind when the connection answers first", async () => {
    vi.useFakeTimers();
    const never = new Promise<void>(() => {});
    const late = answeredWithin(never, 500, () => new Error("Redis does not answer: test"));
    const outcome = late.then(() => "answered", (err: Error) => err.message);
    await vi.advanceTimersByTimeAsync(499);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toBe("Redis does not answer: test");

    await answeredWithin(Promise.resolve("connected"), 500, () => new Error("unused"));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("passes the connection's own failure on, and a failure after the caller gave up goes unhandled nowhere", async () => {
    await expect(answeredWithin(Promise.reject(new Error("ECONNREFUSED")), 500, () => new Error("unused"))).rejects.toThrow("ECONNREFUSED");
    vi.useFakeTimers();
    let fail: (err: Error) => void = () => {};
    const connecting = new Promise<void>((_, reject) => (fail = reject));
    const gaveUp = answeredWithin(connecting, 10, () => new Error("gave up")).catch((err: Error) => err.message);
    await vi.advanceTimersByTimeAsync(10);
    expect(await gaveUp).toBe("gave up");
    fail(new Error("refused later")); // an unhandled rejection here would fail the run
    await vi.advanceTimersByTimeAsync(0);
  });
});

describe("reconnectDelay", () => {
  it("doubles from 50 ms up to 2 s, each wait jittered between half and all of it", () => {
    const bases = [0, 1, 2, 3, 4, 5, 6, 10, 30].map((retries) => reconnectDelay(retries, () => 1));
    expect(bases).toEqual([50, 100, 200, 400, 800, 1600, 2000, 2000, 2000]);
    expect([0, 3, 30].map((retries) => reconnectDelay(retries, () => 0))).toEqual([25, 200, 1000]);
    expect(reconnectDelay(5, () => 0.5)).toBe(1200);
  });
});

describe("RedisGuard on a hung Redis", () => {
  let server: RedisServer;
  let pid: number;
  let client: ReturnType<typeof createGuardedClient>;
  const observed: [string, GuardedOutcome][] = [];
  const stalls: boolean[] = [];
  let guard: RedisGuard<string>;
  /** Resolves when the guard next reports a stall change. */
  let nextStall: Promise<boolean>;
  let reportStall: (stalled: boolean) => void = () => {};
  let reportObserved: () => void = () => {};
  /** Resolves when the guard next reports a round trip. */
  const nextObserved = () => new Promise<void>((resolve) => (reportObserved = resolve));

  const expectStallChange = () => {
    nextStall = new Promise((resolve) => (reportStall = resolve));
  };

  beforeAll(async () => {
    server = await startRedisServer();
    const admin = createClient({ url: server.url });
    await admin.connect();
    pid = Number(/process_id:(\d+)/.exec(await admin.info("server"))?.[1]);
    admin.destroy();
    expect(pid).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    process.kill(pid, "SIGCONT");
    guard.stop();
    vi.useRealTimers();
    client.destroy();
  });

  async function connectGuarded(): Promise<void> {
    observed.length = 0;
    stalls.length = 0;
    client = createGuardedClient(server.url);
    client.on("error", () => {});
    await client.connect();
    guard = new RedisGuard<string>({
      client,
      timeoutMs: 1000,
      unavailable: (reason) => new Error(`Redis ${reason}`),
      observe: (operation, outcome) => {
        observed.push([operation, outcome]);
        reportObserved();
      },
      onStall: (stalled) => {
        stalls.push(stalled);
        reportStall(stalled);
      },
    });
    // Only the guard's clock is fake: the sockets, and Redis, run for real.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance"] });
  }

  it("fails every waiting command once one misses its deadline, sends nothing while stalled, and clears when Redis answers", async () => {
    await connectGuarded();
    expect(await guard.run("get", () => client.get("guarded"))).toBeNull();
    process.kill(pid, "SIGSTOP");
    const first = guard.run("first", () => client.get("guarded"));
    const firstFailed = expect(first).rejects.toThrow(/^Redis did not answer within 1000 ms$/);
    await vi.advanceTimersByTimeAsync(300);
    expect(guard.stalled).toBe(false);
    const second = guard.run("second", () => client.get("guarded"));
    const secondFailed = expect(second).rejects.toThrow(/^Redis does not answer$/);
    expectStallChange();
    // The first deadline passes; the second command's own is 300 ms away, and it does not wait for it.
    await vi.advanceTimersByTimeAsync(700);
    await firstFailed;
    await secondFailed;
    expect(guard.stalled).toBe(true);
    expect(await nextStall).toBe(true);

    // While stalled, commands fail at once and are not sent, however much time passes.
    let sent = 0;
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      await expect(guard.run("later", () => ((sent += 1), client.get("guarded")))).rejects.toThrow(/^Redis does not answer$/);
    }
    expect(sent).toBe(0);
    expect(observed).toEqual([["get", "ok"], ["first", "timeout"], ["second", "timeout"]]);

    // The ping queued behind the late commands is answered as soon as Redis runs again.
    expectStallChange();
    process.kill(pid, "SIGCONT");
    expect(await nextStall).toBe(false);
    expect(guard.stalled).toBe(false);
    expect(await guard.run("after", () => client.get("guarded"))).toBeNull();
    expect(stalls).toEqual([true, false]);
  });

  it("lets its watchdog find a hang with no command sent, with one ping in flight at a time", async () => {
    await connectGuarded();
    guard.watch("ping", 1000);
    let answered = nextObserved();
    await vi.advanceTimersByTimeAsync(1000);
    await answered;
    expect(observed).toEqual([["ping", "ok"]]);

    process.kill(pid, "SIGSTOP");
    expectStallChange();
    // A ping at 2 s, missing its deadline at 3 s; the ticks in between send nothing more.
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await nextStall).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(observed).toEqual([["ping", "ok"], ["ping", "timeout"]]);

    expectStallChange();
    process.kill(pid, "SIGCONT");
    expect(await nextStall).toBe(false);
    answered = nextObserved();
    await vi.advanceTimersByTimeAsync(1000);
    await answered;
    expect(observed.at(-1)).toEqual(["ping", "ok"]);
    expect(stalls).toEqual([true, false]);
  });

  it("fails at once while disconnected, without a deadline or a stall", async () => {
    await connectGuarded();
    client.destroy();
    await expect(guard.run("closed", () => client.get("guarded"))).rejects.toThrow(/closed/i);
    expect(guard.stalled).toBe(false);
    expect(observed).toEqual([["closed", "error"]]);
  });
});
