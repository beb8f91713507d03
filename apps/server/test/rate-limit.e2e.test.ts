/**
 * Rate limits over real HTTP: per client IP and per token on `POST /api/ingest` and the staff API, wrong staff
 * tokens per IP, `0` turning a limit off, limits shared by two nodes on one Redis, and a Redis outage that lets
 * requests through instead of failing them. Distinct client IPs are real: the requests leave from 127.0.0.2,
 * 127.0.0.3… (`localAddress`), or come through a trusted proxy's `X-Forwarded-For`.
 */
import { Agent } from "node:http";
import { Writable } from "node:stream";
import { createClient } from "redis";
import request from "supertest";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { deleteKeysByPrefix, startRedisServer, type RedisServer } from "@pulse/testkit/redis";
import { createApp } from "../src/app.js";
import { configFrom } from "../src/config.js";
import { listen } from "../src/listen.js";
import { createLogger } from "../src/logger.js";
import { makePost, startPulse, testPrefix, waitFor, type RunningPulse } from "./support/start-pulse.js";

const INGEST_TOKEN = "rate-limit-ingest-token";
const STAFF_TOKEN = "rate-limit-staff-token-0123456789";

/** One agent per loopback address, so requests leave from that client IP. */
const agents = new Map<string, Agent>();
function from(ip: string): Agent {
  let agent = agents.get(ip);
  if (!agent) {
    agent = new Agent({ localAddress: ip, keepAlive: true });
    agents.set(ip, agent);
  }
  return agent;
}

interface Sent {
  ip?: string;
  token?: string;
  forwardedFor?: string;
}

function ingest(node: RunningPulse, { ip = "127.0.0.1", token = INGEST_TOKEN, forwardedFor }: Sent = {}) {
  const req = request(node.url).post("/api/ingest").agent(from(ip)).set("Content-Type", "application/json");
  if (token) req.set("Authorization", `Bearer ${token}`);
  if (forwardedFor) req.set("X-Forwarded-For", forwardedFor);
  return req.send(JSON.stringify([makePost()]));
}

function staffSession(node: RunningPulse, { ip = "127.0.0.1", token = STAFF_TOKEN }: Sent = {}, cookie?: string) {
  const req = request(node.url).get("/api/staff/session").agent(from(ip));
  if (cookie) req.set("Cookie", cookie);
  else if (token) req.set("Authorization", `Bearer ${token}`);
  return req;
}

function login(node: RunningPulse, token: string, ip = "127.0.0.1") {
  return request(node.url).post("/api/staff/login").agent(from(ip)).send({ token });
}

/** Statuses of `n` requests made one after another. */
async function statuses(n: number, send: (i: number) => PromiseLike<{ status: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send(i)).status);
  return out;
}

/** How many of `n` requests, 10 at a time, got each status. */
async function tally(n: number, send: () => PromiseLike<{ status: number }>): Promise<Record<number, number>> {
  const counts: Record<number, number> = {};
  for (let done = 0; done < n; done += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, n - done) }, () => send()));
    for (const { status } of batch) counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

function expectRefused(res: request.Response, message: RegExp, windowSeconds = 60): void {
  expect(res.status, JSON.stringify(res.body)).toBe(429);
  const retryAfter = Number(res.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(res.body.error).toMatch(message);
  expect(res.body.error).toContain(`retry in ${retryAfter} s`);
}

const nodes: RunningPulse[] = [];
async function node(env: Record<string, string>): Promise<RunningPulse> {
  const started = await startPulse({ INGEST_TOKEN, STAFF_TOKEN, ...env });
  nodes.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.close()));
});
afterAll(() => {
  for (const agent of agents.values()) agent.destroy();
});

