import { describe, expect, it } from "vitest";
import { builtInCampaign, CampaignError, europeanJobsDay2015, isIsoCountryCode, parseCampaign } from "../src/campaign/index.js";
import { CampaignSchema, type Campaign, type Organization } from "../src/models.js";

/** A deep copy to break on purpose. */
function copy(): Campaign {
  return structuredClone(europeanJobsDay2015) as Campaign;
}

function byId(id: string): Organization | undefined {
  return europeanJobsDay2015.organizations.find((o) => o.id === id);
}

describe("the built-in European Jobs Day 2015 campaign", () => {
  it("is the built-in campaign and parses through both the schema and parseCampaign", () => {
    expect(builtInCampaign).toBe(europeanJobsDay2015);
    expect(CampaignSchema.safeParse(europeanJobsDay2015).success).toBe(true);
    expect(parseCampaign(JSON.parse(JSON.stringify(europeanJobsDay2015)))).toEqual(europeanJobsDay2015);
  });

  it("covers the whole local day of 24 February 2015 in Paris", () => {
    const c = europeanJobsDay2015;
    expect(c.id).toBe("european-jobs-day-2015");
    expect(c.timezone).toBe("Europe/Paris");
    expect(c.start).toBe("2015-02-24T00:00:00+01:00");
    expect(Date.parse(c.start)).toBe(Date.UTC(2015, 1, 23, 23, 0, 0));
    expect(Date.parse(c.end) - Date.parse(c.start)).toBe(24 * 3600 * 1000);
  });

  it("has the documented #VotreJob for FR and one example tag each for NL, GB, IE and DE", () => {
    const tags = europeanJobsDay2015.hashtags;
    expect(tags[0]).toEqual({ tag: "VotreJob", country: "FR" });
    for (const country of ["NL", "GB", "IE", "DE"]) {
      const local = tags.filter((t) => t.country === country);
      expect(local, country).toHaveLength(1);
      expect(local[0]?.example, country).toBe(true);
    }
    expect(tags).toHaveLength(5);
    const lower = tags.map((t) => t.tag.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
    expect(tags.find((t) => t.country === "GB")?.tag).not.toBe(tags.find((t) => t.country === "IE")?.tag);
    expect(tags.every((t) => isIsoCountryCode(t.country))).toBe(true);
  });

  it("has every participant the article names, with the right kind", () => {
    const expected: [string, string, Organization["kind"]][] = [
      ["axa", "Axa", "company"],
      ["carrefour", "Carrefour", "company"],
      ["orange", "Orange", "company"],
      ["credit-agricole", "Crédit Agricole", "company"],
      ["gdf-suez", "GDF Suez", "company"],
      ["la-poste", "La Poste", "company"],
      ["lcl", "LCL", "company"],
      ["adecco", "Adecco", "agency"],
      ["monster", "Monster", "agency"],
      ["michael-page", "Michael Page", "agency"],
      ["ministere-defense", "Ministère de la Défense", "institution"],
      ["armee-de-terre", "Armée de terre", "institution"],
      ["armee-de-l-air", "Armée de l'air", "institution"],
      ["marine-nationale", "Marine nationale", "institution"],
      ["pole-emploi", "Pôle emploi", "institution"],
      ["gendarmerie-nationale", "Gendarmerie nationale", "institution"],
    ];
    for (const [id, name, kind] of expected) {
      const org = byId(id);
      expect(org, id).toBeDefined();
      expect(org).toMatchObject({ name, kind, country: "FR" });
      expect(org?.sector, id).toBeTruthy();
      expect(org?.handles.x, id).toBeTruthy();
    }
  });

  it("has about a hundred organizations, about fifty of them French, the rest in NL, GB, IE and DE", () => {
    const orgs = europeanJobsDay2015.organizations;
    expect(orgs.length).toBeGreaterThanOrEqual(90);
    expect(orgs.length).toBeLessThanOrEqual(110);
    const count = (country: string) => orgs.filter((o) => o.country === country).length;
    expect(count("FR")).toBeGreaterThanOrEqual(48);
    expect(count("FR")).toBeLessThanOrEqual(55);
    for (const country of ["NL", "GB", "IE", "DE"]) expect(count(country), country).toBeGreaterThanOrEqual(5);
    expect(new Set(orgs.map((o) => o.country))).toEqual(new Set(["FR", "NL", "GB", "IE", "DE"]));
    for (const kind of ["company", "institution", "agency"] as const) {
      expect(orgs.some((o) => o.kind === kind), kind).toBe(true);
    }
  });

  it("uses unique kebab-case ids and unique handles on each network", () => {
    const orgs = europeanJobsDay2015.organizations;
    const ids = orgs.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const network of ["x", "mastodon", "bluesky"] as const) {
      const handles = orgs.flatMap((o) => (o.handles[network] ? [o.handles[network].toLowerCase()] : []));
      expect(new Set(handles).size, network).toBe(handles.length);
    }
    // Every organization can post in the simulator, which uses X; X handles are at most 15 word characters.
    for (const o of orgs) expect(o.handles.x, o.id).toMatch(/^\w{1,15}$/);
    expect(orgs.some((o) => o.handles.mastodon)).toBe(true);
    expect(orgs.some((o) => o.handles.bluesky)).toBe(true);
  });

  it("says in its notes that handles and the local tags are illustrative", () => {
    const notes = europeanJobsDay2015.notes ?? "";
    expect(notes).toContain("Handles are illustrative, not verified accounts");
    for (const t of europeanJobsDay2015.hashtags.filter((h) => h.example)) expect(notes).toContain(`#${t.tag}`);
  });
});

