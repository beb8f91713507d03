/**
 * A campaign's pages (`/c/:id/`, `/c/:id/wall`, `/c/:id/embed/<widget>`): served for a campaign the public may
 * see, the 404 page for an unknown or archived one, and nothing but those pages under `/c/:id/`.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { builtInCampaign, endpointPath, type Campaign } from "@pulse/shared";
import { fakeWebDist } from "./support/fake-web-dist.js";
import { usePulse, type RunningPulse } from "./support/start-pulse.js";
import { asStaff, STAFF_ENV } from "./staff/staff-support.js";

const WEB_DIST = fakeWebDist();

/** A second campaign, created through the staff API: the built-in one's day under another id and hashtag. */
const SALON: Campaign = { ...builtInCampaign, id: "salon-2027", name: "Salon 2027", hashtags: [{ tag: "Salon2027", country: "FR" }] };

/** The status of `path` as a browser asks for it. */
async function pageStatus(node: RunningPulse, path: string): Promise<number> {
  return (await request(node.url).get(path).set("Accept", "text/html")).status;
}

describe("a campaign's pages", () => {
  let node: RunningPulse;
  usePulse({ WEB_DIST, ...STAFF_ENV }, (n) => (node = n));
  const id = () => node.pulse.campaign.id;

  it.each(["", "/", "/wall"])("serve the app at /c/<id>%s", async (page) => {
    const res = await request(node.url).get(`/c/${id()}${page}`).set("Accept", "text/html");
    expect(res.status).toBe(200);
    expect(res.text).toContain("<div id=root>");
    expect(res.headers["cache-control"]).toBe("no-cache");
  });

  it("serve a widget's page at /c/<id>/embed/<widget>", async () => {
    const res = await request(node.url).get(`/c/${id()}/embed/counter`);
    expect(res.status).toBe(200);
    expect(res.text).toBe("<!doctype html>counter");
  });

  it.each(["/c/no-such-campaign/", "/c/no-such-campaign/wall", "/c/no-such-campaign/embed/counter"])(
    "answer the 404 page at %s, an unknown campaign",
    async (path) => {
      const res = await request(node.url).get(path).set("Accept", "text/html");
      expect(res.status).toBe(404);
      expect(res.text).toContain("<div id=root>");
    },
  );

  it.each(["/staff", "/embed/nothing", "/elsewhere"])("answer 404 at /c/<id>%s, no page of a campaign", async (page) => {
    const res = await request(node.url).get(`/c/${id()}${page}`).set("Accept", "application/json");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: expect.stringContaining("not found") });
  });

  it("follow the registry: a created campaign's pages are served, an archived one's answer 404, until unarchived", async () => {
    const staff = asStaff(node);
    const pages = ["/c/salon-2027/", "/c/salon-2027/wall", "/c/salon-2027/embed/feed"];
    const statuses = () => Promise.all(pages.map((path) => pageStatus(node, path)));
    expect(await statuses()).toEqual([404, 404, 404]);
    expect((await staff.post(endpointPath("createCampaign")).send(SALON)).status).toBe(201);
    expect(await statuses()).toEqual([200, 200, 200]);
    expect((await staff.post(endpointPath("archiveCampaign", { params: { id: SALON.id } }))).status).toBe(200);
    expect(await statuses()).toEqual([404, 404, 404]);
    expect((await staff.post(endpointPath("unarchiveCampaign", { params: { id: SALON.id } }))).status).toBe(200);
    expect(await statuses()).toEqual([200, 200, 200]);
  });
});
