/**
 * What the browser downloads, gzipped, read from a Vite build's manifest: the entry's own
 * chunk, the chunks it imports statically and their CSS — what an English-speaking browser
 * fetches at first load. Chunks reached only by `import()` (the other languages' catalogs,
 * web/frontend/i18n) are counted apart, as fetched on demand.
 * Used by the build's size report (vite.config.ts) and the size benchmark (bench/frontend-size.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface DownloadSizes {
  /** gzip -9 bytes of the JS and CSS fetched at first load. */
  jsGzip: number;
  cssGzip: number;
  jsRaw: number;
  cssRaw: number;
  /** gzip -9 bytes of the JS only fetched on demand (another language). */
  onDemandJsGzip: number;
}

export function downloadSizes(outDir: string): DownloadSizes {
  const manifestFile = path.join(outDir, ".vite/manifest.json");
  if (!existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: build with build.manifest (or --manifest)`);
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, ManifestChunk>;
  const first = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || first.has(chunk.file)) return;
    first.add(chunk.file);
    for (const css of chunk.css ?? []) first.add(css);
    for (const next of chunk.imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

  const sizes: DownloadSizes = { jsGzip: 0, cssGzip: 0, jsRaw: 0, cssRaw: 0, onDemandJsGzip: 0 };
  const all = new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.css ?? [])]));
  for (const file of all) {
    const bytes = readFileSync(path.join(outDir, file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    const css = file.endsWith(".css");
    if (!first.has(file)) {
      if (!css) sizes.onDemandJsGzip += gz;
    } else if (css) {
      sizes.cssGzip += gz;
      sizes.cssRaw += bytes.length;
    } else {
      sizes.jsGzip += gz;
      sizes.jsRaw += bytes.length;
    }
  }
  return sizes;
}
