import { describe, expect, it } from "vitest";
import { LIVE_STATUSES } from "../lib/liveState";
import { campaignsEn, campaignsFr } from "./campaignsMessages";
import { en } from "./en";
import { fr } from "./fr";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("UI dictionaries", () => {
  it("have exactly the same keys in French and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it("have no empty message", () => {
    for (const [key, text] of [...Object.entries(fr), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe("");
    }
  });

  it("use the same placeholders in both languages", () => {
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it("give every plural key both a _one and an _other form", () => {
    for (const dict of [fr, en]) {
      const keys = Object.keys(dict);
      for (const key of keys.filter((k) => k.endsWith("_one"))) expect(keys).toContain(key.replace(/_one$/, "_other"));
      for (const key of keys.filter((k) => k.endsWith("_other"))) expect(keys).toContain(key.replace(/_other$/, "_one"));
    }
  });
});

describe("the Campaigns view's dictionaries", () => {
  it("have the same keys and placeholders in both languages, none empty, none also in the app's", () => {
    expect(Object.keys(campaignsEn).sort()).toEqual(Object.keys(campaignsFr).sort());
    for (const key of Object.keys(campaignsFr) as (keyof typeof campaignsFr)[]) {
      expect(placeholders(campaignsEn[key]), key).toEqual(placeholders(campaignsFr[key]));
      expect(campaignsFr[key].trim(), key).not.toBe("");
      expect(campaignsEn[key].trim(), key).not.toBe("");
      expect(key in fr, key).toBe(false);
    }
  });
});

describe("connection status messages", () => {
  it("name every live status, and warn about every one but live, in both languages", () => {
    for (const dict of [fr, en] as Record<string, string>[]) {
      for (const status of LIVE_STATUSES) {
        expect(dict[`status.${status}`], status).toBeTruthy();
        if (status !== "live") expect(dict[`status.warning.${status}`], status).toBeTruthy();
      }
      expect(dict["status.attempt"]).toContain("{attempt}");
    }
  });

  it("say plainly that live data is paused and will catch up", () => {
    expect(fr["status.warning.paused"]).toMatch(/^Données en direct en pause/);
    expect(fr["status.warning.paused"]).toMatch(/automatiquement/);
    expect(en["status.warning.paused"]).toMatch(/^Live data paused/);
    expect(en["status.warning.paused"]).toMatch(/catch up automatically/);
  });
});
