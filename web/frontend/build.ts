/**
 * Builds the admin page only when dist/web is older than its sources, so `npm run demo`
 * (predemo) and the end-to-end tests never serve a stale page and never rebuild for nothing.
 * `tsx web/frontend/build.ts` builds if stale; `--force` always builds.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = path.join(ROOT, "dist/web");
const STAMP = path.join(DIST, ".built-from");
const SOURCES = [path.join(ROOT, "web/frontend"), path.join(ROOT, "package-lock.json")];

function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

export function isBuildFresh(): boolean {
  if (!existsSync(STAMP) || !existsSync(path.join(DIST, "index.html"))) return false;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.every((source) => !existsSync(source) || newestMtime(source) <= built);
}

/** Runs `vite build` (production mode, whatever NODE_ENV the caller has) and stamps the result. */
export function buildFrontend(options: { quiet?: boolean } = {}): void {
  const started = new Date();
  execFileSync(path.join(ROOT, "node_modules/.bin/vite"), ["build", "--config", "web/frontend/vite.config.ts"], {
    cwd: ROOT,
    stdio: options.quiet ? "pipe" : "inherit",
    // Under vitest NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: "production" },
  });
  writeFileSync(STAMP, started.toISOString());
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}`;
if (isEntryPoint) {
  if (process.argv.includes("--force") || !isBuildFresh()) buildFrontend();
  else console.log("admin page is up to date (dist/web)");
}
