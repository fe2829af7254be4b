/**
 * Builds the admin page into dist/web, which the backend serves (web/server/frontend).
 * After the build it prints the total JS and CSS the browser downloads, gzipped: the
 * number that matters for a page that opens inside the Shopify admin.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = path.resolve(here, "../../dist/web");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

function gzipReport(): Plugin {
  return {
    name: "gzip-report",
    apply: "build",
    closeBundle() {
      const totals = { js: 0, css: 0 };
      for (const file of files(OUT_DIR)) {
        const ext = path.extname(file).slice(1);
        if (ext === "js" || ext === "css") totals[ext] += gzipSync(readFileSync(file), { level: 9 }).length;
      }
      const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
      console.log(`\nadmin page size (gzip): JS ${kb(totals.js)}, CSS ${kb(totals.css)}`);
    },
  };
}

export default defineConfig({
  root: here,
  base: "/",
  plugins: [react(), gzipReport()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  logLevel: "warn",
});
