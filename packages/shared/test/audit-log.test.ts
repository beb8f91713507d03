import { describe, expect, it } from "vitest";
import { createState } from "../src/aggregate.js";
import { blocklistChanges, logModeration, MODERATION_LOG_LIMIT } from "../src/moderation.js";
import { ModerationActionSchema, ModerationLogEntrySchema, SettingsEditSchema } from "../src/models.js";

const AT = "2015-02-24T10:31:02.120Z";

describe("audit log entries", () => {
  it("keep the wire shape of moderation actions", () => {
    const entry = { at: AT, actor: "staff:session:Zoé", action: { type: "hide", key: "x:123" }, rev: 57 };
    expect(ModerationLogEntrySchema.parse(entry)).toEqual(entry);
    expect(ModerationLogEntrySchema.parse({ ...entry, action: { type: "setMode", mode: "approve" } }).action).toEqual({ type: "setMode", mode: "approve" });
  });

  it("hold settings edits: a blocklist save and a hires edit", () => {
    const blocklist = { type: "setBlocklist", words: 3, added: ["arnaque"], removed: ["spam"] } as const;
    const hires = { type: "setHires", orgId: "axa", hires: 15, previous: 12 } as const;
    for (const action of [blocklist, hires, { ...hires, previous: null }]) {
      expect(ModerationLogEntrySchema.parse({ at: AT, actor: "staff:bearer", action, rev: 4 }).action).toEqual(action);
    }
  });

  it("refuse malformed settings edits", () => {
    const bad = [
      { type: "setHires", orgId: "axa", hires: -1, previous: null },
      { type: "setHires", orgId: "axa", hires: 1.5, previous: 0 },
      { type: "setHires", orgId: "", hires: 1, previous: 0 },
      { type: "setHires", orgId: "axa", hires: 1 },
      { type: "setBlocklist", words: 1, added: "arnaque", removed: [] },
    ];
    for (const action of bad) expect(SettingsEditSchema.safeParse(action).success, JSON.stringify(action)).toBe(false);
  });

  it("are not moderation actions: the schema moderate() checks refuses them", () => {
    expect(ModerationActionSchema.safeParse({ type: "setHires", orgId: "axa", hires: 1, previous: null }).success).toBe(false);
    expect(ModerationActionSchema.safeParse({ type: "setBlocklist", words: 0, added: [], removed: [] }).success).toBe(false);
  });

  it("share the log's bound with moderation actions", () => {
    const state = createState("c");
    logModeration(state, { at: AT, actor: "staff", action: { type: "hide", key: "x:0" }, rev: 1 });
    for (let i = 0; i < MODERATION_LOG_LIMIT; i++) {
      logModeration(state, { at: AT, actor: "staff", action: { type: "setHires", orgId: "axa", hires: i + 1, previous: i || null }, rev: 1 });
    }
    expect(state.moderation.log).toHaveLength(MODERATION_LOG_LIMIT);
    expect(state.moderation.log[0]?.action).toMatchObject({ type: "setHires", hires: 1 });
  });
});

describe("blocklistChanges", () => {
  it("lists the entries added and removed, each once, in their list's order", () => {
    expect(blocklistChanges(["spam", "connard", "casino"], ["arnaque", "connard", "l'arnaque", "arnaque"])).toEqual({
      added: ["arnaque", "l'arnaque"],
      removed: ["spam", "casino"],
    });
  });

  it("compares entries exactly, and finds nothing in a reordered list", () => {
    expect(blocklistChanges(["free followers"], ["Free followers"])).toEqual({ added: ["Free followers"], removed: ["free followers"] });
    expect(blocklistChanges(["a", "b"], ["b", "a"])).toEqual({ added: [], removed: [] });
    expect(blocklistChanges([], [])).toEqual({ added: [], removed: [] });
  });
});
