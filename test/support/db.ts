import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openDatabase, type DatabaseKind } from "../../web/server/db/client.ts";
import { openInspector, withInspector, type Inspector, type TestDb } from "./inspection.ts";
import { createDatabaseFromTemplate, dropDatabase, withDatabase } from "./postgres.ts";

export type { TestDb } from "./inspection.ts";

export interface TestDatabase {
  /** The app's database, which also answers Prisma's model API for seeding and checks. */
  db: TestDb;
  prisma: Inspector;
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
    const app = await openDatabase(url, { poolSize: 4 });
    const prisma = await openInspector(url);
    let dropped = false;
    return {
      db: withInspector(app, prisma),
      prisma,
      url,
      kind: "postgresql",
      async simulateOutage() {
        await prisma.$disconnect().catch(() => undefined);
        await dropDatabase(server, name);
        dropped = true;
      },
      async close() {
        await app.close();
        await prisma.$disconnect().catch(() => undefined);
        if (!dropped) await dropDatabase(server, name);
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "ri-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(inject("sqliteTemplate"), file);
  const url = `file:${file}`;
  const app = await openDatabase(url);
  const prisma = await openInspector(url);
  return {
    db: withInspector(app, prisma),
    prisma,
    url,
    kind: "sqlite",
    async simulateOutage() {
      // The connection is closed and the file's folder is gone: every statement fails.
      await app.close();
      await prisma.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
    async close() {
      await app.close();
      await prisma.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
