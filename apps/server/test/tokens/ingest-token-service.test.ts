import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryIngestTokenRegistry } from "../../src/tokens/memory-ingest-token-registry.js";
import { ENV_TOKEN_ID, IngestTokenService, tokenDigest } from "../../src/tokens/ingest-token-service.js";
import { StaffRequestError } from "../../src/staff/staff-errors.js";

const FLUSH_MS = 5000;

/** A service on a real in-process registry, with a clock the test moves (fake timers). */
async function service(options: { envToken?: string; registry?: MemoryIngestTokenRegistry } = {}) {
  const registry = options.registry ?? new MemoryIngestTokenRegistry();
  await registry.start();
  const tokens = new IngestTokenService({
    registry,
    ...(options.envToken ? { envToken: options.envToken } : {}),
    campaignExists: async (id) => ["salon-2026", "jobs-day"].includes(id),
    flushMs: FLUSH_MS,
  });
  return { registry, tokens };
}

describe("IngestTokenService", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers a secret once, keeps its digest, and knows its caller by it", async () => {
    const { registry, tokens } = await service();
    const created = await tokens.create({ name: "Agence Lumen", campaigns: ["salon-2026", "salon-2026"] }, "Zoé");
    expect(created.campaigns).toEqual(["salon-2026"]);
    const [stored] = await registry.list();
    expect(stored?.digest).toBe(tokenDigest(created.secret));
    expect(JSON.stringify(stored)).not.toContain(created.secret);
    expect(await tokens.authenticate(created.secret)).toEqual({ id: created.id, name: "Agence Lumen", campaigns: ["salon-2026"] });
    expect(await tokens.authenticate("pulse_wrong")).toBeUndefined();
    expect(await tokens.authenticate(undefined)).toBeUndefined();
    expect(JSON.stringify(await tokens.list())).not.toContain(created.secret);
  });

  it("is off (disabled) with no INGEST_TOKEN and no token, and takes INGEST_TOKEN as a token of every campaign", async () => {
    expect(await (await service()).tokens.authenticate("anything")).toBe("disabled");
    const { tokens } = await service({ envToken: "env-token-0123456789" });
    expect(await tokens.authenticate("env-token-0123456789")).toEqual({ id: ENV_TOKEN_ID, name: ENV_TOKEN_ID, campaigns: "all" });
    expect(await tokens.authenticate("anything")).toBeUndefined();
    // /healthz keeps its v1 shape until a token is created.
    expect(await tokens.health()).toBeUndefined();
  });

  it("refuses unknown campaigns with a 400 naming them, and an unknown revoke with a 404", async () => {
    const { tokens } = await service();
    const refused = await tokens.create({ name: "P", campaigns: ["jobs-day", "nope", "gone"] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StaffRequestError);
    expect(refused).toMatchObject({ status: 400, message: expect.stringMatching(/no campaign has id nope, gone/) });
    expect(await tokens.revoke("tok_nobody").catch((e: unknown) => e)).toMatchObject({ status: 404 });
  });

  it("keeps last uses in memory and writes them once per flush interval, and at close", async () => {
    vi.useFakeTimers({ now: new Date("2026-02-21T10:00:00.000Z") });
    const registry = new MemoryIngestTokenRegistry();
    const write = vi.spyOn(registry, "recordUses");
    const { tokens } = await service({ registry, envToken: "env-token-0123456789" });
    const a = await tokens.create({ name: "A", campaigns: "all" });
    tokens.start();
    for (let i = 0; i < 100; i += 1) tokens.used(a.id);
    vi.setSystemTime(new Date("2026-02-21T10:00:01.000Z"));
    tokens.used(a.id);
    tokens.used(ENV_TOKEN_ID);
    // Seen at once on this node, before any write.
    expect((await tokens.list())[0]?.lastUsedAt).toBe("2026-02-21T10:00:01.000Z");
    expect(write).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(write).toHaveBeenCalledTimes(1);
    expect(await registry.lastUses()).toEqual({ [a.id]: "2026-02-21T10:00:01.000Z", [ENV_TOKEN_ID]: "2026-02-21T10:00:01.000Z" });
    // Nothing new: no write.
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(write).toHaveBeenCalledTimes(1);
    expect(await tokens.health()).toEqual([
      { id: ENV_TOKEN_ID, name: ENV_TOKEN_ID, lastUsedAt: "2026-02-21T10:00:01.000Z" },
      { id: a.id, name: "A", lastUsedAt: "2026-02-21T10:00:01.000Z" },
    ]);
    vi.setSystemTime(new Date("2026-02-21T10:00:02.000Z"));
    tokens.used(a.id);
    await tokens.close();
    expect(write).toHaveBeenCalledTimes(2);
    expect((await registry.lastUses())[a.id]).toBe("2026-02-21T10:00:02.000Z");
  });

  it("keeps the uses a failed write had for the next flush", async () => {
    vi.useFakeTimers({ now: new Date("2026-02-21T10:00:00.000Z") });
    const registry = new MemoryIngestTokenRegistry();
    const { tokens } = await service({ registry });
    const a = await tokens.create({ name: "A", campaigns: "all" });
    tokens.start();
    const write = vi.spyOn(registry, "recordUses").mockRejectedValueOnce(new Error("Redis does not answer"));
    tokens.used(a.id);
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(write).toHaveBeenCalledTimes(1);
    expect(await registry.lastUses()).toEqual({});
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(write).toHaveBeenCalledTimes(2);
    expect(await registry.lastUses()).toEqual({ [a.id]: "2026-02-21T10:00:00.000Z" });
    await tokens.close();
  });
});
