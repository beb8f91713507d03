/**
 * The docs say what the code does: every numeric default in the README's configuration table is the one
 * `loadConfig` gives, and the staff login limit reads the same in the README, docs/staff-api.md and
 * docs/deployment.md.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig, MIN_TOKEN_LENGTH } from "../src/config.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const defaults = loadConfig({}) as unknown as Record<string, unknown>;

describe("the docs and the configuration", () => {
  it("give every numeric default of the README's table as loadConfig does", () => {
    const rows = [...read("README.md").matchAll(/^\| `([A-Z_]+)` \| `(\d+)` \|/gm)];
    expect(rows.length).toBeGreaterThan(10);
    for (const [, variable = "", value] of rows) expect([variable, defaults[variable]]).toEqual([variable, Number(value)]);
  });

  it("agree on STAFF_AUTH_FAILURE_LIMIT: wrong tokens per client IP and window, then 429 until the window ends", () => {
    const limit = String(defaults.STAFF_AUTH_FAILURE_LIMIT);
    const window = `${Number(defaults.RATE_LIMIT_WINDOW_MS) / 1000} s`;
    expect(read("README.md")).toMatch(new RegExp(`\\| \`STAFF_AUTH_FAILURE_LIMIT\` \\| \`${limit}\` \\| wrong staff tokens .* per window per client IP`));
    expect(read("docs/deployment.md")).toMatch(new RegExp(`\\| \`STAFF_AUTH_FAILURE_LIMIT\` \\| wrong staff tokens per client IP.* \\| \`${limit}\` \\|`));
    const staffApi = read("docs/staff-api.md");
    expect(staffApi).not.toMatch(/nothing limits/);
    expect(staffApi).toContain(`\`STAFF_AUTH_FAILURE_LIMIT\` wrong tokens (default ${limit};`);
    expect(staffApi).toContain(`\`RATE_LIMIT_WINDOW_MS\` (default ${window})`);
    expect(staffApi).toContain(`at least ${MIN_TOKEN_LENGTH} characters`);
  });
});
