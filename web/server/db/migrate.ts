import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PROJECT_ROOT as root } from "../paths.ts";

/** What `prisma migrate deploy` prints once every migration is committed. */
const DONE = /All migrations have been successfully applied|No pending migrations to apply/;
/** P1002: another instance holds Prisma's migration lock (its advisory lock waits 10 s). */
const LOCK_TIMEOUT = /P1002|advisory lock/;

/**
 * Applies pending migrations with Prisma's own `migrate deploy` (offline through its
 * WebAssembly schema engine), so `npm start` and the demo work on an empty database.
 *
 * On PostgreSQL the CLI (6.19, pg driver adapter) finishes its work in about a second and then
 * lingers about ten more before exiting, still connected and holding the migration lock, so
 * instances started together timed out waiting for it (P1002). The CLI is stopped once it has
 * printed that everything is applied — the migrations are committed by then, and closing its
 * connection releases the lock — and a start that met the lock tries again.
 */
export async function applyMigrations(databaseUrl: string, attempts = 4): Promise<void> {
  if (databaseUrl.startsWith("file:")) {
    const file = databaseUrl.slice("file:".length).split("?")[0]!;
    mkdirSync(path.dirname(path.resolve(root, file)), { recursive: true });
  }
  for (let attempt = 1; ; attempt++) {
    const { ok, output } = await migrateDeploy(databaseUrl);
    if (ok) return;
    if (attempt >= attempts || !LOCK_TIMEOUT.test(output)) {
      throw new Error(`Database migration failed:\n${output}`.trim());
    }
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