describe("parseCampaign", () => {
  it("names every bad field at once, schema and campaign rules alike", () => {
    const bad = {
      ...copy(),
      id: "salon/2026",
      timezone: "Europe/Atlantis",
      brand: { primary: "blue" },
      hashtags: [{ tag: "VotreJob", country: "UK" }, { tag: "VotreJob", country: "fr" }],
      goal: { posts: -5 },
    };
    let message = "";
    try {
      parseCampaign(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toContain("\n");
    for (const field of ["id", "timezone", "hashtags.0.country", "hashtags.1.country", "brand.primary", "goal.posts"]) {
      expect(message).toMatch(new RegExp(`(: |; )${field.replace(/\./g, "\\.")}: `));
    }
    expect(message).toContain("(did you mean GB?)");
  });

  it("rejects a schema error with one line naming the field and what was expected", () => {
    const bad = copy() as unknown as { organizations: { kind: string }[] };
    bad.organizations[3]!.kind = "charity";
    expect(() => parseCampaign(bad)).toThrow(/^invalid campaign: organizations\.3\.kind: .*"company".*$/);
    const noHashtags = { ...copy(), hashtags: [] };
    expect(() => parseCampaign(noHashtags)).toThrow(/^invalid campaign: hashtags: /);
    const { start: _start, ...noStart } = copy();
    expect(() => parseCampaign(noStart)).toThrow(/^invalid campaign: start: /);
    expect(() => parseCampaign("not a campaign")).toThrow(/^invalid campaign: /);
  });

  it("rejects a hashtag country that has the right shape but is not ISO 3166-1", () => {
    const bad = copy();
    bad.hashtags[2]!.country = "UK";
    expect(() => parseCampaign(bad)).toThrow(
      'invalid campaign: hashtags.2.country: expected an ISO 3166-1 alpha-2 country code, received "UK" (did you mean GB?)',
    );
    const lower = copy();
    lower.hashtags[0]!.country = "fr";
    expect(() => parseCampaign(lower)).toThrow(/^invalid campaign: hashtags\.0\.country: expected an ISO 3166-1/);
  });

  it("rejects duplicate organization ids, naming both positions", () => {
    const bad = copy();
    bad.organizations[7] = { ...bad.organizations[7]!, id: "axa" };
    expect(() => parseCampaign(bad)).toThrow(
      'invalid campaign: organizations.7.id: expected a unique id, but "axa" is also organizations.0',
    );
  });

  it("rejects a handle two organizations share, compared without case or @", () => {
    const bad = copy();
    bad.organizations[5] = { ...bad.organizations[5]!, handles: { x: "@axa_recrute" } };
    expect(() => parseCampaign(bad)).toThrow(/^invalid campaign: organizations\.5\.handles\.x: expected a unique handle, but "@axa_recrute" already belongs to axa$/);
  });

  it("rejects an unknown time zone, an end before the start and one tag for two countries", () => {
    expect(() => parseCampaign({ ...copy(), timezone: "Europe/Atlantis" })).toThrow(/^invalid campaign: timezone: expected an IANA time zone/);
    expect(() => parseCampaign({ ...copy(), end: "2015-02-23T00:00:00+01:00" })).toThrow(/^invalid campaign: end: expected a time after start/);
    const twice = copy();
    twice.hashtags.push({ tag: "#votrejob", country: "BE" });
    expect(() => parseCampaign(twice)).toThrow(/^invalid campaign: hashtags\.5\.tag: #votrejob already stands for FR/);
  });

  it("holds every problem as a { path, message } issue, the message built from them", () => {
    const bad = { ...copy(), id: "Salon_2026", end: "2015-02-23T00:00:00+01:00", brand: { primary: "blue" } };
    bad.organizations[7] = { ...bad.organizations[7]!, id: "axa" };
    let error: unknown;
    try {
      parseCampaign(bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CampaignError);
    const issues = (error as CampaignError).issues;
    expect(issues.map((i) => i.path)).toEqual(["brand.primary", "id", "end", "organizations.7.id"]);
    expect(issues.find((i) => i.path === "id")?.message).toMatch(/^expected a slug: lower-case letters, digits and dashes/);
    expect((error as Error).message).toBe(`invalid campaign: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    expect(() => parseCampaign("not a campaign")).toThrow(/^invalid campaign: item: /);
  });

  it("takes only slugs as ids: lower-case letters, digits and dashes, at most 63", () => {
    for (const id of ["a", "salon-agriculture-2026", "2026", `a${"b".repeat(62)}`]) expect(parseCampaign({ ...copy(), id }).id).toBe(id);
    for (const id of ["Salon", "salon_2026", "salon.2026", "-salon", "salon 2026", "salon/2026", `a${"b".repeat(63)}`]) {
      expect(() => parseCampaign({ ...copy(), id })).toThrow(/^invalid campaign: id: expected a slug/);
    }
  });

  it("rejects a hashtag given twice for one country, compared without case or #", () => {
    const twice = copy();
    twice.hashtags.push({ tag: "#VOTREJOB", country: "FR" });
    expect(() => parseCampaign(twice)).toThrow(/^invalid campaign: hashtags\.5\.tag: expected each hashtag once, but #votrejob is also hashtags\.0$/);
  });

  it("accepts a small valid campaign and drops unknown fields", () => {
    const small = {
      id: "demo",
      name: "Demo",
      timezone: "Europe/Brussels",
      start: "2025-03-01T00:00:00+01:00",
      end: "2025-03-02T00:00:00+01:00",
      hashtags: [{ tag: "#DemoTag", country: "BE" }],
      organizations: [{ id: "acme", name: "Acme", country: "BE", kind: "company", handles: { x: "acme" }, extra: 1 }],
    };
    const parsed = parseCampaign(small);
    expect(parsed.organizations[0]).toEqual({ id: "acme", name: "Acme", country: "BE", kind: "company", handles: { x: "acme" } });
  });

  it("knows the ISO list: 249 assigned codes, no UK or EU", () => {
    expect(isIsoCountryCode("GB")).toBe(true);
    expect(isIsoCountryCode("IE")).toBe(true);
    expect(isIsoCountryCode("UK")).toBe(false);
    expect(isIsoCountryCode("EU")).toBe(false);
    expect(isIsoCountryCode("XK")).toBe(false);
  });
});
