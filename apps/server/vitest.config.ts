import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Finds a real Redis (REDIS_URL, else 127.0.0.1:6379, else a redis-server of its own) for inject("redisUrl").
    globalSetup: ["@pulse/testkit/redis"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: one file per core at most; each Redis test owns a random key prefix, so files never collide.
    maxWorkers: 2,
  },
});
