/**
 * How the backend serves the built admin page: the app's public client id filled in (and
 * nothing secret), framing allowed only by the shop's admin, App Bridge left out of the
 * demo page, client routes answered with the page, and a clear message before a build.
 */
import { createHmac } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ROUTES, frontendRouter } from "../web/server/frontend/routes.ts";
import { errorHandler } from "../web/server/http/errors.ts";
import { createLogger } from "../web/server/logger.ts";
import { createShopify } from "../web/server/shopify.ts";
import { ROOT } from "./support/paths.ts";
import { mintSessionToken, TEST_API_KEY, TEST_SECRET, testConfig } from "./support/shopify.ts";

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
  const config = testConfig(overrides.DEMO_MODE === "true" ? { SHOPIFY_APP_URL: "http://127.0.0.1:3000", ...overrides } : overrides);
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

  it("lets only the admin of a shop the request proves (hmac or id_token) frame the page", async () => {
    const scripts = "script-src 'self' https://cdn.shopify.com; object-src 'none'; base-uri 'self'";
    const framedBy = (shop: string) => `frame-ancestors https://${shop} https://admin.shopify.com; ${scripts}`;
    const none = `frame-ancestors 'none'; ${scripts}`;
    // As Shopify's admin opens the app: the launch parameters, signed with the app secret.
    const params = "embedded=1&host=abc&shop=test-shop.myshopify.com&timestamp=1767225600";
    const hmac = createHmac("sha256", TEST_SECRET).update(params).digest("hex");
    const signed = await request(appWith()).get(`/?${params}&hmac=${hmac}`);
    expect(signed.headers["content-security-policy"]).toBe(framedBy("test-shop.myshopify.com"));
    const token = await mintSessionToken();
    const withToken = await request(appWith()).get(`/?shop=test-shop.myshopify.com&id_token=${token}`);
    expect(withToken.headers["content-security-policy"]).toBe(framedBy("test-shop.myshopify.com"));
    // Anyone can write ?shop= into a URL: unproven, nobody may frame the page.
    const unsigned = await request(appWith()).get("/?shop=test-shop.myshopify.com&host=abc&embedded=1");
    expect(unsigned.headers["content-security-policy"]).toBe(none);
    const otherShop = await request(appWith()).get(`/?${params.replace("test-shop", "other-shop")}&hmac=${hmac}`);
    expect(otherShop.headers["content-security-policy"]).toBe(none);
    const otherToken = await request(appWith()).get(`/?shop=other-shop.myshopify.com&id_token=${token}`);
    expect(otherToken.headers["content-security-policy"]).toBe(none);
    const plain = await request(appWith()).get("/history");
    expect(plain.headers["content-security-policy"]).toBe(none);
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
