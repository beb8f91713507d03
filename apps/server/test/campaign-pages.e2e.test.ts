import request from "supertest";
import { describe, expect, it } from "vitest";
import { fakeWebDist } from "./support/fake-web-dist.js";
import { usePulse, type RunningPulse } from "./support/start-pulse.js";

const WEB_DIST = fakeWebDist();

describe("a campaign's pages and public reads (/c/:id/…, /api/campaigns, /api/c/:id/campaign)", () => {
  let node: RunningPulse;
  usePulse({ WEB_DIST }, (n) => (node = n));
  const id = () => node.pulse.campaign.id;

  it.each(["", "/", "/wall"])("serves the app at /c/<id>%s", async (page) => {
    const res = await request(node.url).get(`/c/${id()}${page}`).set("Accept", "text/html");
    expect(res.status).toBe(200);
    expect(res.text).toContain('<div id=root>');
    expect(res.headers["cache-control"]).toBe("no-cache");
  });

  it("serves a widget's page at /c/<id>/embed/<widget>", async () => {
    const res = await request(node.url).get(`/c/${id()}/embed/counter`);
    expect(res.status).toBe(200);
    expect(res.text).toBe("<!doctype html>counter");
  });

  it.each(["/c/no-such-campaign/", "/c/no-such-campaign/wall", "/c/no-such-campaign/embed/counter"])(
    "answers the 404 page at %s, an unknown campaign",
    async (path) => {
      const res = await request(node.url).get(path).set("Accept", "text/html");
      expect(res.status).toBe(404);
      expect(res.text).toContain('<div id=root>');
    },
  );

  it.each(["/staff", "/embed/nothing", "/elsewhere"])("answers 404 at /c/<id>%s, no page of a campaign", async (page) => {
    const res = await request(node.url).get(`/c/${id()}${page}`).set("Accept", "application/json");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: expect.stringContaining("not found") });
  });

  it("lists the node's campaign, as the default", async () => {
    const { id: campaignId, name, start, end, timezone } = node.pulse.campaign;
    const res = await request(node.url).get("/api/campaigns");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: campaignId, name, start, end, timezone, status: expect.stringMatching(/^(scheduled|live|ended)$/), default: true }]);
  });

  it("answers /api/c/<id>/campaign as /api/campaign, and 404 for an unknown id", async () => {
    const v1 = await request(node.url).get("/api/campaign");
    const byId = await request(node.url).get(`/api/c/${id()}/campaign`);
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual(v1.body);
    expect(byId.headers.etag).toBe(v1.headers.etag);
    const unknown = await request(node.url).get("/api/c/no-such-campaign/campaign");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: expect.stringContaining('unknown campaign "no-such-campaign"') });
  });
});
