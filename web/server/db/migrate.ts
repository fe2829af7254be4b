import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PROJECT_ROOT as root } from "../paths.ts";
import LibSql from "libsql";
import { databaseKind, openDatabase, sql } from "./client.ts";

/** What `prisma migrate deploy` prints once every migration is committed. */
const DONE = /All migrations have been successfully applied|No pending migrations to apply/;
/** P1002: another instance holds Prisma's migration lock (its advisory lock waits 10 s). */
const LOCK_TIMEOUT = /P1002|advisory lock/;

/**
 * Applies pending migrations with Prisma's own `migrate deploy` (offline through its
 * WebAssembly schema engine), so `npm start` and the demo work on an empty database.
 *
 * Most starts have nothing to apply, yet the CLI cost most of a start-up (~2 s of CPU and
 * 150 MB of memory for its schema engine): so the migrations table is read first, and the CLI
 * runs only when a migration folder is not recorded there as finished. Anything unusual (no
 * table yet, a failed or rolled-back migration) goes to the CLI, which reports it.
 *
 * On PostgreSQL the CLI (6.19, pg driver adapter) finishes its work in about a second and then
 * lingers about ten more before exiting, still connected and holding the migration lock, so
 * instances started together timed out waiting for it (P1002). The CLI is stopped once it has
 * printed that everything is applied — the migrations are committed by then, and closing its
 * connection releases the lock — and a start that met the lock tries again.
 */
export async function applyMigrations(databaseUrl: string, attempts = 4): Promise<"up to date" | "migrated"> {
  if (databaseUrl.startsWith("file:")) {
    const file = databaseUrl.slice("file:".length).split("?")[0]!;
    mkdirSync(path.dirname(path.resolve(root, file)), { recursive: true });
  }
  if (await isUpToDate(databaseUrl)) return "up to date";
  for (let attempt = 1; ; attempt++) {
    const { ok, output } = await migrateDeploy(databaseUrl);
    if (ok) return "migrated";
    if (attempt >= attempts || !LOCK_TIMEOUT.test(output)) {
      throw new Error(`Database migration failed:\n${output}`.trim());
    }
  }
}

/** true when every migration folder of this database kind is recorded as finished. */
async function isUpToDate(databaseUrl: string): Promise<boolean> {
  const postgres = databaseKind(databaseUrl) === "postgresql";
  const folder = path.join(root, postgres ? "prisma/postgresql/migrations" : "prisma/migrations");
  const wanted = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  try {
    const applied = new Set(postgres ? await appliedOnPostgres(databaseUrl) : appliedOnSqlite(databaseUrl));
    return wanted.every((name) => applied.has(name));
  } catch {
    return false; // no migrations table yet, or the database is not reachable: the CLI says which
  }
}

const APPLIED = sql`SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;

async function appliedOnPostgres(databaseUrl: string): Promise<string[]> {
  const db = await openDatabase(databaseUrl, { poolSize: 1 });
  try {
    const rows = await db.all<{ migration_name: string }>(APPLIED);
    return rows.map((row) => row.migration_name);
  } finally {
    await db.close();
  }
}

/**
 * Read-only and without the app's pragmas: opening it as the app does would switch a new file
 * to WAL, and the CLI's writes would then sit in the -wal file (the CLI is stopped, not
 * closed), which a copy of the file alone (the tests' template) would miss.
 */
function appliedOnSqlite(databaseUrl: string): string[] {
  const file = path.resolve(root, databaseUrl.slice("file:".length).split("?")[0]!);
  if (!existsSync(file)) return [];
  const db = new LibSql(file, { readonly: true });
  try {
    return (db.prepare(APPLIED.render(() => "?").text).all() as { migration_name: string }[]).map((row) => row.migration_name);
  } finally {
    db.close();
  }
}

function migrateDeploy(databaseUrl: string): Promise<{ ok: boolean; output: string }> {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let done = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (!done && DONE.test(output)) {
        done = true;
        child.kill("SIGTERM");
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => resolve({ ok: done || code === 0, output }));
  });
}
