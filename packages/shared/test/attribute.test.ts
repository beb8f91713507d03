import { describe, expect, it } from "vitest";
import {
  attribute,
  reattribute,
  createCampaignIndex,
  hasCampaignHashtag,
  normalizeHandle,
  normalizeTag,
} from "../src/attribute.js";
import { CampaignSchema, type Campaign } from "../src/models.js";
import { post } from "./support/post.js";

/** A small campaign of our own: the built-in campaign data is not what these rules are about. */
const campaign: Campaign = CampaignSchema.parse({
  id: "test-day",
  name: "Test Jobs Day",
  timezone: "Europe/Paris",
  start: "2015-06-10T00:00:00+02:00",
  end: "2015-06-11T00:00:00+02:00",
  hashtags: [
    { tag: "#VotreJob", country: "FR" },
    { tag: "DeinJob", country: "DE" },
    { tag: "votrejob", country: "BE" },
    { tag: "TuEmpleo", country: "ES" },
  ],
  organizations: [
    {
      id: "pole-emploi",
      name: "Pôle emploi",
      country: "FR",
      kind: "agency",
      handles: { x: "@pole_emploi", mastodon: "PoleEmploi@social.example" },
    },
    { id: "ba", name: "Bundesagentur für Arbeit", country: "DE", kind: "agency", handles: { x: "Bundesagentur" } },
    { id: "acme", name: "Acme", country: "IT", kind: "company", handles: { bluesky: "acme.example" } },
  ],
});
const index = createCampaignIndex(campaign);


describe("normalizeTag and normalizeHandle", () => {
  it("compare without case, marker or surrounding space", () => {
    expect(normalizeTag(" ##VotreJob ")).toBe("votrejob");
    expect(normalizeHandle(" @@Pole_Emploi ")).toBe("pole_emploi");
    expect(normalizeHandle("PoleEmploi@social.example")).toBe("poleemploi@social.example");
  });
});

describe("createCampaignIndex", () => {
  it("keeps the first country of a tag listed twice, whatever its case or #", () => {
    expect(index.countryByTag.get("votrejob")).toBe("FR");
    expect(index.countryByTag.get("deinjob")).toBe("DE");
    expect(index.countryByTag.size).toBe(3);
  });

  it("indexes organizations by network:handle in lower case without @, and by id", () => {
    expect(index.orgByHandle.get("x:pole_emploi")?.id).toBe("pole-emploi");
    expect(index.orgByHandle.get("mastodon:poleemploi@social.example")?.id).toBe("pole-emploi");
    expect(index.orgByHandle.get("bluesky:acme.example")?.id).toBe("acme");
    expect(index.orgByHandle.size).toBe(4);
    expect(index.orgById.get("ba")?.name).toBe("Bundesagentur für Arbeit");
  });
});

describe("hasCampaignHashtag", () => {
  it("matches without case or #", () => {
    expect(hasCampaignHashtag(post({ hashtags: ["jobs", "#VOTREJOB"] }), index)).toBe(true);
    expect(hasCampaignHashtag(post({ hashtags: ["jobs"] }), index)).toBe(false);
    expect(hasCampaignHashtag(post(), index)).toBe(false);
  });
});

describe("attribute: country", () => {
  it("1. an explicit country wins over hashtags and organization", () => {
    const out = attribute(
      post({ country: "PT", hashtags: ["votrejob"], author: { id: "o", handle: "pole_emploi" } }),
      index,
    );
    expect(out.country).toBe("PT");
    expect(out.orgId).toBe("pole-emploi");
  });

  it("2. else the first campaign hashtag in the post, compared without case", () => {
    expect(attribute(post({ hashtags: ["jobs", "DEINJOB", "votrejob"] }), index).country).toBe("DE");
    expect(attribute(post({ hashtags: ["#VotreJob", "deinjob"] }), index).country).toBe("FR");
  });

  it("2. a hashtag wins over the organization's country", () => {
    const out = attribute(post({ hashtags: ["tuempleo"], author: { id: "o", handle: "Bundesagentur" } }), index);
    expect(out.country).toBe("ES");
    expect(out.orgId).toBe("ba");
  });

  it("3. else the author's organization's country", () => {
    const out = attribute(post({ hashtags: ["jobs"], author: { id: "o", handle: "@BUNDESAGENTUR" } }), index);
    expect(out.country).toBe("DE");
  });

  it("4. else unset, counted as unknown", () => {
    const out = attribute(post({ hashtags: ["jobs"] }), index);
    expect(out.country).toBeUndefined();
    expect(out).not.toHaveProperty("country");
  });
});

