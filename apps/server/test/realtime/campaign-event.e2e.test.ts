/**
 * The `campaign` event with real Socket.IO clients: every client learns the node's campaign and its revision
 * on connect, the revision is the ETag of `GET /api/campaign`, it changes with anything in the campaign, and
 * `announceCampaign` tells the clients already connected.
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { builtInCampaign, type Campaign, type CampaignNotice } from "@pulse/shared";
import { announceCampaign } from "../../src/realtime/socket-server.js";
import { LiveClient, startPulse, waitFor, type RunningPulse } from "../support/start-pulse.js";

/** A client that also records the `campaign` notices it gets. */
function follow(url: string): { client: LiveClient; notices: CampaignNotice[] } {
  const client = new LiveClient({ urls: [url] });
  const notices: CampaignNotice[] = [];
  client.socket.on("campaign", (notice) => notices.push(notice));
  return { client, notices };
}

const withGoal = (posts: number): Campaign => ({ ...builtInCampaign, goal: { posts } });

describe("the campaign event", () => {
  const nodes: RunningPulse[] = [];
  const clients: LiveClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(nodes.splice(0).map((n) => n.close()));
  });

  it("names the campaign and its revision on connect, and the revision is the ETag of GET /api/campaign", async () => {
    const node = await startPulse();
    nodes.push(node);
    const { client, notices } = follow(node.url);
    clients.push(client);
    await waitFor(() => notices.length === 1, 5_000, "the campaign notice");
    expect(notices[0]!.id).toBe(builtInCampaign.id);

    const res = await request(node.url).get("/api/campaign");
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`"${notices[0]!.revision}"`);
    expect(res.headers["cache-control"]).toBe("no-cache");
    // A page that holds this revision revalidates for nothing.
    const again = await request(node.url).get("/api/campaign").set("If-None-Match", res.headers.etag as string);
    expect(again.status).toBe(304);
  });

  it("gives a changed campaign another revision, even under the same id, and the same campaign the same one", async () => {
    const revisions: string[] = [];
    for (const campaign of [withGoal(1_000), withGoal(2_000), withGoal(1_000)]) {
      const node = await startPulse({}, { campaign });
      nodes.push(node);
      const { client, notices } = follow(node.url);
      clients.push(client);
      await waitFor(() => notices.length === 1, 5_000, "the campaign notice");
      expect(notices[0]!.id).toBe(builtInCampaign.id);
      revisions.push(notices[0]!.revision);
    }
    expect(revisions[0]).not.toBe(revisions[1]);
    expect(revisions[2]).toBe(revisions[0]);
  });

  it("tells every connected client when the node announces a new campaign", async () => {
    const node = await startPulse();
    nodes.push(node);
    const followers = [follow(node.url), follow(node.url)];
    clients.push(...followers.map((f) => f.client));
    await waitFor(() => followers.every((f) => f.notices.length === 1), 5_000, "the notices on connect");

    const renamed: Campaign = { ...builtInCampaign, name: "Journée européenne de l'emploi, édition spéciale" };
    announceCampaign(node.pulse.io, renamed);
    await waitFor(() => followers.every((f) => f.notices.length === 2), 5_000, "the announced campaign");
    for (const { notices } of followers) {
      expect(notices[1]!.id).toBe(builtInCampaign.id);
      expect(notices[1]!.revision).not.toBe(notices[0]!.revision);
    }
  });
});
