/**
 * The production server as JavaScript: `npm start`, `npm run worker` and `npm run dispatch`
 * run dist/server/*.js on plain Node, without tsx (no compiler in memory, no esbuild
 * service process, no TypeScript transform at start-up).
 *
 * Node 22's own type stripping is not enough for this code: it refuses TypeScript that
 * needs a transform, such as constructor parameter properties (config/config.ts).
 *
 * Our code is bundled into one file per entry point; packages stay in node_modules
 * (--packages=external), so the native drivers and Prisma's CLI (migrations) load as usual.
 */
import { rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER_DIST = path.join(ROOT, "dist/server");

/** The processes an operator starts (docs/operations.md). */
export const ENTRY_POINTS = {
  main: "web/server/main.ts", // npm start: HTTP, migrations, dispatcher
  worker: "web/server/dispatch/cli.ts", // npm run worker / npm run dispatch -- --once
  // The merchant-template sandbox's worker thread (mail/sandbox.ts loads it beside itself).
  "render-worker": "web/server/mail/render-worker.ts",
};

export async function buildServer(options: { quiet?: boolean } = {}): Promise<void> {
  const started = performance.now();
  rmSync(SERVER_DIST, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: SERVER_DIST,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node22",
    sourcemap: true,
    logLevel: "warning",
  });
  if (!options.quiet) {
    const sizes = Object.keys(ENTRY_POINTS).map((name) => {
      const kb = statSync(path.join(SERVER_DIST, `${name}.js`)).size / 1024;
      return `dist/server/${name}.js ${kb.toFixed(0)} kB`;
    });
    console.log(`server built in ${Math.round(performance.now() - started)} ms: ${sizes.join(", ")}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
