import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The property and fuzz tests do a fixed amount of work (fixed runs and sizes); on a loaded machine that can
    // take several times the default 5 s, which says nothing about the code.
    testTimeout: 30_000,
  },
});
