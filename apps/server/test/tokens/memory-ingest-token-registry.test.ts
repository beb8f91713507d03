import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INGEST_TOKENS_FILE, MemoryIngestTokenRegistry } from "../../src/tokens/memory-ingest-token-registry.js";
import { contractToken, runIngestTokenRegistryContract } from "./ingest-token-registry-contract.js";

const dir = mkdtempSync(path.join(tmpdir(), "pulse-ingest-tokens-"));
let folders = 0;
const newFolder = (): string => path.join(dir, String((folders += 1)));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

runIngestTokenRegistryContract("MemoryIngestTokenRegistry", () => ({ open: () => new MemoryIngestTokenRegistry(), nodes: "none" }));

runIngestTokenRegistryContract("MemoryIngestTokenRegistry with DATA_DIR", () => {
  const dataDir = newFolder();
  return { open: () => new MemoryIngestTokenRegistry({ dataDir }), nodes: "restart" };
});

describe("MemoryIngestTokenRegistry's file", () => {
  it("writes DATA_DIR/ingest-tokens.json whole, readable by its owner only, with digests and no secret", async () => {
    const dataDir = newFolder();
    const registry = new MemoryIngestTokenRegistry({ dataDir });
    await registry.start();
    await registry.create(contractToken("a"));
    await registry.recordUses({ a: "2026-02-20T11:00:00.000Z" });
    await registry.close();
    const file = path.join(dataDir, INGEST_TOKENS_FILE);
    const text = readFileSync(file, "utf8");
    expect(JSON.parse(text)).toEqual({ format: 1, tokens: [contractToken("a")], lastUses: { a: "2026-02-20T11:00:00.000Z" } });
    expect(text).not.toContain("secret-a");
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("refuses to start on a file that is not its own, naming it", async () => {
    const dataDir = newFolder();
    const registry = new MemoryIngestTokenRegistry({ dataDir });
    await registry.start();
    await registry.close();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, INGEST_TOKENS_FILE), JSON.stringify({ format: 1, tokens: [{ id: 1 }], lastUses: {} }));
    await expect(new MemoryIngestTokenRegistry({ dataDir }).start()).rejects.toThrow(/ingest tokens file .* is not a Pulse ingest tokens file/);
  });
});
