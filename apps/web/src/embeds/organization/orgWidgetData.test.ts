import { readFileSync } from "node:fs";
import type { Post, Snapshot } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import { contrastRatio } from "../../components/contrast";
import {
  EMBED_SURFACES,
  findOrganization,
  mergeOrgPosts,
  orgBrandColor,
  orgFigures,
  orgPostsLimit,
  parseOrgParams,
} from "./orgWidgetData";

// Read as a file: vitest hands CSS imports to tests empty.
const embedCss = readFileSync(new URL("../embed.css", import.meta.url), "utf8");

const snapshot: Snapshot = {
  seq: 3,
  campaign: "c",
  totals: { posts: 12, authors: 4, originals: 10, retweets: 1, replies: 1, quotes: 0 },
  byCountry: { FR: 12 },
  byOrganization: { orange: 5, axa: 2 },
  timeline: [],
  recent: [],
};

function post(id: string, orgId: string | undefined, minute: number): Post {
  return {
    network: "x",
    id,
    createdAt: `2015-10-07T09:${String(minute).padStart(2, "0")}:00Z`,
    text: `post ${id}`,
    author: { id: `a-${id}`, handle: `h${id}` },
    kind: "original",
    hashtags: [],
    mentions: [],
    urls: [],
    ...(orgId ? { orgId } : {}),
  };
}

describe("parseOrgParams", () => {
  it("reads the organization and whether its latest posts are asked", () => {
    expect(parseOrgParams("?org=orange&feed=on")).toEqual({ org: "orange", feed: true });
    expect(parseOrgParams("?org=%20axa%20&feed=ON")).toEqual({ org: "axa", feed: true });
    expect(parseOrgParams("?org=axa&feed=yes")).toEqual({ org: "axa", feed: false });
  });
  it("takes a missing, empty or overlong org as none", () => {
    expect(parseOrgParams("")).toEqual({ org: null, feed: false });
    expect(parseOrgParams("?org=")).toEqual({ org: null, feed: false });
    expect(parseOrgParams(`?org=${"x".repeat(257)}`).org).toBeNull();
  });
});

describe("orgPostsLimit", () => {
  it("shows 3 posts by default and keeps any limit within 1–10", () => {
    expect(orgPostsLimit(null)).toBe(3);
    expect(orgPostsLimit(7)).toBe(7);
    expect(orgPostsLimit(20)).toBe(10);
    expect(orgPostsLimit(0)).toBe(1);
  });
});

describe("findOrganization", () => {
  const campaign = { organizations: [{ id: "orange", name: "Orange", country: "FR", kind: "company" as const, handles: { x: "OrangeRecrute" } }] };
  it("finds the campaign's organization by id, and nothing for an unknown or missing one", () => {
    expect(findOrganization(campaign, "orange")?.name).toBe("Orange");
    expect(findOrganization(campaign, "nobody")).toBeNull();
    expect(findOrganization(campaign, null)).toBeNull();
  });
});

describe("orgFigures", () => {
  it("reads posts always, and offers and mentions only once the snapshot carries insights", () => {
    expect(orgFigures(snapshot, "orange")).toEqual({ posts: 5, offers: null, mentions: null });
    const withInsights: Snapshot = {
      ...snapshot,
      insights: {
        hashtags: [],
        mentions: [],
        authors: [],
        domains: [],
        languages: {},
        rising: [],
        offersByOrganization: { orange: 2 },
        mentionsByOrganization: { orange: 4, axa: 1 },
      },
    };
    expect(orgFigures(withInsights, "orange")).toEqual({ posts: 5, offers: 2, mentions: 4 });
    expect(orgFigures(withInsights, "axa")).toEqual({ posts: 2, offers: 0, mentions: 1 });
    expect(orgFigures(withInsights, "nobody")).toEqual({ posts: 0, offers: 0, mentions: 0 });
  });
});

describe("mergeOrgPosts", () => {
  it("keeps only the organization's posts, each once, newest first, at most the limit", () => {
    const held = [post("1", "orange", 1), post("2", "orange", 2)];
    const incoming = [post("3", "axa", 3), post("4", "orange", 4), post("2", "orange", 2), post("5", undefined, 5)];
    expect(mergeOrgPosts(held, incoming, "orange", 10).map((p) => p.id)).toEqual(["4", "2", "1"]);
    expect(mergeOrgPosts(held, incoming, "orange", 2).map((p) => p.id)).toEqual(["4", "2"]);
  });
  it("holds posts the campaign's recent list has let go, takes edits and drops removed posts", () => {
    const held = [post("1", "orange", 1), post("2", "orange", 2)];
    const edited = { ...post("2", "orange", 2), text: "edited" };
    const merged = mergeOrgPosts(held, [edited], "orange", 3, ["x:1"]);
    expect(merged.map((p) => [p.id, p.text])).toEqual([["2", "edited"]]);
    expect(mergeOrgPosts([], [], "orange", 3)).toEqual([]);
  });
});

describe("orgBrandColor", () => {
  it("mirrors the card surfaces of embed.css", () => {
    const surface = (theme: string, name: string) => {
      const start = embedCss.indexOf(theme === "light" ? ':root[data-theme="light"] {' : ':root[data-theme="dark"] {');
      const block = embedCss.slice(start, embedCss.indexOf("}", start));
      return new RegExp(`${name}:\\s*(#[0-9a-f]{6})`, "i").exec(block)?.[1];
    };
    for (const theme of ["light", "dark"] as const) {
      expect(EMBED_SURFACES[theme]).toEqual([surface(theme, "--surface"), surface(theme, "--surface-sunken")]);
    }
  });
  it("uses the brand colour where it keeps 4.5:1 on the theme's surfaces, else the accent, else none", () => {
    // Twitter's blue (the built-in campaign's brand) is too pale on white, readable on the dark card.
    const brand = { primary: "#1d9bf0", accent: "#f7b500" };
    expect(orgBrandColor(brand, "light")).toBeNull();
    expect(orgBrandColor(brand, "dark")).toBe("#1d9bf0");
    expect(orgBrandColor({ primary: "#ff7900", accent: "#0b4f8a" }, "light")).toBe("#0b4f8a");
    expect(orgBrandColor({ primary: "#0b4f8a" }, "dark")).toBeNull();
    expect(orgBrandColor(undefined, "light")).toBeNull();
    for (const theme of ["light", "dark"] as const) {
      const color = orgBrandColor({ primary: "#c8102e", accent: "#ffd100" }, theme);
      if (color) for (const surface of EMBED_SURFACES[theme]) expect(contrastRatio(color, surface)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
