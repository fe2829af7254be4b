/**
 * Frontend size: the admin page's JS + CSS as the browser downloads them (gzip, level 9),
 * against a bare Polaris page with the same components (bench/bare-polaris), both built the
 * same way (vite build, production) in this run, into temporary folders: dist/web, which the
 * server and the end-to-end tests use, is left alone.
 *
 *   npm exec tsx bench/frontend-size.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface BundleSize {
  label: string;
  jsGzip: number;
  cssGzip: number;
  totalGzip: number;
  jsRaw: number;
  cssRaw: number;
  buildSeconds: number;
}

export interface FrontendFigures {
  admin: BundleSize;
  bare: BundleSize;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

function build(label: string, config: string): BundleSize {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "ri-bench-frontend-"));
  try {
    const started = performance.now();
    execFileSync(path.join(root, "node_modules/.bin/vite"), ["build", "--config", config, "--outDir", outDir, "--emptyOutDir"], {
      cwd: root,
      stdio: "pipe",
      env: { ...process.env, NODE_ENV: "production" },
    });
    const buildSeconds = (performance.now() - started) / 1000;
    const size = { jsGzip: 0, cssGzip: 0, jsRaw: 0, cssRaw: 0 };
    for (const file of files(outDir)) {
      const ext = path.extname(file);
      if (ext !== ".js" && ext !== ".css") continue;
      const bytes = readFileSync(file);
      const gz = gzipSync(bytes, { level: 9 }).length;
      if (ext === ".js") (size.jsGzip += gz), (size.jsRaw += bytes.length);
      else (size.cssGzip += gz), (size.cssRaw += bytes.length);
    }
    return { label, ...size, totalGzip: size.jsGzip + size.cssGzip, buildSeconds };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export function benchFrontendSize(): FrontendFigures {
  return {
    admin: build("admin page (web/frontend)", "web/frontend/vite.config.ts"),
    bare: build("bare Polaris page (bench/bare-polaris)", "bench/bare-polaris/vite.config.ts"),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { admin, bare } = benchFrontendSize();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  for (const s of [admin, bare]) console.log(`${s.label}: JS ${kb(s.jsGzip)} + CSS ${kb(s.cssGzip)} = ${kb(s.totalGzip)} gzip (built in ${s.buildSeconds.toFixed(1)} s)`);
  console.log(`ratio: ${(admin.totalGzip / bare.totalGzip).toFixed(2)} (target ≤ 1.20)`);
}
