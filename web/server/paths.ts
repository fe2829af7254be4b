/**
 * The project's folder (package.json, prisma/, dist/web), found the same way from the
 * TypeScript sources (web/server/…) and from the production build (dist/server/…), which
 * sit at different depths below it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "prisma"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No project folder (package.json and prisma/) above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
