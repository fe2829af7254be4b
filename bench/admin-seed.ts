/**
 * The admin benchmark's data: one SQLite file per size, seeded set-based (INSERT … SELECT over
 * a recursive CTE; a million Prisma creates would take an hour) and kept in var/bench/ with a
 * note of what it was made from; the next run reuses it only if that note still matches (same
 * migrations, same seed statements, same file) and the row count checks out. Every run works
 * on a copy (copySeed), because "cancel all pending" changes it.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../web/server/db/client.ts";
import { COUNT_SLOTS } from "../web/server/db/queries/invitation-counts.ts";
import { applyMigrations } from "../web/server/db/migrate.ts";
import { sql } from "../web/server/db/sql.ts";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ADMIN_SHOP = "bench-shop.myshopify.com";
const OTHER_SHOP = "bench-other.myshopify.com";
const dir = path.join(root, "var/bench");

/** How many rows a seed of `queued` holds: queued + others in the shop, and another shop's. */
export function seedShape(queued: number) {
  const others = Math.round(queued / 5);
  const otherShopRows = Math.round(queued / 10);
  return { queued, others, inShop: queued + others, otherShopRows, total: queued + others + otherShopRows };
}

const ts = (expr: string) => `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${expr})`;

/** The seed, as SQL: its text is part of the seed file's identity (a change reseeds). */
function seedStatements(queued: number): string[] {
  const { inShop, otherShopRows } = seedShape(queued);
  return [
    `INSERT INTO "Shop" ("domain", "trigger", "paused", "updatedAt") VALUES ('${ADMIN_SHOP}', 'order_created', true, CURRENT_TIMESTAMP), ('${OTHER_SHOP}', 'order_fulfilled', false, CURRENT_TIMESTAMP)`,
    // Shop A: every 6th row is sent/failed/sending/canceled, the rest queued. createdAt grows
    // with the id (one order every 20 s over about a year); sendAt = createdAt + 7 days.
    `
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${inShop})
    INSERT INTO "Invitation" ("shop", "autoOrderId", "orderId", "orderName", "email", "customerName", "status",
      "sendAt", "source", "orderCancelledAt", "attempts", "lastError", "sentAt", "customerPostpones", "createdAt", "updatedAt")
    SELECT '${ADMIN_SHOP}', 7000000000000 + i, 7000000000000 + i, '#' || (100000 + i), 'customer' || i || '@example.com',
      'Customer ' || i,
      CASE WHEN i % 6 <> 0 THEN 'queued'
           WHEN i % 600 = 0 THEN 'failed' WHEN i % 6000 = 6 THEN 'sending' WHEN i % 300 = 6 THEN 'canceled' ELSE 'sent' END,
      ${ts(`'2025-11-01', '+' || (i * 20) || ' seconds', '+7 days'`)},
      'orders/fulfilled',
      CASE WHEN i % 100 = 7 THEN ${ts(`'2025-11-01', '+' || (i * 20 + 3600) || ' seconds'`)} END,
      0,
      CASE WHEN i % 600 = 0 THEN (CASE WHEN i % 1200 = 0 THEN '550 5.1.1 mailbox unavailable' ELSE '553 invalid address' END) END,
      CASE WHEN i % 6 = 0 AND i % 600 <> 0 THEN ${ts(`'2025-11-01', '+' || (i * 20) || ' seconds', '+7 days'`)} END,
      0,
      ${ts(`'2025-11-01', '+' || (i * 20) || ' seconds'`)},
      ${ts(`'2025-11-01', '+' || (i * 20) || ' seconds'`)}
    FROM n`,
    `
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${otherShopRows})
    INSERT INTO "Invitation" ("shop", "autoOrderId", "orderId", "orderName", "email", "customerName", "status",
      "sendAt", "source", "attempts", "customerPostpones", "createdAt", "updatedAt")
    SELECT '${OTHER_SHOP}', 8000000000000 + i, 8000000000000 + i, '#' || (100000 + i), 'other' || i || '@example.com',
      'Other ' || i, CASE WHEN i % 2 = 0 THEN 'queued' ELSE 'sent' END,
      ${ts(`'2025-11-01', '+' || (i * 200) || ' seconds'`)}, 'orders/fulfilled', 0, 0,
      ${ts(`'2025-11-01', '+' || (i * 200) || ' seconds'`)}, ${ts(`'2025-11-01', '+' || (i * 200) || ' seconds'`)}
    FROM n`,
    `
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.round(queued / 50)})
    INSERT INTO "Order" ("shop", "orderId", "skipReason", "seenCreate", "test", "createdAt", "updatedAt")
    SELECT '${ADMIN_SHOP}', 9000000000000 + i, CASE WHEN i % 4 = 0 THEN 'test_order' ELSE 'no_email' END, true, false,
      CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n`,
    // The per-status counters the app keeps (db/queries/invitation-counts.ts), counted once.
    `INSERT INTO "InvitationCount" ("shop", "status", "slot", "count")
    SELECT "shop", "status", "id" % ${COUNT_SLOTS}, COUNT(*) FROM "Invitation" GROUP BY "shop", "status", "id" % ${COUNT_SLOTS}`,
  ];
}

