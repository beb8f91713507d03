import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@pulse/testkit/redis"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser or server process at a time on a 2-core machine.
    fileParallelism: false,
  },
});
