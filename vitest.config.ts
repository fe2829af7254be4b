import { defineConfig } from "vitest/config";

/**
 * Two projects: everything against SQLite (the embedded default), and every test that
 * touches the database again against PostgreSQL (issue 7: the same code on both).
 * test/support/db.ts hands each file a fresh database of its project's kind.
 */
const shared = {
  globalSetup: ["test/support/global-setup.ts"],
  // A browser test takes 2–10 s here, but this 2-core machine is shared: at load average
  // 10–15 the same tests took 20–30 s and failed on a 20 s limit without anything being wrong.
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // Two cores: more workers only fight over them and over SQLite's file locks.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: "sqlite",
          include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
          // Several app instances are what PostgreSQL is for; that test runs there only.
          exclude: ["test/multi-instance.test.ts"],
          env: { TEST_DATABASE: "sqlite" },
        },
      },
      {
        test: {
          ...shared,
          name: "postgresql",
          include: ["test/**/*.test.ts"],
          // Browser, component, bundle, build and container tests do not touch the shared
          // test database: once is enough.
          exclude: [
            "test/e2e/**",
            "test/**/*.test.tsx",
            "test/extension-*.test.ts",
            "test/frontend-*.test.ts",
            "test/build*.test.ts",
            "test/dockerfile*.test.ts",
            "test/test-environment.test.ts",
          ],
          env: { TEST_DATABASE: "postgresql" },
        },
      },
    ],
  },
});
