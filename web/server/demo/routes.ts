/**
 * Demo mode only: outside the Shopify admin there is no App Bridge to hand the page a
 * session token, so the demo server mints one for the demo shop. Mounted only when
 * DEMO_MODE is on (which config refuses in production) and answered only to loopback
 * clients, so it can never grant access to a real shop from elsewhere.
 */
import { createHmac, randomUUID } from "node:crypto";
import { Router } from "express";
import type { Config } from "../config/config.ts";
import { HttpError } from "../http/errors.ts";

export const DEMO_SHOP = "demo-shop.myshopify.com";

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString("base64url");
}

/** An HS256 session token shaped exactly like the ones Shopify's admin issues. */
export function mintDemoSessionToken(config: Config, shop = DEMO_SHOP, user = "demo-staff", lifetimeSeconds = 60): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: config.SHOPIFY_API_KEY,
      sub: user,
      exp: now + lifetimeSeconds,
      nbf: now - 5,
      iat: now,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", config.SHOPIFY_API_SECRET).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

export function demoRouter(config: Config): Router {
  if (!config.DEMO_MODE || config.NODE_ENV === "production") {
    throw new Error("demoRouter mounted outside demo mode");
  }
  const router = Router();
  router.get("/demo/session-token", (req, res, next) => {
    // The socket address, not X-Forwarded-For: a proxy header could be forged.
    if (!isLoopback(req.socket.remoteAddress)) {
      next(new HttpError(403, "forbidden", "The demo only answers requests from this machine."));
      return;
    }
    res.set("Cache-Control", "no-store").json({ token: mintDemoSessionToken(config), shop: DEMO_SHOP });
  });
  return router;
}
