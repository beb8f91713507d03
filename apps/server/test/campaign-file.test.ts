/**
 * CAMPAIGN_FILE: the documented example is a valid campaign (the same in docs/campaigns.md and in its file),
 * the docs name every field of the schema, and a bad file is refused with every problem at once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { CampaignSchema } from "@pulse/shared";
import { CampaignFileError, loadCampaign } from "../src/campaign-file.js";
import { startPulse } from "./support/start-pulse.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const EXAMPLE = path.join(ROOT, "docs/examples/campaign.json");
const DOC = readFileSync(path.join(ROOT, "docs/campaigns.md"), "utf8");
const dir = mkdtempSync(path.join(tmpdir(), "pulse-campaign-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The message `loadCampaign` rejects with for a file holding `text`. */
async function refusal(name: string, text: string | undefined): Promise<string> {
  const file = path.join(dir, name);
  if (text !== undefined) writeFileSync(file, text);
  const err = await loadCampaign(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CampaignFileError);
  return (err as Error).message;
}

describe("the example campaign of docs/campaigns.md", () => {
  it("loads, uses every field, and is the one the doc shows", async () => {
    const campaign = await loadCampaign(EXAMPLE);
    expect(campaign.id).toBe("salon-agriculture-2026");
    const shown = /```json\n([\s\S]*?)\n```/.exec(DOC)?.[1];
    expect(JSON.parse(shown ?? "null")).toEqual(JSON.parse(readFileSync(EXAMPLE, "utf8")));
    // Every optional field appears, so the example answers "how do I write X".
    expect(campaign).toMatchObject({ notes: expect.any(String), brand: { accent: expect.any(String) }, goal: { country: "FR", label: expect.any(String) } });
    expect(campaign.hashtags.some((h) => h.example)).toBe(true);
    expect(campaign.organizations.some((o) => o.sector)).toBe(true);
    expect(new Set(campaign.organizations.flatMap((o) => Object.keys(o.handles)))).toEqual(new Set(["x", "mastodon", "bluesky"]));
    expect(new Set(campaign.organizations.map((o) => o.kind))).toEqual(new Set(["company", "institution", "agency"]));
  });

  it("has a table row for every field of the schema", () => {
    const rows = DOC.split("\n").filter((line) => line.startsWith("| `"));
    for (const field of Object.keys(CampaignSchema.shape)) {
      expect(rows.some((row) => (row.split(" | ")[0] ?? "").includes(`\`${field}\``)), field).toBe(true);
    }
  });

  it("counts the doc's example post for its organization and country", async () => {
    const node = await startPulse({ INGEST_TOKEN: "campaign-file-ingest-token" }, { campaign: await loadCampaign(EXAMPLE) });
    try {
      const body = /-d '([\s\S]*?)'\n```/.exec(DOC)?.[1];
      const res = await request(node.url)
        .post("/api/ingest")
        .set("Authorization", "Bearer campaign-file-ingest-token")
        .set("Content-Type", "application/json")
        .send(body ?? "");
      expect(res.body).toMatchObject({ accepted: 1 });
      const snapshot = (await request(node.url).get("/api/snapshot")).body;
      expect(snapshot.recent[0]).toMatchObject({ orgId: "ferme-des-quatre-vents", country: "FR" });
    } finally {
      await node.close();
    }
  });
});

describe("a bad CAMPAIGN_FILE", () => {
  it("is refused with every bad field at once, on one line", async () => {
    const example = JSON.parse(readFileSync(EXAMPLE, "utf8"));
    const bad = { ...example, timezone: "Paris", brand: { primary: "green" }, hashtags: [...example.hashtags, { tag: "SIA", country: "UK" }] };
    const message = await refusal("bad.json", JSON.stringify(bad));
    expect(message).toBe(
      `invalid CAMPAIGN_FILE=${JSON.stringify(path.join(dir, "bad.json"))}: brand.primary: expected a hex colour such as #1d9bf0; ` +
        `timezone: expected an IANA time zone such as Europe/Paris, received "Paris"; ` +
        `hashtags.3.country: expected an ISO 3166-1 alpha-2 country code, received "UK" (did you mean GB?) (the format: docs/campaigns.md)`,
    );
  });

  it("that is missing or not JSON says so in words", async () => {
    expect(await refusal("missing.json", undefined)).toMatch(/: no such file$/);
    expect(await refusal("broken.json", "{ id: 1")).toMatch(/: not JSON \(.+\)$/);
  });
});
