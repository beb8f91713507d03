import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeWebDist } from "./support/fake-web-dist.js";
import { startPulse, type RunningPulse } from "./support/start-pulse.js";

const PARTNER = "https://partner.example";

const WEB_DIST = fakeWebDist();

describe("framing and CORS follow EMBED_ORIGINS", () => {
  let node: RunningPulse;
  beforeAll(async () => {
    node = await startPulse({ EMBED_ORIGINS: `${PARTNER},https://other.example`, WEB_DIST });
  });
  afterAll(async () => {
    await node.close();
  });

  it("lets only the embed origins frame the embeds", async () => {
    const res = await request(node.url).get("/embed/counter");
    expect(res.status).toBe(200);
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain(`frame-ancestors ${PARTNER} https://other.example`);
    expect(res.headers["x-frame-options"]).toBeUndefined();
    const campaignEmbed = await request(node.url).get(`/c/${node.pulse.campaign.id}/embed/counter`);
    expect(campaignEmbed.status).toBe(200);
    expect(String(campaignEmbed.headers["content-security-policy"])).toContain(`frame-ancestors ${PARTNER} https://other.example`);
    expect(campaignEmbed.headers["x-frame-options"]).toBeUndefined();
  });

  it.each(["/", "/wall", "/staff", "/api/snapshot", "/c/x/wall"])("never lets %s be framed", async (path) => {
    const res = await request(node.url).get(path);
    expect(String(res.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
    expect(res.headers["x-frame-options"]).toBe("DENY");
  });

  it("lets partner pages load /embed.js and the widgets across origins (CORP)", async () => {
    expect((await request(node.url).get("/embed.js")).headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect((await request(node.url).get("/embed/counter")).headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect((await request(node.url).get("/")).headers["cross-origin-resource-policy"]).toBe("same-origin");
  });

  it("allows no inline script anywhere", async () => {
    const csp = String((await request(node.url).get("/")).headers["content-security-policy"]);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
    expect(scriptSrc).toBe("'self'");
    // Plain-HTTP wall boxes on a LAN must not have their assets upgraded to https.
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("sends CORS headers on the public read API to the embed origins only", async () => {
    const allowed = await request(node.url).get("/api/snapshot").set("Origin", PARTNER);
    expect(allowed.headers["access-control-allow-origin"]).toBe(PARTNER);
    const campaign = await request(node.url).get("/api/campaign").set("Origin", PARTNER);
    expect(campaign.headers["access-control-allow-origin"]).toBe(PARTNER);
    // A campaign's public reads too (issue 15), even the 404 of an unknown campaign, which a partner page reads.
    const unknown = await request(node.url).get("/api/c/nope/snapshot").set("Origin", PARTNER);
    expect(unknown.status).toBe(404);
    expect(unknown.headers["access-control-allow-origin"]).toBe(PARTNER);
    const stranger = await request(node.url).get("/api/snapshot").set("Origin", "https://evil.example");
    expect(stranger.headers["access-control-allow-origin"]).toBeUndefined();
    const ingest = await request(node.url).options("/api/ingest").set("Origin", PARTNER).set("Access-Control-Request-Method", "POST");
    expect(ingest.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("images and media load from the media allowlist only", () => {
  it("lists exactly the node, the networks' hosts, the Mastodon instance's and MEDIA_HOSTS in img-src and media-src", async () => {
    const node = await startPulse({ WEB_DIST, MASTODON_URL: "https://mastodon.example", MEDIA_HOSTS: "files.mastodon.example,127.0.0.1:9000" });
    try {
      const hosts = [
        "https://pbs.twimg.com",
        "https://video.twimg.com",
        "https://cdn.bsky.app",
        "https://video.bsky.app",
        "https://mastodon.example",
        "https://files.mastodon.example",
        // A loopback test server is served over http; a CSP http source also matches https.
        "http://127.0.0.1:9000",
      ];
      for (const path of ["/", "/wall", "/embed/feed", "/staff", "/embed.js"]) {
        const csp = String((await request(node.url).get(path)).headers["content-security-policy"]);
        expect([path, /img-src ([^;]*)/.exec(csp)?.[1]]).toEqual([path, ["'self'", "data:", ...hosts].join(" ")]);
        expect([path, /media-src ([^;]*)/.exec(csp)?.[1]]).toEqual([path, ["'self'", ...hosts].join(" ")]);
      }
    } finally {
      await node.close();
    }
  });
});

describe("EMBED_ORIGINS=* (the default)", () => {
  it("lets any page frame the embeds and read the public API", async () => {
    const node = await startPulse({ WEB_DIST });
    try {
      const embed = await request(node.url).get("/embed/feed");
      expect(String(embed.headers["content-security-policy"])).toContain("frame-ancestors *");
      const api = await request(node.url).get("/api/snapshot").set("Origin", "https://anyone.example");
      expect(api.headers["access-control-allow-origin"]).toBe("*");
    } finally {
      await node.close();
    }
  });
});

describe("Socket.IO follows EMBED_ORIGINS", () => {
  it("refuses a browser socket from another origin when the list is set, and takes its own and listed ones", async () => {
    const { io: connect } = await import("socket.io-client");
    const node = await startPulse({ EMBED_ORIGINS: PARTNER, WEB_DIST });
    const tryOrigin = (origin: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect(node.url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { origin } });
        socket.on("snapshot", () => {
          socket.disconnect();
          resolve(true);
        });
        socket.on("connect_error", () => {
          socket.disconnect();
          resolve(false);
        });
      });
    try {
      expect(await tryOrigin("https://evil.example")).toBe(false);
      expect(await tryOrigin(PARTNER)).toBe(true);
      expect(await tryOrigin(node.url)).toBe(true);
    } finally {
      await node.close();
    }
  });
});
