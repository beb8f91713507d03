import { describe, expect, it } from "vitest";
import { resolveRoute } from "../../routes";
import { auditTarget } from "./AuditView";
import { blocklistEntries } from "./BlocklistView";
import { exportHref } from "./exportLinks";
import { chartedOrganizations, formatRatio } from "./roiData";
import { parseStaffLocation, staffSearch } from "./staffView";

describe("export links", () => {
  it("point at every CSV file, with a byte order mark for Excel", () => {
    expect(exportHref("posts")).toBe("/api/staff/export/posts.csv");
    expect(exportHref("aggregates")).toBe("/api/staff/export/aggregates.csv");
    expect(exportHref("insights")).toBe("/api/staff/export/insights.csv");
    expect(exportHref("posts", { excel: true })).toBe("/api/staff/export/posts.csv?bom=1");
    expect(exportHref("insights", { excel: true })).toBe("/api/staff/export/insights.csv?bom=1");
  });
});

describe("console location", () => {
  it("answers /staff with the console", () => {
    expect(resolveRoute("/staff")).toBe("staff");
    expect(resolveRoute("/staff/")).toBe("staff");
  });

  it("reads the view from the URL, defaulting to moderation", () => {
    expect(parseStaffLocation("")).toEqual({ view: "moderation", org: null });
    expect(parseStaffLocation("?view=report")).toEqual({ view: "report", org: null });
    expect(parseStaffLocation("?view=bogus")).toEqual({ view: "moderation", org: null });
    expect(parseStaffLocation("?view=organizations&org=axa")).toEqual({ view: "organizations", org: "axa" });
    expect(parseStaffLocation("?view=roi&org=axa")).toEqual({ view: "roi", org: null });
  });

  it("keeps the language and theme when changing view", () => {
    expect(staffSearch("?lang=en&theme=light&org=axa", { view: "roi", org: null })).toBe("?lang=en&theme=light&view=roi");
    expect(staffSearch("", { view: "organizations", org: "a&b" })).toBe("?view=organizations&org=a%26b");
  });
});

describe("small helpers", () => {
  it("read the blocklist editor one entry a line", () => {
    expect(blocklistEntries(" arnaque \r\n\nfree followers\n  ")).toEqual(["arnaque", "free followers"]);
    expect(blocklistEntries("")).toEqual([]);
  });

  it("name what an audit entry acted on", () => {
    expect(auditTarget({ type: "hide", key: "x:1" })).toBe("x:1");
    expect(auditTarget({ type: "block", author: "x:troll" })).toBe("x:troll");
    expect(auditTarget({ type: "setMode", mode: "approve" })).toBe("approve");
  });

  it("chart only organizations with a figure, in order, up to the limit", () => {
    const row = (id: string, offers: number, engagement: number, hires: number) => ({ id, name: id, country: "FR", offers, engagement, hires, hiresPerOffer: null });
    const rows = [row("a", 0, 5, 0), row("b", 0, 0, 0), row("c", 1, 0, 0), row("d", 0, 0, 2)];
    expect(chartedOrganizations(rows).map((r) => r.id)).toEqual(["a", "c", "d"]);
    expect(chartedOrganizations(rows, 2).map((r) => r.id)).toEqual(["a", "c"]);
  });
});

describe("hires per offer", () => {
  it("shows two decimals, and a dash without offers", () => {
    expect(formatRatio(56 / 1698, "en-GB")).toBe("0.03");
    expect(formatRatio(7.5, "fr-FR")).toBe("7,5");
    expect(formatRatio(null, "en-GB")).toBe("—");
  });
});
