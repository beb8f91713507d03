/**
 * The campaign follower against a real HTTP and Socket.IO server on a spare port: it loads the campaign once,
 * loads it again when the node announces another revision, when a snapshot names another campaign, and after
 * a reconnect to a node restarted on another campaign; never for a revision it already holds.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Campaign, CampaignNotice, ClientToServerEvents, ServerToClientEvents, Snapshot } from "@pulse/shared/client";
import { Server } from "socket.io";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "@pulse/testkit/wait";
import { fetchCampaign, followCampaign, revisionOf, UnknownCampaignError, type CampaignState } from "./campaignClient";
import { createPulseSocket } from "./socket";

function campaign(id: string, name: string, goal: number): Campaign {
  return {
    id,
    name,
    timezone: "Europe/Paris",
    start: "2015-02-24T00:00:00+01:00",
    end: "2015-02-25T00:00:00+01:00",
    hashtags: [{ tag: "VotreJob", country: "FR" }],
    organizations: [],
    brand: { primary: "#1d9bf0" },
    goal: { posts: goal },
  };
}

/** A node serving `GET /api/campaign` and `GET /api/c/<its campaign>/campaign` (404 for another id; ETag: the campaign's revision) and Socket.IO, counting the loads. */
class CampaignNode {
  loads = 0;
  /** The path of each load. */
  readonly paths: string[] = [];
  /** Its campaign's id answers 404, as an archived campaign's does. */
  archived = false;
  private constructor(
    readonly http: HttpServer,
    readonly io: Server<ClientToServerEvents, ServerToClientEvents>,
    public campaign: Campaign,
    public revision: string,
    /** Whether it sends the `campaign` event (a node that predates it sends only snapshots). */
    readonly notices: boolean,
  ) {}