/** What the seed file is made from: the migrations and the seed statements. */
function seedIdentity(queued: number): string {
  const hash = createHash("sha256");
  const migrations = path.join(root, "prisma/migrations");
  for (const name of readdirSync(migrations).sort()) {
    const sql = path.join(migrations, name, "migration.sql");
    if (existsSync(sql)) hash.update(name).update(readFileSync(sql));
  }
  for (const statement of seedStatements(queued)) hash.update(statement);
  return hash.digest("hex");
}

export interface AdminSeed {
  queued: number;
  file: string;
  reused: boolean;
  /** Seconds spent seeding in this run (0 when reused): rows, then indexes. */
  loadSeconds: number;
  indexSeconds: number;
  bytes: number;
  /** Why a seed file present on disk was not reused. */
  rejected?: string;
}

interface SeedNote {
  identity: string;
  bytes: number;
  mtimeMs: number;
  total: number;
}

const files = (file: string) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];

async function seed(queued: number, file: string): Promise<{ loadSeconds: number; indexSeconds: number }> {
  for (const f of files(file)) rmSync(f, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  await applyMigrations(`file:${file}`);
  const db = await openDatabase(`file:${file}`);
  try {
    const started = performance.now();
    // Bulk load without the secondary indexes, then build them once: several times faster
    // than maintaining every index row by row.
    // Seeding is SQLite's own SQL (sqlite_master, strftime), trusted text from this file.
    const indexes = await db.all<{ name: string; definition: string }>(
      sql`SELECT "name", "sql" AS "definition" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Invitation' AND sql IS NOT NULL`,
    );
    for (const index of indexes) await db.run(sql.raw(`DROP INDEX "${index.name}"`));
    for (const statement of seedStatements(queued)) await db.run(sql.raw(statement));
    const loaded = performance.now();
    for (const index of indexes) await db.run(sql.raw(index.definition));
    await db.all(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
    return { loadSeconds: (loaded - started) / 1000, indexSeconds: (performance.now() - loaded) / 1000 };
  } finally {
    await db.close();
  }
}

async function countRows(file: string): Promise<number> {
  const db = await openDatabase(`file:${file}`);
  try {
    const row = await db.one<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM "Invitation"`);
    return Number(row!.n);
  } finally {
    await db.close();
  }
}

/** The seeded file for `queued` invitations: reused when still valid, made otherwise. */
export async function ensureAdminSeed(queued: number, options: { reseed?: boolean } = {}): Promise<AdminSeed> {
  const file = path.join(dir, `admin-seed-${queued}.db`);
  const notePath = `${file}.json`;
  const identity = seedIdentity(queued);
  const { total } = seedShape(queued);
  let rejected: string | undefined;
  if (!options.reseed && existsSync(file) && existsSync(notePath)) {
    const note = JSON.parse(readFileSync(notePath, "utf8")) as SeedNote;
    const stat = statSync(file);
    if (note.identity !== identity) rejected = "migrations or seed changed";
    else if (note.bytes !== stat.size || note.mtimeMs !== stat.mtimeMs) rejected = "file changed since it was seeded";
    else if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0) rejected = "file has uncheckpointed writes";
    else if ((await countRows(file)) !== total) rejected = "row count differs";
    else return { queued, file, reused: true, loadSeconds: 0, indexSeconds: 0, bytes: stat.size };
  } else if (options.reseed) rejected = "--reseed";
  const timing = await seed(queued, file);
  for (const f of files(file).slice(1)) rmSync(f, { force: true });
  const stat = statSync(file);
  const note: SeedNote = { identity, bytes: stat.size, mtimeMs: stat.mtimeMs, total };
  writeFileSync(notePath, JSON.stringify(note, null, 2));
  return { queued, file, reused: false, ...timing, bytes: stat.size, rejected };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Working copies left by a run that was killed (its process is gone): up to a GB each. */
function removeAbandonedCopies(): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = /^work-.*-(\d+)\.db/.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !isAlive(Number(pid))) rmSync(path.join(dir, name), { force: true });
  }
}

/** A working copy of the seed (the benchmarks write to it); remove() deletes it. */
export function copySeed(seed: AdminSeed, name: string): { url: string; file: string; seconds: number; remove(): void } {
  removeAbandonedCopies();
  const file = path.join(dir, `work-${name}-${seed.queued}-${process.pid}.db`);
  for (const f of files(file)) rmSync(f, { force: true });
  const started = performance.now();
  copyFileSync(seed.file, file);
  return {
    url: `file:${file}`,
    file,
    seconds: (performance.now() - started) / 1000,
    remove: () => files(file).forEach((f) => rmSync(f, { force: true })),
  };
}
