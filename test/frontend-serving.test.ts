/**
 * How the backend serves the built admin page: the app's public client id filled in (and
 * nothing secret), framing allowed only by the shop's admin, App Bridge left out of the
 * demo page, client routes answered with the page, and a clear message before a build.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ROUTES, frontendRouter } from "../web/server/frontend/router.ts";
import { errorHandler } from "../web/server/http/errors.ts";
import { createLogger } from "../web/server/logger.ts";
import { createShopify } from "../web/server/shopify.ts";
import { ROOT } from "./support/paths.ts";
import { TEST_API_KEY, TEST_SECRET, testConfig } from "./support/shopify.ts";

let dist: string;

beforeAll(() => {
  // The page's real index.html, as Vite leaves it (placeholders and the App Bridge tag intact).
  dist = mkdtempSync(path.join(os.tmpdir(), "ri-dist-"));
  copyFileSync(path.join(ROOT, "web/frontend/index.html"), path.join(dist, "index.html"));
  mkdirSync(path.join(dist, "assets"));
  writeFileSync(path.join(dist, "assets/index-abc123.js"), "console.log('admin page')");
  copyFileSync(path.join(ROOT, "web/frontend/public/favicon.ico"), path.join(dist, "favicon.ico"));
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function appWith(overrides: Record<string, string> = {}, distDir = dist) {
  const config = testConfig(overrides);
  const app = express();
  app.use(frontendRouter({ config, shopify: createShopify(config), distDir }));
  app.use(errorHandler(createLogger("silent")));
  return app;
}

describe("serving the admin page", () => {
  it("answers every client route with the page and the app's public client id, never the secret", async () => {
    for (const route of CLIENT_ROUTES) {
      const res = await request(appWith()).get(route);
      expect(res.status).toBe(200);
      expect(res.type).toBe("text/html");
      expect(res.text).toContain(`<meta name="shopify-api-key" content="${TEST_API_KEY}"`);
      expect(res.text).not.toContain(TEST_SECRET);
    }
  });

  it("lets only the shop's own admin frame the page", async () => {
    const embedded = await request(appWith()).get("/?shop=test-shop.myshopify.com&host=abc&embedded=1");
    expect(embedded.headers["content-security-policy"]).toBe(
      "frame-ancestors https://test-shop.myshopify.com https://admin.shopify.com;",
    );
    const forged = await request(appWith()).get("/?shop=evil.example.com");
    expect(forged.headers["content-security-policy"]).toBe("frame-ancestors 'none';");
    const plain = await request(appWith()).get("/history");
    expect(plain.headers["content-security-policy"]).toBe("frame-ancestors 'none';");
  });

  it("loads App Bridge when the admin opens the page, and leaves it out of the demo page", async () => {
    const production = await request(appWith()).get("/");
    expect(production.text).toContain("https://cdn.shopify.com/shopifycloud/app-bridge.js");
    const demo = await request(appWith({ DEMO_MODE: "true" })).get("/");
    expect(demo.text).not.toContain("app-bridge.js");
    expect(demo.text).toContain('<div id="root">');
    const demoInAdmin = await request(appWith({ DEMO_MODE: "true" })).get("/?host=abc&shop=test-shop.myshopify.com");
    expect(demoInAdmin.text).toContain("app-bridge.js");
  });

  it("serves hashed assets for a year and answers 404 for unknown ones and unknown pages", async () => {
    const asset = await request(appWith()).get("/assets/index-abc123.js");
    expect(asset.status).toBe(200);
    expect(asset.headers["cache-control"]).toContain("max-age=31536000");
    expect((await request(appWith()).get("/assets/nope.js")).status).toBe(404);
    expect((await request(appWith()).get("/no-such-page")).status).toBe(404);
  });

  it("serves the favicon browsers ask for", async () => {
    const icon = await request(appWith()).get("/favicon.ico");
    expect(icon.status).toBe(200);
    expect(icon.headers["content-type"]).toBe("image/x-icon");
    expect(icon.body.length).toBeGreaterThan(0);
  });

  it("answers an invitation's own page with the page", async () => {
    const res = await request(appWith()).get("/invitations/42");
    expect(res.status).toBe(200);
    expect(res.text).toContain('<div id="root">');
    expect((await request(appWith()).get("/invitations/42/more")).status).toBe(404);
  });

  it("says how to build the page when it hasn't been built", async () => {
    const res = await request(appWith({}, path.join(dist, "missing"))).get("/");
    expect(res.status).toBe(503);
    expect(res.text).toContain("npm run build");
  });
});