describe("ingest rate limits (embedded store, counted in memory)", () => {
  it("refuses a client IP past the limit with 429, Retry-After and an error that says the limit; wrong tokens count", async () => {
    const pulse = await node({ INGEST_RATE_LIMIT: "3" });
    // Three different wrong tokens: no per-token limit is reached, the IP's is.
    expect(await statuses(3, (i) => ingest(pulse, { token: `wrong-${i}` }))).toEqual([401, 401, 401]);
    const refused = await ingest(pulse);
    expectRefused(refused, /^rate limit: at most 3 ingest requests per client IP per 60 s; retry in \d+ s$/);
    // The answers tell clients where they stand (IETF RateLimit headers, one entry per limiter).
    expect(refused.headers["ratelimit"]).toContain('"ingest-ip"; r=0');
    // Another client IP is not affected.
    const other = await ingest(pulse, { ip: "127.0.0.2" });
    expect(other.status).toBe(202);
    expect(other.headers["ratelimit"]).toContain('"ingest-ip"; r=2');
  });

  it("limits a bearer token across client IPs", async () => {
    const pulse = await node({ INGEST_RATE_LIMIT: "4" });
    expect(await statuses(3, () => ingest(pulse, { ip: "127.0.0.1" }))).toEqual([202, 202, 202]);
    expect((await ingest(pulse, { ip: "127.0.0.2" })).status).toBe(202);
    // 127.0.0.2 has made one request, the token five: the token's limit refuses it, from any IP.
    expectRefused(await ingest(pulse, { ip: "127.0.0.2" }), /at most 4 ingest requests per bearer token per 60 s/);
    expectRefused(await ingest(pulse, { ip: "127.0.0.3" }), /per bearer token/);
    // The IP itself is still below its limit: without that token it gets the usual answers.
    expect((await ingest(pulse, { ip: "127.0.0.2", token: "" })).status).toBe(401);
  });

  it("counts the client IP given by a trusted proxy's X-Forwarded-For, and ignores the header otherwise", async () => {
    const proxied = await node({ INGEST_RATE_LIMIT: "2", TRUST_PROXY: "loopback" });
    expect(await statuses(2, (i) => ingest(proxied, { token: `w${i}`, forwardedFor: "203.0.113.7" }))).toEqual([401, 401]);
    expectRefused(await ingest(proxied, { token: "w2", forwardedFor: "203.0.113.7" }), /per client IP/);
    expect((await ingest(proxied, { token: "w3", forwardedFor: "203.0.113.8" })).status).toBe(401);

    // Without TRUST_PROXY a client cannot dodge its limit by sending the header itself.
    const direct = await node({ INGEST_RATE_LIMIT: "2" });
    expect(await statuses(2, (i) => ingest(direct, { token: `w${i}`, forwardedFor: `203.0.113.${i}` }))).toEqual([401, 401]);
    expectRefused(await ingest(direct, { token: "w2", forwardedFor: "203.0.113.99" }), /per client IP/);
  });

  it("turns every limit off with 0, where the defaults (600, 600, 10) refuse", async () => {
    const defaults = await node({});
    expect(await tally(601, () => ingest(defaults))).toEqual({ 202: 600, 429: 1 });
    expect(await tally(601, () => staffSession(defaults, { ip: "127.0.0.2" }))).toEqual({ 200: 600, 429: 1 });
    expect(await statuses(11, () => staffSession(defaults, { ip: "127.0.0.3", token: "guess" }))).toEqual([...Array(10).fill(401), 429]);

    const off = await node({ INGEST_RATE_LIMIT: "0", STAFF_RATE_LIMIT: "0", STAFF_AUTH_FAILURE_LIMIT: "0" });
    expect(await tally(601, () => ingest(off))).toEqual({ 202: 601 });
    expect(await tally(601, () => staffSession(off, { ip: "127.0.0.2" }))).toEqual({ 200: 601 });
    expect(await statuses(11, () => staffSession(off, { ip: "127.0.0.3", token: "guess" }))).toEqual(Array(11).fill(401));
    const answer = await ingest(off);
    expect(answer.status).toBe(202);
    expect(answer.headers["ratelimit"]).toBeUndefined();
  }, 90_000);
});

