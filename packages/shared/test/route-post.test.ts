import { describe, expect, it } from "vitest";
import { createCampaignIndex } from "../src/attribute.js";
import { postMatchesCampaign, routePost } from "../src/campaign/route-post.js";
import { CampaignSchema, type Post } from "../src/models.js";
import { post } from "./support/post.js";

/** Two campaigns that share a hashtag (#VotreJob, written differently) and an organization handle. */
function campaign(id: string, tags: string[], xHandle: string) {
  return createCampaignIndex(
    CampaignSchema.parse({
      id,
      name: id,
      timezone: "Europe/Paris",
      start: "2026-02-01T00:00:00+01:00",
      end: "2026-02-02T00:00:00+01:00",
      hashtags: tags.map((tag) => ({ tag, country: "FR" })),
      organizations: [{ id: `${id}-org`, name: "Org", country: "FR", kind: "company", handles: { x: xHandle } }],
    }),
  );
}
const jobs = campaign("jobs", ["#VotreJob", "JobsDay"], "@Shared_Org");
const salon = campaign("salon", ["votrejob", "#SalonAgri"], "shared_org");
const other = campaign("other", ["#Autre"], "someone_else");
const all = [jobs, salon, other];


const ids = (p: Post) => routePost(p, all).map((index) => index.campaign.id);

describe("routePost", () => {
  it("sends a post to every campaign whose hashtag it carries, compared without case or #", () => {
    expect(ids(post({ hashtags: ["VOTREJOB"] }))).toEqual(["jobs", "salon"]);
    expect(ids(post({ hashtags: ["#salonagri"] }))).toEqual(["salon"]);
    expect(ids(post({ hashtags: ["jobsday", "Autre"] }))).toEqual(["jobs", "other"]);
  });

  it("sends an organization's post without any campaign hashtag to the campaigns that list its handle on that network", () => {
    expect(ids(post({ author: { id: "o", handle: "@SHARED_ORG" } }))).toEqual(["jobs", "salon"]);
    // The same handle on another network is another account.
    expect(ids(post({ network: "mastodon", author: { id: "o", handle: "shared_org" } }))).toEqual([]);
  });

  it("sends a post that matches nothing nowhere, and keeps the order of the campaigns given", () => {
    expect(ids(post({ hashtags: ["unrelated"] }))).toEqual([]);
    expect(routePost(post({ hashtags: ["votrejob"] }), [salon, jobs]).map((i) => i.campaign.id)).toEqual(["salon", "jobs"]);
  });

  it("postMatchesCampaign says the same for one campaign", () => {
    expect(postMatchesCampaign(post({ hashtags: ["#SalonAgri"] }), salon)).toBe(true);
    expect(postMatchesCampaign(post({ hashtags: ["#SalonAgri"] }), jobs)).toBe(false);
  });
});
