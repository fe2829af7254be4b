/**
 * Bundles every admin UI extension under extensions/ the way `shopify app build` does
 * (esbuild, Preact's automatic JSX runtime), but offline and without a Shopify login, so
 * `npm test` proves the extension builds. Deploying still goes through the Shopify CLI
 * (docs/extension.md); this is the check, not the release.
 *
 *   npm run build:extensions            → dist/extensions/<handle>.js, sizes printed
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface ExtensionEntry {
  handle: string;
  target: string;
  /** Absolute path of the module named in shopify.extension.toml. */
  entry: string;
}

export interface BuiltExtension extends ExtensionEntry {
  outfile: string;
  bytes: number;
  warnings: string[];
}

/**
 * Reads the handle, target and module of each extension from its shopify.extension.toml.
 * Only the three keys the build needs are read (no TOML dependency for three lines); a
 * missing one is an error that names the file.
 */
export function findExtensions(extensionsDir = path.join(ROOT, "extensions")): ExtensionEntry[] {
  const found: ExtensionEntry[] = [];
  for (const name of readdirSync(extensionsDir).sort()) {
    const dir = path.join(extensionsDir, name);
    const tomlPath = path.join(dir, "shopify.extension.toml");
    if (!existsSync(tomlPath)) continue;
    const toml = readFileSync(tomlPath, "utf8");
    const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]+)"`, "m").exec(toml)?.[1];
    const handle = value("handle");
    const target = value("target");
    const module = value("module");
    if (!handle || !target || !module) {
      throw new Error(`${path.relative(ROOT, tomlPath)}: needs handle, [[extensions.targeting]] target and module.`);
    }
    const entry = path.resolve(dir, module);
    if (!existsSync(entry)) throw new Error(`${path.relative(ROOT, tomlPath)}: module ${module} does not exist.`);
    found.push({ handle, target, entry });
  }
  return found;
}

export async function buildExtensions(
  options: { outdir?: string; minify?: boolean; extensionsDir?: string } = {},
): Promise<BuiltExtension[]> {
  const outdir = options.outdir ?? path.join(ROOT, "dist", "extensions");
  const results: BuiltExtension[] = [];
  for (const extension of findExtensions(options.extensionsDir)) {
    const outfile = path.join(outdir, `${extension.handle}.js`);
    const result = await build({
      entryPoints: [extension.entry],
      outfile,
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2020",
      jsx: "automatic",
      jsxImportSource: "preact",
      minify: options.minify ?? true,
      legalComments: "none",
      metafile: true,
      logLevel: "silent",
    });
    const output = Object.values(result.metafile.outputs)[0];
    results.push({
      ...extension,
      outfile,
      bytes: output?.bytes ?? 0,
      warnings: result.warnings.map((warning) => warning.text),
    });
  }
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildExtensions()
    .then((built) => {
      for (const extension of built) {
        const kb = (extension.bytes / 1024).toFixed(1);
        console.log(`${extension.handle} (${extension.target}): ${path.relative(ROOT, extension.outfile)}, ${kb} kB`);
        for (const warning of extension.warnings) console.warn(`  warning: ${warning}`);
      }
    })
    .catch((error: unknown) => {
      // esbuild already printed the located errors; a short line says what failed.
      console.error(`Building the extensions failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