describe("staff rate limits", () => {
  it("refuses an IP that sent too many wrong staff tokens, even with the right one, and only that IP", async () => {
    const pulse = await node({ STAFF_AUTH_FAILURE_LIMIT: "3" });
    expect(await statuses(3, (i) => staffSession(pulse, { token: `guess-${i}` }))).toEqual([401, 401, 401]);
    expectRefused(await staffSession(pulse, { token: "guess-3" }), /^rate limit: at most 3 wrong staff tokens per client IP per 60 s/);
    expectRefused(await staffSession(pulse), /wrong staff tokens/);
    expect((await staffSession(pulse, { ip: "127.0.0.2" })).status).toBe(200);
  });

  it("limits login attempts per IP: failed logins count, then even the right token waits", async () => {
    const pulse = await node({ STAFF_AUTH_FAILURE_LIMIT: "3" });
    expect(await statuses(3, (i) => login(pulse, `guess-${i}`, "127.0.0.3"))).toEqual([401, 401, 401]);
    expectRefused(await login(pulse, STAFF_TOKEN, "127.0.0.3"), /wrong staff tokens per client IP/);
    expect((await login(pulse, STAFF_TOKEN, "127.0.0.4")).status).toBe(200);
  });

  it("does not count requests without credentials as wrong tokens (the console makes those every day)", async () => {
    const pulse = await node({ STAFF_AUTH_FAILURE_LIMIT: "3" });
    expect(await statuses(6, () => staffSession(pulse, { token: "" }))).toEqual(Array(6).fill(401));
    expect((await staffSession(pulse)).status).toBe(200);
  });

  it("limits staff API requests per client IP and per session", async () => {
    const pulse = await node({ STAFF_RATE_LIMIT: "3" });
    const signedIn = await login(pulse, STAFF_TOKEN, "127.0.0.5");
    expect(signedIn.status).toBe(200);
    const cookie = ([] as string[]).concat(signedIn.headers["set-cookie"] ?? [])[0]?.split(";")[0] ?? "";
    expect(cookie).toMatch(/^pulse_staff=/);
    // 127.0.0.5: the login and two requests, then its IP limit.
    expect(await statuses(2, () => staffSession(pulse, { ip: "127.0.0.5" }, cookie))).toEqual([200, 200]);
    expectRefused(await staffSession(pulse, { ip: "127.0.0.5" }, cookie), /^rate limit: at most 3 staff API requests per client IP per 60 s/);
    // The session has made two counted requests (the IP limit refused the third first): from a fresh IP it makes
    // one more, then reaches its own limit.
    expect((await staffSession(pulse, { ip: "127.0.0.6" }, cookie)).status).toBe(200);
    expectRefused(await staffSession(pulse, { ip: "127.0.0.6" }, cookie), /at most 3 staff API requests per token or session/);
    // That fresh IP is not itself refused.
    expect((await staffSession(pulse, { ip: "127.0.0.6" })).status).toBe(200);
  });
});

describe("rate limit logging", () => {
  it("logs one warning per limited client and window, and never the token", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split("\n").filter((l) => l.length > 0));
        done();
      },
    });
    // The app's own logger (with its redaction of credentials), writing here.
    const pulse = await createApp(configFrom({ INGEST_TOKEN, INGEST_RATE_LIMIT: "1" }), { logger: createLogger({ LOG_LEVEL: "info" }, destination) });
    await pulse.start();
    const port = await listen(pulse, 0, "127.0.0.1");
    const running: RunningPulse = { pulse, url: `http://127.0.0.1:${port}`, close: () => pulse.close() };
    nodes.push(running);

    expect(await statuses(4, () => ingest(running))).toEqual([202, 429, 429, 429]);
    // From two other IPs, once each: the token is over its limit there too.
    expect(await statuses(2, (i) => ingest(running, { ip: `127.0.0.${i + 2}` }))).toEqual([429, 429]);
    const warnings = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "rate limit reached: answering 429 until the window ends");
    expect(warnings.map((w) => [w.limiter, w.ip])).toEqual([
      ["ingest-ip", "127.0.0.1"],
      ["ingest-token", "127.0.0.2"],
    ]);
    expect(warnings[0]).toMatchObject({ level: 40, limit: 1, windowMs: 60_000 });
    expect(typeof warnings[1]?.client).toBe("string");
    expect(lines.join("\n")).not.toContain(INGEST_TOKEN);
  });
});

