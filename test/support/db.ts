import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../web/server/db/client.ts";
import { TEMPLATE_DB } from "./paths.ts";

export interface TestDatabase {
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** A fresh, migrated, real SQLite database for one test file (or one test). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ri-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(TEMPLATE_DB, file);
  const url = `file:${file}`;
  const db = await openDatabase(url);
  return {
    db,
    url,
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
