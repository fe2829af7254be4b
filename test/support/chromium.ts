/**
 * Which Chromium the browser tests drive, first that applies:
 *   1. CHROMIUM_PATH;
 *   2. a Chromium installed on the machine (Debian's /usr/bin/chromium, or one on PATH);
 *   3. @sparticuz/chromium from node_modules (Linux x64/arm64), so `npm install && npm test`
 *      needs nothing installed on the machine. It unpacks into the temp folder on first use,
 *      and two test workers unpacking at once would race, so the global setup unpacks it
 *      once per run (test/support/global-setup.ts) and hands the path to the workers.
 */
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";

const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** A Chromium on the machine: Debian's package, or the first of the usual names on PATH. */
export function systemChromium(): string | undefined {
  const dirs = ["/usr/bin", ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean)];
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (isExecutableFile(file)) return file;
    }
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH, else the machine's Chromium; "" when neither (the npm package is used). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? systemChromium() ?? "";

/** The browser to launch: the above, or @sparticuz/chromium unpacked (a few seconds, once). */
export async function chromiumExecutable(): Promise<{ path: string; source: string }> {
  if (process.env.CHROMIUM_PATH) return { path: process.env.CHROMIUM_PATH, source: "CHROMIUM_PATH" };
  if (CHROMIUM) return { path: CHROMIUM, source: "the machine's Chromium" };
  const { default: sparticuz } = await import("@sparticuz/chromium");
  return { path: await sparticuz.executablePath(), source: "@sparticuz/chromium (node_modules)" };
}
