/**
 * Builds the bare Polaris page (bench/frontend-size.ts passes --outDir). Same plugins and
 * production settings as web/frontend/vite.config.ts; a virtual module re-exports exactly the
 * components the admin page imports, read from its sources, so the baseline follows the page.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const FRONTEND = path.resolve(here, "../../web/frontend");
const PACKAGES = ["@shopify/polaris", "@shopify/polaris-icons", "@shopify/app-bridge-react"];
const VIRTUAL = "virtual:admin-components";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !/(^|\/)(build|vite\.config)\.ts$/.test(full) ? [full] : [];
  });
}

/** Package → the names the admin page imports from it (type-only imports left out). */
export function adminComponentImports(): Map<string, Set<string>> {
  const used = new Map(PACKAGES.map((p) => [p, new Set<string>()]));
  const pattern = /import\s+(type\s+)?([^;]*?)\s+from\s+["']([^"']+)["']/g;
  for (const file of sources(FRONTEND)) {
    for (const [, typeOnly, clause, from] of readFileSync(file, "utf8").matchAll(pattern)) {
      const names = used.get(from!);
      if (!names || typeOnly) continue;
      const braces = /\{([^}]*)\}/.exec(clause!);
      if (!braces) throw new Error(`${path.relative(FRONTEND, file)}: import from ${from} without named imports; the baseline cannot follow it`);
      for (const part of braces[1]!.split(",")) {
        const name = part.trim().split(/\s+as\s+/)[0]!.trim();
        if (name && !name.startsWith("type ")) names.add(name);
      }
    }
  }
  return used;
}

function adminComponents(): Plugin {
  return {
    name: "admin-components",
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : null),
    load(id) {
      if (id !== `\0${VIRTUAL}`) return null;
      return [...adminComponentImports()]
        .filter(([, names]) => names.size > 0)
        .map(([pkg, names]) => {
          const prefix = pkg.replace(/\W+/g, "_");
          return `export { ${[...names].map((n) => `${n} as ${prefix}__${n}`).join(", ")} } from "${pkg}";`;
        })
        .join("\n");
    },
  };
}

export default defineConfig({
  root: here,
  base: "/",
  plugins: [react(), adminComponents()],
  build: {
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  logLevel: "warn",
});
