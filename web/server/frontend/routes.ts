/**
 * Serves the built admin page (dist/web, from `npm run build`): hashed assets with a long
 * cache, and index.html for each client route with the app's public client id filled in.
 * Inside the admin the page may only be framed by the shop's admin; elsewhere not at all.
 * Nothing secret reaches the browser: the client id is public by design.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createHmac, timingSafeEqual } from "node:crypto";
import express, { Router, type Request } from "express";
import type { Config } from "../config/config.ts";
import { PROJECT_ROOT } from "../paths.ts";
import type { ShopifyApi } from "../shopify.ts";

export const DEFAULT_DIST_DIR = path.join(PROJECT_ROOT, "dist/web");

/** The page's client routes (web/frontend/App.tsx); everything else is a 404. */
export const CLIENT_ROUTES = ["/", "/history", "/invitations/:id", "/get-reviews", "/settings", "/deliverability", "/help"];

const APP_BRIDGE_TAG = /\s*<!--[^>]*App Bridge[^>]*-->\s*<script src="https:\/\/cdn\.shopify\.com\/[^"]+" data-app-bridge><\/script>/;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export interface FrontendDeps {
  config: Config;
  shopify: ShopifyApi;
  /** Where the build is; tests point it at their own build. */
  distDir?: string;
}

export function frontendRouter({ config, shopify, distDir = DEFAULT_DIST_DIR }: FrontendDeps): Router {
  const router = Router();
  const indexFile = path.join(distDir, "index.html");

  // Read once in production; in development a rebuild shows up without a restart.
  let cached: string | undefined;
  function template(): string | undefined {
    if (cached) return cached;
    if (!existsSync(indexFile)) return undefined;
    const html = readFileSync(indexFile, "utf8").replace("__SHOPIFY_API_KEY__", escapeAttribute(config.SHOPIFY_API_KEY));
    if (config.NODE_ENV === "production") cached = html;
    return html;
  }

  /**
   * The admin loads the app with ?embedded=1&host=…&shop=…. A demo visit has none of these:
   * App Bridge would only try to redirect into an admin that isn't there, so it is left out.
   */
  function openedByAdmin(req: Request): boolean {
    return typeof req.query.host === "string" || req.query.embedded === "1";
  }

  router.use(
    "/assets",
    express.static(path.join(distDir, "assets"), { immutable: true, maxAge: "1y", index: false, fallthrough: false }),
  );

  // Browsers ask for it on their own; the file comes from web/frontend/public.
  router.get("/favicon.ico", (_req, res, next) => {
    const icon = path.join(distDir, "favicon.ico");
    if (!existsSync(icon)) return next();
    res.type("image/x-icon").sendFile(icon, { maxAge: "1d" });
  });

  router.get(CLIENT_ROUTES, async (req, res) => {
    const html = template();
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "strict-origin-when-cross-origin");
    if (!html) {
      res
        .status(503)
        .type("text/plain")
        .send("The admin page has not been built yet. Run `npm run build`, then reload this page.");
      return;
    }
    // Framing is allowed only by the admin of a shop the request proves (issue 13): an
    // unverified ?shop= would let any page frame the app as that shop's.
    const shop = await verifiedShop(req, config.SHOPIFY_API_SECRET, shopify).catch(() => null);
    res.set(
      "Content-Security-Policy",
      [
        shop ? `frame-ancestors https://${shop} https://admin.shopify.com` : "frame-ancestors 'none'",
        // Scripts only from the app itself and Shopify's CDN (App Bridge); no plugins, no <base>
        // from elsewhere. The email preview is a sandboxed srcdoc frame that inherits this
        // policy, which is what it should get: it runs no script at all.
        "script-src 'self' https://cdn.shopify.com",
        "object-src 'none'",
        "base-uri 'self'",
      ].join("; "),
    );
    res.set("Cache-Control", "no-store");
    const body = config.DEMO_MODE && !openedByAdmin(req) ? html.replace(APP_BRIDGE_TAG, "") : html;
    res.type("html").send(body);
  });

  return router;
}

/**
 * The shop the admin opened the page for, when the request proves it: the query's `hmac`
 * (Shopify signs the launch URL's parameters with the app secret) or its `id_token` (a session
 * token for that shop). Otherwise null.
 */
export async function verifiedShop(req: Request, secret: string, shopify: ShopifyApi): Promise<string | null> {
  const query = req.query as Record<string, unknown>;
  const shop = typeof query.shop === "string" ? shopify.utils.sanitizeShop(query.shop) : null;
  if (!shop) return null;
  if (typeof query.hmac === "string") {
    const message = Object.keys(query)
      .filter((k) => k !== "hmac" && k !== "signature" && typeof query[k] === "string")
      .sort()
      .map((k) => `${k}=${query[k] as string}`)
      .join("&");
    const expected = Buffer.from(createHmac("sha256", secret).update(message).digest("hex"));
    const given = Buffer.from(query.hmac);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return shop;
  }
  if (typeof query.id_token === "string") {
    const payload = await shopify.session.decodeSessionToken(query.id_token);
    if (String(payload.dest ?? "") === `https://${shop}`) return shop;
  }
  return null;
}
