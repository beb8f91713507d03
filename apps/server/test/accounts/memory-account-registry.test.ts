import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ACCOUNTS_FILE, MemoryAccountRegistry } from "../../src/accounts/memory-account-registry.js";
import { contractAccount, runAccountRegistryContract } from "./account-registry-contract.js";

const dir = mkdtempSync(path.join(tmpdir(), "pulse-accounts-"));
let folders = 0;
const newFolder = (): string => path.join(dir, String((folders += 1)));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

runAccountRegistryContract("MemoryAccountRegistry", () => ({ open: () => new MemoryAccountRegistry(), nodes: "none" }));

runAccountRegistryContract("MemoryAccountRegistry with DATA_DIR", () => {
  const dataDir = newFolder();
  return { open: () => new MemoryAccountRegistry({ dataDir }), nodes: "restart" };
});

describe("MemoryAccountRegistry's file", () => {
  it("writes DATA_DIR/accounts.json whole, readable by its owner only", async () => {
    const dataDir = newFolder();
    const registry = new MemoryAccountRegistry({ dataDir });
    await registry.start();
    await registry.create(contractAccount("a"));
    await registry.close();
    const file = path.join(dataDir, ACCOUNTS_FILE);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ format: 1, accounts: [contractAccount("a")] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("refuses a damaged file with a message naming it", async () => {
    const dataDir = newFolder();
    const registry = new MemoryAccountRegistry({ dataDir });
    await registry.start();
    await registry.create(contractAccount("a"));
    await registry.close();
    const file = path.join(dataDir, ACCOUNTS_FILE);
    writeFileSync(file, "{ not json");
    await expect(new MemoryAccountRegistry({ dataDir }).start()).rejects.toThrow(`accounts file ${file} is not JSON`);
    writeFileSync(file, JSON.stringify({ format: 1, accounts: [{ id: "a" }] }));
    await expect(new MemoryAccountRegistry({ dataDir }).start()).rejects.toThrow(`accounts file ${file} is not a Pulse accounts file: accounts.0.`);
  });
});
