import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openDatabase, type DatabaseKind, type Db } from "../../web/server/db/client.ts";
import { createDatabaseFromTemplate, dropDatabase, withDatabase } from "./postgres.ts";

export interface TestDatabase {
  db: Db;
  url: string;
  kind: DatabaseKind;
  /** Makes the database unreachable, as in an outage (the lost file, the dropped server). */
  simulateOutage(): Promise<void>;
  close(): Promise<void>;
}

/** The database this test project runs against: "sqlite" or "postgresql". */
export function testDatabaseKind(): DatabaseKind {
  return inject("database") ?? "sqlite";
}

/** A fresh, migrated, real database for one test file (or one test). */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind() === "postgresql") {
    const server = inject("postgresServerUrl");
    const name = await createDatabaseFromTemplate(server);
    const url = withDatabase(server, name);
    const db = await openDatabase(url, { poolSize: 4 });
    let dropped = false;
    return {
      db,
      url,
      kind: "postgresql",
      async simulateOutage() {
        await dropDatabase(server, name);
        dropped = true;
      },
      async close() {
        await db.$disconnect().catch(() => undefined);
        if (!dropped) await dropDatabase(server, name);
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "ri-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(inject("sqliteTemplate"), file);
  const url = `file:${file}`;
  const db = await openDatabase(url);
  return {
    db,
    url,
    kind: "sqlite",
    async simulateOutage() {
      // The driver is closed and the file's folder is gone, so the lazy reconnect fails.
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
