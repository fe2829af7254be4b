/**
 * Migrations at start (web/server/db/migrate.ts): an empty database gets every migration
 * through Prisma's CLI; an up-to-date one is recognised from its migrations table and starts
 * without running the CLI, which cost most of a start-up.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase, sql } from "../web/server/db/client.ts";
import { applyMigrations } from "../web/server/db/migrate.ts";
import { createTestDatabase, testDatabaseKind } from "./support/db.ts";
import { adminQuery, dropDatabase, withDatabase } from "./support/postgres.ts";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function emptyDatabaseUrl(): Promise<string> {
  if (testDatabaseKind() === "postgresql") {
    const server = inject("postgresServerUrl");
    const name = `ri_empty_${randomBytes(6).toString("hex")}`;
    await adminQuery(server, `CREATE DATABASE ${name}`);
    cleanups.push(() => dropDatabase(server, name));
    return withDatabase(server, name);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "ri-migrate-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return `file:${path.join(dir, "app.db")}`;
}

describe("migrations at start", () => {
  it("give an empty database every table, and then find it up to date", async () => {
    const url = await emptyDatabaseUrl();
    expect(await applyMigrations(url)).toBe("migrated");
    const db = await openDatabase(url, { poolSize: 1 });
    try {
      expect(await db.all(sql`SELECT "id" FROM "Invitation"`)).toEqual([]);
    } finally {
      await db.close();
    }
    expect(await applyMigrations(url)).toBe("up to date");
  });

  it("leave a database that has every migration alone, without running the migration tool", async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    expect(await applyMigrations(database.url)).toBe("up to date");
  });
});
