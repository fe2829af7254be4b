/**
 * End-to-end support: the real server in demo mode (real SQLite, the production build of
 * the admin page) and a real Chromium driven by playwright-core. Only Shopify is absent:
 * App Bridge's CDN is blocked, so the page runs exactly as in `npm run demo`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { expect, inject } from "vitest";
import { buildFrontend, isBuildFresh } from "../../web/frontend/build.ts";
import { createApp } from "../../web/server/app.ts";
import type { Config } from "../../web/server/config/config.ts";
import type { TestDb } from "./inspection.ts";
import { DEMO_SHOP, mintDemoSessionToken } from "../../web/server/demo/routes.ts";
import { createLogger } from "../../web/server/logger.ts";
import { createShopify } from "../../web/server/shopify.ts";
import { CHROMIUM } from "./chromium.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";
import { ROOT } from "./paths.ts";
import { testConfig } from "./shopify.ts";

/** CHROMIUM_PATH, else the machine's Chromium, else "" (then the npm one: test/support/chromium.ts). */
export { CHROMIUM };
export const SCREENSHOTS = path.join(ROOT, "screenshots");
/**
 * Builds the admin page unless dist/web is newer than every source file. Test files run
 * in parallel, so the build is guarded by a lock directory: one builds, the others wait.
 */
export async function ensureFrontendBuild(): Promise<void> {
  if (isBuildFresh()) return;
  const lock = path.join(ROOT, "var/frontend-build.lock");
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than the longest build belongs to a crashed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error("Timed out waiting for another test's frontend build");
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!isBuildFresh()) buildFrontend({ quiet: true });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface DemoServer {
  url: string;
  /** The app's database; also answers Prisma's model API for seeding (test/support/inspection.ts). */
  db: TestDb;
  config: Config;
  shop: string;
  database: TestDatabase;
  /** A session token for the demo shop, for checking results through the API. */
  token(): string;
  close(): Promise<void>;
}

/**
 * The real app on 127.0.0.1 and a random port, over a fresh database: in demo mode unless
 * DEMO_MODE=false is passed (then the page only works with App Bridge's session tokens).
 */
export async function startDemoServer(overrides: Partial<Record<string, string>> = {}): Promise<DemoServer> {
  const database = await createTestDatabase();
  // Its own outbox: a test email sent from the page must not land in the project's var/outbox.
  const outbox = mkdtempSync(path.join(os.tmpdir(), "ri-outbox-"));
  const config = testConfig({ DEMO_MODE: "true", SHOPIFY_APP_URL: "http://127.0.0.1:3000", OUTBOX_DIR: outbox, ...overrides });
  const app = createApp({ config, db: database.db, shopify: createShopify(config), logger: createLogger(config.LOG_LEVEL) });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db: database.db,
    config,
    shop: DEMO_SHOP,
    database,
    token: () => mintDemoSessionToken(config),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      rmSync(outbox, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  /** Uncaught errors in any page: a merchant would see a broken page. Tests expect none. */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Chromium with a fresh profile; Shopify's CDN is unreachable, as in the demo. */
export async function launchBrowser(): Promise<Browser> {
  // The global setup found (or unpacked) it once for the whole run.
  const executablePath = inject("chromiumPath") || CHROMIUM;
  if (!executablePath) throw new Error("No Chromium: set CHROMIUM_PATH, install chromium, or run npm install (@sparticuz/chromium).");
  const profile = mkdtempSync(path.join(os.tmpdir(), "ri-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
    timezoneId: "UTC",
  });
  await context.route("https://cdn.shopify.com/**", (route) => route.abort());
  const errors: string[] = [];
  return {
    context,
    errors,
    async newPage() {
      const page = await context.newPage();
      page.on("pageerror", (error) => errors.push(error.message));
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot to screenshots/<name>.png (the folder the README names). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // From the top: a full-page shot of a scrolled page draws the fixed navigation mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Calls the admin API as the demo shop's staff, to check what the page did. */
export async function api<T>(server: DemoServer, method: string, pathname: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(server.url + pathname, {
    method,
    headers: { Authorization: `Bearer ${server.token()}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Waits for what the merchant would eventually see (the page loads data asynchronously). */
export function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000, interval: 50 });
}

/** Saves one part of the page (e.g. the email preview, whose iframe a full-page shot leaves blank). */
export async function screenshotOf(locator: Locator, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