  static async start(campaign: Campaign, revision: string, { port = 0, notices = true } = {}): Promise<CampaignNode> {
    const http = createServer();
    const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, { path: "/socket.io" });
    const node = new CampaignNode(http, io, campaign, revision, notices);
    http.prependListener("request", (req, res) => {
      if (req.url?.startsWith("/api/c/") && (node.archived || req.url !== `/api/c/${node.campaign.id}/campaign`)) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "unknown campaign" }));
        return;
      }
      if (req.url !== "/api/campaign" && req.url !== `/api/c/${node.campaign.id}/campaign`) return;
      node.loads += 1;
      node.paths.push(req.url);
      res.writeHead(200, { "content-type": "application/json", etag: `W/"${node.revision}"` });
      res.end(JSON.stringify(node.campaign));
    });
    io.on("connection", (socket) => {
      socket.emit("snapshot", node.snapshot());
      if (node.notices) socket.emit("campaign", node.notice());
    });
    await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
    return node;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  notice(): CampaignNotice {
    return { id: this.campaign.id, revision: this.revision };
  }

  snapshot(): Snapshot {
    return {
      seq: 0,
      campaign: this.campaign.id,
      totals: { posts: 0, authors: 0, originals: 0, retweets: 0, replies: 0, quotes: 0 },
      byCountry: {},
      byOrganization: {},
      timeline: [],
      recent: [],
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A follower of `node`'s campaign over a real socket that retries fast, from `/api/campaign` or, given `byId`, from
 * `/api/c/<id>/campaign`; its states are recorded.
 */
function follow(node: CampaignNode, byId: string | null = null): { states: CampaignState[]; latest: () => Campaign | null } {
  const socket = createPulseSocket(node.origin, { transports: ["websocket"], reconnectionDelay: 50, reconnectionDelayMax: 200 });
  const states: CampaignState[] = [];
  const origin = node.origin;
  const stop = followCampaign(socket, (state) => states.push(state), { load: (signal) => fetchCampaign(signal, origin, byId) });
  socket.connect();
  cleanups.push(() => {
    stop();
    socket.disconnect();
  });
  return { states, latest: () => states.at(-1)?.campaign ?? null };
}

describe("revisionOf", () => {
  it("reads the revision out of a strong or weak ETag", () => {
    expect(revisionOf('"abc"')).toBe("abc");
    expect(revisionOf('W/"abc"')).toBe("abc");
    expect(revisionOf(null)).toBeNull();
  });
});

describe("fetchCampaign", () => {
  it("loads a campaign's page's campaign by id, and a v1 page's from /api/campaign", async () => {
    const node = await CampaignNode.start(campaign("salon-2027", "Salon 2027", 100), "rev-s");
    cleanups.push(() => node.stop());
    const byId = await fetchCampaign(undefined, node.origin, "salon-2027");
    expect(byId).toEqual({ campaign: node.campaign, revision: "rev-s" });
    await fetchCampaign(undefined, node.origin, null);
    expect(node.paths).toEqual(["/api/c/salon-2027/campaign", "/api/campaign"]);
  });

  it("says a campaign page's campaign is unknown when its id answers 404", async () => {
    const node = await CampaignNode.start(campaign("salon-2027", "Salon 2027", 100), "rev-s");
    cleanups.push(() => node.stop());
    const failure = fetchCampaign(undefined, node.origin, "archived-one");
    await expect(failure).rejects.toBeInstanceOf(UnknownCampaignError);
    await expect(failure).rejects.toThrow('no campaign "archived-one", or it is archived');
  });
});

describe("followCampaign against a real Socket.IO server", () => {
  it("loads the campaign once when the node's notice names the revision it holds", async () => {
    const node = await CampaignNode.start(campaign("a", "Campagne A", 100), "rev-a");
    cleanups.push(() => node.stop());
    const { latest } = follow(node);
    await waitFor(() => latest()?.name === "Campagne A", 5_000, "the campaign");
    // Long enough for the connect's snapshot and notice to have come and been weighed.
    await new Promise((r) => setTimeout(r, 300));
    expect(node.loads).toBe(1);
  });

  it("finds a campaign page's campaign gone when the node says it was archived", async () => {
    const node = await CampaignNode.start(campaign("salon-2027", "Salon 2027", 100), "rev-s");
    cleanups.push(() => node.stop());
    const { states, latest } = follow(node, "salon-2027");
    await waitFor(() => latest()?.name === "Salon 2027", 5_000, "the campaign");
    await waitFor(() => node.io.sockets.sockets.size === 1, 5_000, "the socket connected");
    node.archived = true;
    node.io.emit("archived", { id: "salon-2027" });
    await waitFor(() => states.at(-1)?.error instanceof UnknownCampaignError, 5_000, "the campaign found gone");
    expect(states.at(-1)?.campaign).toBeNull();
    // Unarchived: its next notice (a reconnect sends one) loads it again, though its revision is the same.
    node.archived = false;
    node.io.emit("campaign", node.notice());
    await waitFor(() => states.at(-1)?.campaign?.name === "Salon 2027" && states.at(-1)?.error === null, 5_000, "the campaign back");
  });

  it("loads it again when the node announces another revision", async () => {
    const node = await CampaignNode.start(campaign("a", "Campagne A", 100), "rev-a");
    cleanups.push(() => node.stop());
    const { latest } = follow(node);
    await waitFor(() => latest()?.goal?.posts === 100, 5_000, "the first campaign");
    node.campaign = campaign("a", "Campagne A", 250);
    node.revision = "rev-a2";
    node.io.emit("campaign", node.notice());
    await waitFor(() => latest()?.goal?.posts === 250, 5_000, "the edited goal");
    expect(node.loads).toBe(2);
  });

  it("follows a node restarted on the same port with another campaign, once reconnected", async () => {
    const first = await CampaignNode.start(campaign("a", "Campagne A", 100), "rev-a");
    const port = first.port;
    const { latest, states } = follow(first);
    await waitFor(() => latest()?.name === "Campagne A", 5_000, "campaign A");
    await first.stop();
    const second = await CampaignNode.start(campaign("b", "Campaign B", 500), "rev-b", { port });
    cleanups.push(() => second.stop());
    await waitFor(() => latest()?.name === "Campaign B", 5_000, "campaign B after the reconnect");
    expect(latest()?.goal?.posts).toBe(500);
    expect(states.every((s) => s.error === null)).toBe(true);
  });

  it("loads it again when a snapshot names another campaign, even from a node that sends no notice", async () => {
    const first = await CampaignNode.start(campaign("a", "Campagne A", 100), "rev-a", { notices: false });
    const port = first.port;
    const { latest } = follow(first);
    await waitFor(() => latest()?.name === "Campagne A", 5_000, "campaign A");
    await first.stop();
    const second = await CampaignNode.start(campaign("b", "Campaign B", 500), "rev-b", { port, notices: false });
    cleanups.push(() => second.stop());
    await waitFor(() => latest()?.name === "Campaign B", 5_000, "campaign B from the snapshot's id");
  });

  it("keeps the campaign it holds when a reload fails, and says why", async () => {
    const node = await CampaignNode.start(campaign("a", "Campagne A", 100), "rev-a");
    cleanups.push(() => node.stop());
    const { states, latest } = follow(node);
    await waitFor(() => latest()?.name === "Campagne A", 5_000, "the campaign");
    node.campaign = { broken: true } as unknown as Campaign;
    node.revision = "rev-broken";
    node.io.emit("campaign", node.notice());
    await waitFor(() => states.at(-1)?.error !== null, 5_000, "the failed reload");
    expect(states.at(-1)?.error?.message).toBe("GET /api/campaign did not return a campaign");
    expect(latest()?.name).toBe("Campagne A");
  });
});
