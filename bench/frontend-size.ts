/**
 * Frontend size: the admin page's JS + CSS as an English-speaking browser downloads them at
 * first load (gzip, level 9; web/frontend/bundle-size.ts follows the build's manifest from the
 * entry through its static imports: another language's catalogs are fetched on demand and
 * reported apart as `onDemandJsGzip`),
 * against a bare Polaris page with the same components (bench/bare-polaris), both built the
 * same way (vite build, production) in this run, into temporary folders: dist/web, which the
 * server and the end-to-end tests use, is left alone.
 *
 *   npm exec tsx bench/frontend-size.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { downloadSizes } from "../web/frontend/bundle-size.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface BundleSize {
  label: string;
  jsGzip: number;
  cssGzip: number;
  totalGzip: number;
  jsRaw: number;
  cssRaw: number;
  /** JS fetched only for another language than English. */
  onDemandJsGzip: number;
  buildSeconds: number;
}

export interface FrontendFigures {
  admin: BundleSize;
  bare: BundleSize;
}

function build(label: string, config: string): BundleSize {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "ri-bench-frontend-"));
  try {
    const started = performance.now();
    execFileSync(path.join(root, "node_modules/.bin/vite"), ["build", "--config", config, "--outDir", outDir, "--emptyOutDir", "--manifest"], {
      cwd: root,
      stdio: "pipe",
      env: { ...process.env, NODE_ENV: "production" },
    });
    const buildSeconds = (performance.now() - started) / 1000;
    const size = downloadSizes(outDir);
    return { label, ...size, totalGzip: size.jsGzip + size.cssGzip, buildSeconds };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export function benchFrontendSize(): FrontendFigures {
  return {
    admin: build("admin page at first load, English (web/frontend)", "web/frontend/vite.config.ts"),
    bare: build("bare Polaris page (bench/bare-polaris)", "bench/bare-polaris/vite.config.ts"),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { admin, bare } = benchFrontendSize();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  for (const s of [admin, bare]) console.log(`${s.label}: JS ${kb(s.jsGzip)} + CSS ${kb(s.cssGzip)} = ${kb(s.totalGzip)} gzip (built in ${s.buildSeconds.toFixed(1)} s)`);
  console.log(`admin page, other languages on demand: JS ${kb(admin.onDemandJsGzip)} in all`);
  console.log(`ratio: ${(admin.totalGzip / bare.totalGzip).toFixed(2)} (target ≤ 1.20)`);
}
