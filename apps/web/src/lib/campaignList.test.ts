import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { fetchCampaigns, pickerEntries, type CampaignSummary } from "./campaignList";

const summary = (id: string, status: CampaignSummary["status"], isDefault = false): CampaignSummary => ({
  id,
  name: `Campagne ${id}`,
  start: "2027-02-27T09:00:00+01:00",
  end: "2027-03-07T19:00:00+01:00",
  timezone: "Europe/Paris",
  status,
  default: isDefault,
});

describe("pickerEntries", () => {
  const list = [summary("jobs-day", "ended", true), summary("salon-2027", "live"), summary("vivatech", "scheduled")];

  it("lists nothing to pick with one campaign or none", () => {
    expect(pickerEntries([summary("jobs-day", "live", true)], null)).toEqual([]);
    expect(pickerEntries([], "jobs-day")).toEqual([]);
  });

  it("links each campaign's dashboard, keeping the page's search, and marks the page's campaign", () => {
    expect(pickerEntries(list, "salon-2027", "?lang=en")).toEqual([
      { id: "jobs-day", name: "Campagne jobs-day", status: "ended", href: "/c/jobs-day/?lang=en", current: false },
      { id: "salon-2027", name: "Campagne salon-2027", status: "live", href: "/c/salon-2027/?lang=en", current: true },
      { id: "vivatech", name: "Campagne vivatech", status: "scheduled", href: "/c/vivatech/?lang=en", current: false },
    ]);
  });

  it("marks the default campaign on a v1 page", () => {
    expect(pickerEntries(list, null).map((entry) => entry.current)).toEqual([true, false, false]);
  });
});

describe("fetchCampaigns", () => {
  it("loads GET /api/campaigns, leaving out malformed entries, and fails on an error status", async () => {
    let answer: { status: number; body: unknown } = { status: 200, body: [summary("a", "live", true), { id: "b" }, null, summary("c", "ended")] };
    const paths: string[] = [];
    const http = createServer((req, res) => {
      paths.push(req.url ?? "");
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      expect((await fetchCampaigns(undefined, origin)).map((c) => c.id)).toEqual(["a", "c"]);
      expect(paths).toEqual(["/api/campaigns"]);
      answer = { status: 503, body: { error: "down" } };
      await expect(fetchCampaigns(undefined, origin)).rejects.toThrow("GET /api/campaigns answered 503");
      answer = { status: 200, body: { error: "not a list" } };
      await expect(fetchCampaigns(undefined, origin)).rejects.toThrow("did not return a list");
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
});
