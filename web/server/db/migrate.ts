import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Applies pending migrations with Prisma's own `migrate deploy` (offline through its
 * WebAssembly schema engine), so `npm start` and the demo work on an empty database.
 */
export function applyMigrations(databaseUrl: string): void {
  if (databaseUrl.startsWith("file:")) {
    const file = databaseUrl.slice("file:".length).split("?")[0]!;
    mkdirSync(path.dirname(path.resolve(root, file)), { recursive: true });
  }
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const result = spawnSync(process.execPath, [cli, "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`Database migration failed:\n${result.stdout}\n${result.stderr}`.trim());
  }
}
