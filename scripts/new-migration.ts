/**
 * `npm run db:new-migration -- <name>`: after a change to prisma/schema.prisma, writes the
 * migration for BOTH databases, with one name and timestamp:
 *   prisma/migrations/<ts>_<name>/migration.sql             (SQLite)
 *   prisma/postgresql/migrations/<ts>_<name>/migration.sql  (PostgreSQL)
 * and regenerates prisma/postgresql/schema.prisma from the one data model.
 *
 * `prisma migrate dev` needs a shadow database, and `migrate diff --from-schema-datasource`
 * is refused with a driver adapter; both are out with the offline JS engine. So the schema
 * as of the last migration is kept beside the migrations (schema.snapshot.prisma) and
 * diffed against the current one. test/schema-drift.test.ts fails when someone changed the
 * schema without making a migration, or when the two databases' schemas differ.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { toPostgresSchema } from "./postgres-schema.ts";

const SCHEMA = "prisma/schema.prisma";
const SNAPSHOT = "prisma/migrations/schema.snapshot.prisma";
const PG_SCHEMA = "prisma/postgresql/schema.prisma";

const name = process.argv[2]?.replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>   (e.g. add_reply_to)");
  process.exit(2);
}

const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const scratch = mkdtempSync(path.join(os.tmpdir(), "ri-migration-"));

function diff(from: string, to: string): string {
  // A file: URL keeps the CLI's adapter offline; the provider comes from the schema files.
  const result = spawnSync(
    process.execPath,
    [cli, "migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", to, "--script"],
    { env: { ...process.env, DATABASE_URL: `file:${path.join(scratch, "scratch.db")}` }, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(result.stderr || result.stdout);
  const sql = result.stdout.trim();
  return /^-- This is an empty migration/.test(sql) ? "" : sql;
}

try {
  const schema = readFileSync(SCHEMA, "utf8");
  const pgSnapshot = path.join(scratch, "snapshot.pg.prisma");
  writeFileSync(pgSnapshot, toPostgresSchema(readFileSync(SNAPSHOT, "utf8")));
  writeFileSync(PG_SCHEMA, toPostgresSchema(schema));

  const sqlite = diff(SNAPSHOT, SCHEMA);
  const postgres = diff(pgSnapshot, PG_SCHEMA);
  if (!sqlite && !postgres) {
    console.log("The schema matches the last migration: nothing to write.");
    process.exit(0);
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const [dir, sql] of [
    [`prisma/migrations/${stamp}_${name}`, sqlite],
    [`prisma/postgresql/migrations/${stamp}_${name}`, postgres],
  ] as const) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
    console.log(`Wrote ${dir}/migration.sql`);
  }
  writeFileSync(SNAPSHOT, schema);
  console.log("Next: npm run db:generate");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
