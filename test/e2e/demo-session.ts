/**
 * The setup most end-to-end files share: the production build of the page, the real server in
 * demo mode over a fresh database seeded with the demo shop (test/e2e/seed.ts), Debian's
 * Chromium and one page; all closed after the file. With `shopify: true`, Shopify's Admin API
 * is the local stand-in listing SHOPIFY_RECENT_ORDERS (for Get reviews). Fields are set once
 * `beforeAll` has run.
 */
import { afterAll, beforeAll } from "vitest";
import type { Page } from "playwright-core";
import { ensureFrontendBuild, launchBrowser, startDemoServer, type Browser, type DemoServer } from "../support/browser.ts";
import { startFakeAdminApi, type FakeAdminApi } from "../support/fake-admin-api.ts";
import { seedDemoShop, SHOPIFY_RECENT_ORDERS } from "./seed.ts";

export interface DemoSession {
  server: DemoServer;
  browser: Browser;
  page: Page;
  /** Only with `shopify: true`. */
  shopify?: FakeAdminApi;
  /** What the browser refused under the page's Content-Security-Policy, as it reported it. */
  cspViolations: string[];
}

export function demoSession(options: { shopify?: boolean } = {}): DemoSession {
  const session = { cspViolations: [] } as unknown as DemoSession;
  beforeAll(async () => {
    await ensureFrontendBuild();
    if (options.shopify) session.shopify = await startFakeAdminApi();
    session.server = await startDemoServer(session.shopify ? { SHOPIFY_ADMIN_API_ORIGIN: session.shopify.origin } : {});
    await seedDemoShop(session.server);
    session.shopify?.orders.set(session.server.shop, SHOPIFY_RECENT_ORDERS);
    session.browser = await launchBrowser();
    session.page = await session.browser.newPage();
    session.page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) session.cspViolations.push(message.text());
    });
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
    await session.shopify?.close();
  });
  return session;
}
