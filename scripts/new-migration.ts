/**
 * `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * with the SQL that takes the last migrated schema to prisma/schema.prisma.
 *
 * `prisma migrate dev` needs a shadow database, and `migrate diff --from-schema-datasource`
 * is refused with a driver adapter; both are out with the offline JS engine. So the schema
 * as of the last migration is kept beside the migrations (prisma/migrations/schema.snapshot.prisma)
 * and diffed against the current one. test/schema-drift.test.ts fails when the two differ,
 * i.e. when someone changed the schema without making a migration.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const SCHEMA = "prisma/schema.prisma";
export const SNAPSHOT = "prisma/migrations/schema.snapshot.prisma";

const name = process.argv[2]?.replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>   (e.g. add_reply_to)");
  process.exit(2);
}
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const diff = spawnSync(
  process.execPath,
  [cli, "migrate", "diff", "--from-schema-datamodel", SNAPSHOT, "--to-schema-datamodel", SCHEMA, "--script"],
  { env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "file:./var/app.db" }, encoding: "utf8" },
);
if (diff.status !== 0) {
  console.error(diff.stderr || diff.stdout);
  process.exit(1);
}
const sql = diff.stdout.trim();
if (!sql || /^-- This is an empty migration/.test(sql)) {
  console.log("The schema matches the last migration: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma/migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
copyFileSync(SCHEMA, SNAPSHOT);
console.log(`Wrote ${dir}/migration.sql (and updated ${SNAPSHOT}); run npm run db:generate next.`);
