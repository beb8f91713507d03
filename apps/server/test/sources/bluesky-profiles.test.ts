import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "@pulse/testkit/wait";
import { BlueskyProfileResolver, GET_PROFILES_MAX_ACTORS, type BlueskyProfileResolverOptions } from "../../src/sources/bluesky-profiles.js";
import { FakeAppView, deadAppViewUrl, type AppViewMode } from "../support/fake-appview.js";

/** A logger that keeps what it is told. */
function recordingLogger(): { logger: NonNullable<BlueskyProfileResolverOptions["logger"]>; lines: { level: string; msg?: string }[] } {
  const lines: { level: string; msg?: string }[] = [];
  return {
    lines,
    logger: {
      info: (_obj, msg) => lines.push({ level: "info", msg }),
      warn: (_obj, msg) => lines.push({ level: "warn", msg }),
    },
  };
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function startAppView(): Promise<{ appview: FakeAppView; url: string }> {
  const appview = new FakeAppView();
  const url = await appview.listen();
  cleanup.push(() => appview.close());
  return { appview, url };
}

function resolver(options: BlueskyProfileResolverOptions): BlueskyProfileResolver {
  const r = new BlueskyProfileResolver(options);
  cleanup.push(() => r.close());
  return r;
}

/**
 * A clock the test moves by hand, for the cache's and the failure's ages. It starts far from 0: the LRU cache
 * takes a start time of 0 for "no TTL".
 */
function manualClock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const did = (n: number) => `did:plc:author${String(n).padStart(3, "0")}`;

describe("BlueskyProfileResolver against a local AppView", () => {
  it("asks for unknown DIDs 25 at a time and answers later calls from its cache", async () => {
    const { appview, url } = await startAppView();
    const dids = Array.from({ length: 60 }, (_, i) => did(i));
    for (const d of dids) appview.add(d, `${d.slice(8)}.bsky.social`, `Author ${d.slice(-3)}`);

    const r = resolver({ appviewUrl: url });
    const found = await r.resolve([...dids, dids[0] ?? ""]);
    expect(GET_PROFILES_MAX_ACTORS).toBe(25);
    expect(appview.requests.map((actors) => actors.length).sort((a, b) => b - a)).toEqual([25, 25, 10]);
    expect(appview.asked().sort()).toEqual(dids);
    expect(found.size).toBe(60);
    expect(found.get(did(7))).toEqual({ did: did(7), handle: "author007.bsky.social", displayName: "Author 007" });

    // Cached: only the new DID is asked for.
    appview.add(did(99), "newcomer.bsky.social");
    const again = await r.resolve([did(1), did(2), did(99)]);
    expect(appview.requests).toHaveLength(4);
    expect(appview.requests[3]).toEqual([did(99)]);
    expect(again.get(did(99))).toEqual({ did: did(99), handle: "newcomer.bsky.social" });
    expect(r.describe()).toBe("handle lookups: 63 resolved, 0 unresolved");
  });

  it("keeps the DID for an unverified handle, drops empty names, skips malformed profiles and remembers unknown DIDs briefly", async () => {
    const { appview, url } = await startAppView();
    appview.add("did:plc:unverified", "handle.invalid", "Someone");
    appview.add("did:plc:blank", "blank.bsky.social", "   ");
    appview.profiles.set("did:plc:broken", { did: "did:plc:broken", displayName: "No handle" });
    appview.add("did:plc:fine", "fine.example.com", "Fine");

    const clock = manualClock();
    const r = resolver({ appviewUrl: `${url}/`, failureTtlMs: 150, now: clock.now });
    const found = await r.resolve(["did:plc:unverified", "did:plc:blank", "did:plc:broken", "did:plc:fine", "did:plc:gone"]);
    expect([...found.values()]).toEqual([
      { did: "did:plc:unverified", handle: "did:plc:unverified", displayName: "Someone" },
      { did: "did:plc:blank", handle: "blank.bsky.social" },
      { did: "did:plc:fine", handle: "fine.example.com", displayName: "Fine" },
    ]);
    expect(appview.requests).toHaveLength(1);

    // The unknown and the malformed are not asked for again at once, nor just before the failure TTL…
    await r.resolve(["did:plc:gone", "did:plc:broken"]);
    expect(appview.requests).toHaveLength(1);
    appview.add("did:plc:gone", "late.bsky.social");
    clock.advance(149);
    await r.resolve(["did:plc:gone"]);
    expect(appview.requests).toHaveLength(1);
    // …but are once it has passed (an account too new for the AppView shows up later).
    clock.advance(2);
    const later = await r.resolve(["did:plc:gone"]);
    expect(appview.requests).toHaveLength(2);
    expect(later.get("did:plc:gone")?.handle).toBe("late.bsky.social");
  });

  it("keeps a path prefix of the AppView URL", async () => {
    const { appview, url } = await startAppView();
    appview.add("did:plc:a", "a.bsky.social");
    const found = await resolver({ appviewUrl: `${url}/proxy/bsky` }).resolve(["did:plc:a"]);
    expect(found.get("did:plc:a")?.handle).toBe("a.bsky.social");
  });

  it("refuses a URL that is not http(s)", () => {
    expect(() => new BlueskyProfileResolver({ appviewUrl: "wss://public.api.bsky.app" })).toThrow(/BLUESKY_APPVIEW_URL must be an http: or https: URL/);
  });

  it.each<[AppViewMode, RegExp]>([
    ["error-500", /HTTP 500/],
    ["garbage", /without a profiles list/],
    ["not-json", /not JSON/],
    ["slow", /no answer within 150 ms/],
  ])("answers nothing, fast, when the AppView answers %s, logs it once and recovers", async (mode, reason) => {
    const { appview, url } = await startAppView();
    appview.mode = mode;
    for (let i = 0; i < 60; i += 1) appview.add(did(i), `a${i}.bsky.social`);
    const { logger, lines } = recordingLogger();
    const clock = manualClock();
    const r = resolver({ appviewUrl: url, timeoutMs: 150, failureTtlMs: 300, logger, now: clock.now });

    const started = Date.now();
    expect((await r.resolve(Array.from({ length: 60 }, (_, i) => did(i)))).size).toBe(0);
    expect(Date.now() - started).toBeLessThan(1_000);
    // One failed round stops the batch's other requests.
    expect(appview.requests.length).toBeLessThanOrEqual(4);
    const asked = appview.requests.length;
    // While the failure is remembered, no request is made at all.
    expect((await r.resolve([did(1)])).size).toBe(0);
    expect(appview.requests).toHaveLength(asked);
    expect(r.describe()).toMatch(reason);
    expect(r.describe()).toContain("posts keep the DID as handle");

    clock.advance(299);
    expect((await r.resolve([did(1)])).size).toBe(0);
    expect(appview.requests).toHaveLength(asked);

    clock.advance(2);
    expect((await r.resolve([did(2)])).size).toBe(0);
    expect(appview.requests.length).toBeGreaterThan(asked);
    expect(lines.filter((l) => l.level === "warn")).toHaveLength(1);

    appview.mode = "ok";
    clock.advance(301);
    expect((await r.resolve([did(3)])).get(did(3))?.handle).toBe("a3.bsky.social");
    expect(lines.map((l) => l.level)).toEqual(["warn", "info"]);
    expect(lines[1]?.msg).toMatch(/recovered/);
    expect(r.describe()).not.toMatch(/failing/);
  });

  it("answers nothing when nothing listens at the AppView URL", async () => {
    const { logger, lines } = recordingLogger();
    const r = resolver({ appviewUrl: await deadAppViewUrl(), logger });
    expect((await r.resolve(["did:plc:a", "did:plc:b"])).size).toBe(0);
    expect(lines).toHaveLength(1);
    expect(r.describe()).toMatch(/AppView lookups failing since .*ECONNREFUSED/);
  });

  it("aborts a request in flight on close", async () => {
    const { appview, url } = await startAppView();
    appview.mode = "slow";
    const { logger, lines } = recordingLogger();
    const r = resolver({ appviewUrl: url, timeoutMs: 10_000, logger });
    const started = Date.now();
    const pending = r.resolve(["did:plc:a"]);
    await waitFor(() => appview.requests.length === 1, 5_000, "the request to reach the AppView");
    r.close();
    expect((await pending).size).toBe(0);
    expect(Date.now() - started).toBeLessThan(2_000);
    // Stopping is not an AppView failure.
    expect(lines).toHaveLength(0);
  });
});
