/**
 * `npm test` proves the order page block ships: it type-checks with its own tsconfig
 * (Preact JSX and the admin's `s-*` components), bundles offline the way `shopify app
 * build` does, and its configuration agrees with the installed extension API.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildExtensions, findExtensions } from "../scripts/build-extensions.ts";
import { EN, EXTENSION_DIR } from "./support/extension.ts";
import { ROOT } from "./support/paths.ts";

const run = promisify(execFile);
const outdir = mkdtempSync(path.join(tmpdir(), "extensions-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("order page block: build", () => {
  it("type-checks (tsc -p extensions/tsconfig.json)", async () => {
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "--noEmit", "-p", path.join(ROOT, "extensions", "tsconfig.json")], {
      cwd: ROOT,
    }).then(
      () => ({ ok: true, output: "" }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
    );
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });

  it("bundles offline into one self-contained module for the order details block target", async () => {
    const [built, ...others] = await buildExtensions({ outdir });
    expect(others).toEqual([]);
    expect(built!.handle).toBe("order-invitation-block");
    expect(built!.target).toBe("admin.order-details.block.render");
    expect(built!.warnings).toEqual([]);
    const code = readFileSync(built!.outfile, "utf8");
    // Preact is inside the bundle: no bare import is left for the admin to resolve.
    expect(code).not.toMatch(/\bimport\s*[^(]*?from\s*["'][^./]/);
    expect(code).toMatch(/export\s*\{[^}]*\bas default\b[^}]*\}/);
    // The old React-based extension API must not creep back in.
    expect(code).not.toContain("ui-extensions-react");
    // The block talks to its two backend routes, relative to the app's URL.
    expect(code).toContain("/api/orders/");
    expect(code).toContain("/api/invitations/");
    // Small, as admin blocks must load fast (Shopify's CLI warns above 64 kB).
    expect(built!.bytes).toBeLessThan(64 * 1024);
  });

  it("declares the target and API version that match the installed @shopify/ui-extensions", () => {
    const toml = readFileSync(path.join(EXTENSION_DIR, "shopify.extension.toml"), "utf8");
    const installed = JSON.parse(readFileSync(path.join(ROOT, "node_modules/@shopify/ui-extensions/package.json"), "utf8")) as {
      version: string;
    };
    const [year, month] = installed.version.split(".");
    expect(toml).toMatch(new RegExp(`^api_version = "${year}-${month!.padStart(2, "0")}"$`, "m"));
    expect(toml).toMatch(/^type = "ui_extension"$/m);
    expect(findExtensions().map((extension) => extension.target)).toEqual(["admin.order-details.block.render"]);
    // name = "t:name" is looked up in the default locale.
    expect(toml).toMatch(/^name = "t:name"$/m);
    expect(EN.name).toBe("Review invitation");
  });
});
