import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The real network payloads live in `shared/fixtures` next to the checkout, never inside it:
 * `<repo>/../shared/fixtures`.
 */
export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..", "shared/fixtures");

/** What `readFixture` needs of a vitest test context. */
export interface SkippableContext {
  skip(note?: string): void;
}

/**
 * Reads a fixture (`x-v2/edited.jsonl`, say). When the folder is missing, as on a user's machine, the test is
 * skipped with the reason; under CI, which always has it, the test fails instead.
 */
export function readFixture(ctx: SkippableContext, relative: string): string {
  const file = path.join(FIXTURES_DIR, relative);
  if (!existsSync(file)) {
    if (process.env.CI) throw new Error(`fixture ${file} is missing: CI must have ../shared/fixtures next to the checkout`);
    ctx.skip(`fixture ${file} not found: the real payloads live in ../shared/fixtures next to the checkout`);
  }
  return readFileSync(file, "utf8");
}