describe("attribute: organization", () => {
  it("matches the author's handle without case and without @", () => {
    for (const handle of ["pole_emploi", "@Pole_Emploi", "POLE_EMPLOI"]) {
      expect(attribute(post({ author: { id: "o", handle } }), index).orgId).toBe("pole-emploi");
    }
  });

  it("matches only the handle of the post's own network", () => {
    const onMastodon = post({ network: "mastodon", author: { id: "o", handle: "@poleemploi@social.example" } });
    expect(attribute(onMastodon, index).orgId).toBe("pole-emploi");
    // The X handle on Mastodon, or the Bluesky handle on X, is someone else.
    expect(attribute(post({ network: "mastodon", author: { id: "o", handle: "pole_emploi" } }), index).orgId).toBeUndefined();
    expect(attribute(post({ network: "x", author: { id: "o", handle: "acme.example" } }), index).orgId).toBeUndefined();
    expect(attribute(post({ network: "bluesky", author: { id: "o", handle: "acme.example" } }), index).orgId).toBe("acme");
    expect(attribute(post({ network: "other", author: { id: "o", handle: "pole_emploi" } }), index).orgId).toBeUndefined();
  });

  it("clears an orgId that does not match, and never mutates its input", () => {
    const input = post({ orgId: "forged", hashtags: ["votrejob"] });
    const frozen = structuredClone(input);
    const out = attribute(input, index);
    expect(out).not.toHaveProperty("orgId");
    expect(out.country).toBe("FR");
    expect(input).toEqual(frozen);
  });
});

describe("attribute: media", () => {
  it("decides country and organization as without media, and keeps the media as they came", () => {
    const media = [{ type: "photo" as const, url: "https://pbs.twimg.com/media/p.jpg", alt: "#DeinJob @Bundesagentur" }];
    for (const p of [post({ hashtags: ["votrejob"] }), post({ author: { id: "9", handle: "Bundesagentur" } }), post()]) {
      const attributed = attribute({ ...p, media }, index);
      expect({ ...attributed, media: undefined }).toEqual({ ...attribute(p, index), media: undefined });
      expect(attributed.media).toEqual(media);
      expect(reattribute(attributed, index).media).toEqual(media);
    }
  });
});

describe("reattribute: a stored post under an edited campaign", () => {
  const edited = createCampaignIndex({
    ...campaign,
    hashtags: [{ tag: "VotreJob", country: "BE" }],
    organizations: [{ id: "acme-x", name: "Acme", country: "IT", kind: "company", handles: { x: "pole_emploi" } }],
  });

  it("decides again a country a hashtag gave, and the organization", () => {
    const stored = attribute(post({ hashtags: ["votrejob"], author: { id: "o", handle: "pole_emploi" } }), index);
    expect(stored).toMatchObject({ country: "FR", orgId: "pole-emploi" });
    expect(stored).not.toHaveProperty("givenCountry");
    const again = reattribute(stored, edited);
    expect(again).toMatchObject({ country: "BE", orgId: "acme-x" });
    expect(again).toEqual(attribute(post({ hashtags: ["votrejob"], author: { id: "o", handle: "pole_emploi" } }), edited));
  });

  it("keeps the country the post gave itself", () => {
    const stored = attribute(post({ country: "PT", hashtags: ["votrejob"] }), index);
    expect(stored.givenCountry).toBe("PT");
    expect(reattribute(stored, edited)).toMatchObject({ country: "PT", givenCountry: "PT" });
  });

  it("leaves unset a country no rule of the new definition decides", () => {
    const stored = attribute(post({ hashtags: ["deinjob"] }), index);
    expect(stored.country).toBe("DE");
    expect(reattribute(stored, edited)).not.toHaveProperty("country");
  });
});
