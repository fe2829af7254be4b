/**
 * Builds the admin page into dist/web, which the backend serves (web/server/frontend).
 * After the build it prints the JS and CSS a browser downloads at first load, gzipped (the
 * number that matters for a page that opens inside the Shopify admin), and apart from it
 * the language chunks fetched only for a merchant who reads another language.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { downloadSizes } from "./bundle-size.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = path.resolve(here, "../../dist/web");

function gzipReport(): Plugin {
  let outDir = OUT_DIR; // the bench builds elsewhere (--outDir)
  return {
    name: "gzip-report",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const sizes = downloadSizes(outDir);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
      console.log(
        `\nadmin page size (gzip, first load in English): JS ${kb(sizes.jsGzip)}, CSS ${kb(sizes.cssGzip)}; other languages on demand: JS ${kb(sizes.onDemandJsGzip)} in all`,
      );
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
    // .vite/manifest.json: which chunks load first and which on demand (bundle-size.ts).
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  logLevel: "warn",
});
