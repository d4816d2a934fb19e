import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The compiled CLI and its worker threads are tested too: dist/ is built once before the test files run.
    globalSetup: ["test/setup/build-dist.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
