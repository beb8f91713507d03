import type { AuditAction, SettingsEdit } from "@pulse/shared/client";
import { describe, expect, it } from "vitest";
import { createI18n } from "../../i18n/i18n";
import { isSettingsEdit, moderationTargetText, settingsEditText } from "./AuditView";

const fr = createI18n("fr");
const en = createI18n("en");
const names: Record<string, string> = { axa: "Axa", "pole-emploi": "Pôle emploi" };
const orgName = (id: string) => names[id] ?? id;

describe("privacy acts in the audit log", () => {
  it("say what was erased or reduced, never who", () => {
    const erase: SettingsEdit = { type: "eraseAuthor", network: "x", ref: "sha256:0123456789abcdef", posts: 3 };
    const retention: SettingsEdit = { type: "retention", posts: 1, days: 90 };
    expect(isSettingsEdit(erase) && isSettingsEdit(retention)).toBe(true);
    expect(settingsEditText(erase, fr, orgName)).toBe("x · sha256:0123456789abcdef · 3 publications effacées");
    expect(settingsEditText(erase, en, orgName)).toBe("x · sha256:0123456789abcdef · 3 posts erased");
    expect(settingsEditText(retention, en, orgName)).toBe("text, name and media of 1 post dropped");
  });
});

describe("settings edits in the audit log", () => {
  it("tells settings edits from moderation actions", () => {
    const actions: AuditAction[] = [
      { type: "hide", key: "x:1" },
      { type: "block", author: "x:troll" },
      { type: "setMode", mode: "approve" },
      { type: "setHires", orgId: "axa", hires: 1, previous: null },
      { type: "setBlocklist", words: 0, added: [], removed: [] },
    ];
    expect(actions.map(isSettingsEdit)).toEqual([false, false, false, true, true]);
  });

  it("show a hires edit as the organization's name, from what to what", () => {
    const edit: SettingsEdit = { type: "setHires", orgId: "axa", hires: 15, previous: 12 };
    expect(settingsEditText(edit, en, orgName)).toBe("Axa: 12 → 15");
    expect(settingsEditText(edit, fr, orgName)).toBe("Axa : 12 → 15");
    const first: SettingsEdit = { type: "setHires", orgId: "pole-emploi", hires: 12_000, previous: null };
    expect(settingsEditText(first, en, orgName)).toBe("Pôle emploi: none → 12,000");
    expect(settingsEditText(first, fr, orgName)).toBe(`Pôle emploi : aucune → ${fr.format.number(12_000)}`);
    // An organization the campaign does not name shows by its id.
    expect(settingsEditText({ ...edit, orgId: "gone" }, en, orgName)).toBe("gone: 12 → 15");
  });

  it("show a blocklist save as the entries added and removed, and how many it holds", () => {
    const edit: SettingsEdit = { type: "setBlocklist", words: 12, added: ["arnaque"], removed: ["spam", "casino"] };
    expect(settingsEditText(edit, en, orgName)).toBe("+arnaque −spam −casino · 12 entries");
    expect(settingsEditText(edit, fr, orgName)).toBe("+arnaque −spam −casino · 12 entrées");
    const off: SettingsEdit = { type: "setBlocklist", words: 0, added: [], removed: ["arnaque"] };
    expect(settingsEditText(off, en, orgName)).toBe("−arnaque · 0 entries");
    expect(settingsEditText(off, fr, orgName)).toBe("−arnaque · 0 entrée");
    const reordered: SettingsEdit = { type: "setBlocklist", words: 1, added: [], removed: [] };
    expect(settingsEditText(reordered, en, orgName)).toBe("no entry added or removed · 1 entry");
    expect(settingsEditText(reordered, fr, orgName)).toBe("aucune entrée ajoutée ni retirée · 1 entrée");
  });

  it("name at most eight entries each way and count the rest", () => {
    const words = Array.from({ length: 11 }, (_, i) => `w${i}`);
    const edit: SettingsEdit = { type: "setBlocklist", words: 11, added: words, removed: ["old1", "old2"] };
    expect(settingsEditText(edit, en, orgName)).toBe("+w0 +w1 +w2 +w3 +w4 +w5 +w6 +w7 and 3 more −old1 −old2 · 11 entries");
    expect(settingsEditText({ ...edit, added: words.slice(0, 9) }, fr, orgName)).toContain("+w7 et 1 autre −old1");
  });

  it("have a name for every logged action type in both languages", () => {
    for (const type of ["setBlocklist", "setHires"] as const) {
      expect(fr.t(`staff.audit.type.${type}`)).not.toBe(en.t(`staff.audit.type.${type}`));
    }
  });
});

describe("moderation actions in the audit log", () => {
  it("name the author and quote the post, never only an id", () => {
    const about = { handle: "jeanne_d", name: "Jeanne Dupont", excerpt: `Nous recrutons ${"des développeurs ".repeat(6)}` };
    const hide = moderationTargetText({ action: { type: "hide", key: "x:570065433386811392" }, about }, en);
    expect(hide.who).toBe("@jeanne_d (Jeanne Dupont)");
    expect(hide.quote?.startsWith("Nous recrutons des développeurs")).toBe(true);
    expect(hide.quote?.endsWith("…")).toBe(true);
    expect(moderationTargetText({ action: { type: "block", author: "x:1008395062" }, about: { handle: "troll" } }, en)).toEqual({ who: "@troll" });
  });

  it("show an entry from before names were recorded by its key", () => {
    expect(moderationTargetText({ action: { type: "hide", key: "x:570065433386811392" } }, en)).toEqual({ who: "x:570065433386811392" });
  });

  it("say the mode in words, and what became of the held posts", () => {
    expect(moderationTargetText({ action: { type: "setMode", mode: "approve" } }, en).who).toBe("Approve before display");
    expect(moderationTargetText({ action: { type: "setMode", mode: "auto", held: "release" } }, fr).who).toBe("Automatique · publications en attente affichées");
  });
});
