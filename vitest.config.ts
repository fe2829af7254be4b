import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores: more workers only fight over them and over SQLite's file locks.
    maxWorkers: 2,
  },
});