describe("rate limits shared through Redis", () => {
  const redisUrl = inject("redisUrl");
  const prefix = testPrefix();
  afterAll(async () => {
    await deleteKeysByPrefix(redisUrl, prefix);
  });

  it("counts a client's requests on every node of one campaign", async () => {
    const env = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, INGEST_RATE_LIMIT: "4", STAFF_AUTH_FAILURE_LIMIT: "2" };
    const [a, b] = [await node(env), await node(env)] as [RunningPulse, RunningPulse];
    expect(await statuses(4, (i) => ingest(i % 2 === 0 ? a : b))).toEqual([202, 202, 202, 202]);
    expectRefused(await ingest(a), /at most 4 ingest requests per client IP/);
    expectRefused(await ingest(b), /at most 4 ingest requests per client IP/);

    // Wrong staff tokens spread over both nodes add up; the right token (never counted) shows when the lock is on.
    expect((await staffSession(a, { ip: "127.0.0.2", token: "guess-a" })).status).toBe(401);
    expect((await staffSession(b, { ip: "127.0.0.2", token: "guess-b" })).status).toBe(401);
    // A failure is counted once its answer is sent, so the lock may trail the 401 by a round trip to Redis.
    let locked = await staffSession(a, { ip: "127.0.0.2" });
    for (const deadline = Date.now() + 3_000; locked.status !== 429 && Date.now() < deadline; ) {
      locked = await staffSession(a, { ip: "127.0.0.2" });
    }
    expectRefused(locked, /at most 2 wrong staff tokens per client IP/);
    expectRefused(await staffSession(b, { ip: "127.0.0.2" }), /wrong staff tokens/);
  });

  describe("while Redis cannot be reached", () => {
    let redis: RedisServer | undefined;
    afterEach(async () => {
      await redis?.stop();
    });

    it("lets requests through (no 500, no 429) and limits again once Redis is back", async () => {
      redis = await startRedisServer();
      const pulse = await node({ REDIS_URL: redis.url, STAFF_RATE_LIMIT: "2", INGEST_RATE_LIMIT: "2" });
      expect(await statuses(2, () => staffSession(pulse))).toEqual([200, 200]);
      expectRefused(await staffSession(pulse), /staff API requests per client IP/);

      await redis.kill();
      await waitFor(() => !pulse.pulse.store.isHealthy(), 5_000, "the store to notice Redis is gone");
      // The staff session needs no store: limits off, it answers. Ingest answers its own 503.
      expect(await statuses(5, () => staffSession(pulse))).toEqual(Array(5).fill(200));
      expect(await statuses(3, (i) => staffSession(pulse, { token: `guess-${i}` }))).toEqual([401, 401, 401]);
      const refused = await ingest(pulse);
      expect(refused.status).toBe(503);
      expect(refused.headers["retry-after"]).toBeDefined();

      // Back, empty (no persistence): its scripts are gone too, and the limiters load them again.
      redis = await startRedisServer({ port: redis.port });
      await waitFor(() => pulse.pulse.store.isHealthy(), 10_000, "the store to reconnect");
      const seen: number[] = [];
      for (const deadline = Date.now() + 10_000; Date.now() < deadline && !seen.includes(429); ) {
        seen.push((await staffSession(pulse)).status);
      }
      expect(seen.at(-1)).toBe(429);
      expect(seen.filter((s) => s !== 200 && s !== 429)).toEqual([]);
      expect((await ingest(pulse, { ip: "127.0.0.2" })).status).toBe(202);
    });

    it("lets requests through while Redis hangs (SIGSTOP: connected, silent), and limits again after", async () => {
      redis = await startRedisServer();
      const pid = await redisPid(redis.url);
      const pulse = await node({ REDIS_URL: redis.url, STAFF_RATE_LIMIT: "2" });
      expect(await statuses(2, () => staffSession(pulse))).toEqual([200, 200]);
      expectRefused(await staffSession(pulse), /staff API requests per client IP/);

      process.kill(pid, "SIGSTOP");
      try {
        // Over 3.6 s of hang, only the first request waits out the limiter's 500 ms deadline; the rest pass at
        // once until Redis answers. (Retrying Redis every second instead would make a request wait every second.)
        // Requests follow one another with no pause: the hang's length paces the loop, not a sleep.
        const waited: number[] = [];
        for (const hangEnds = performance.now() + 3_600; waited.length < 24 || performance.now() < hangEnds; ) {
          const began = performance.now();
          expect((await staffSession(pulse)).status).toBe(200);
          waited.push(performance.now() - began);
        }
        expect(waited[0]).toBeGreaterThanOrEqual(450);
        // At most one more slow answer, to allow a scheduling hiccup on a busy machine.
        const slow = waited.flatMap((ms, i) => (i > 0 && ms >= 450 ? [`#${i}: ${Math.round(ms)} ms`] : []));
        expect(slow.length, `slow answers among ${waited.length} requests: ${slow.join(", ")}`).toBeLessThanOrEqual(1);
      } finally {
        process.kill(pid, "SIGCONT");
      }
      // The window's count is still in Redis: once the limiters reach it again, the client is refused again.
      let again = await staffSession(pulse);
      for (const deadline = Date.now() + 10_000; again.status === 200 && Date.now() < deadline; ) again = await staffSession(pulse);
      expectRefused(again, /staff API requests per client IP/);
    });
  });
});

/** The process id of the redis-server at `url`, from `INFO server`. */
async function redisPid(url: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    const pid = Number(/process_id:(\d+)/.exec(await client.info("server"))?.[1]);
    expect(pid).toBeGreaterThan(0);
    return pid;
  } finally {
    client.destroy();
  }
}
