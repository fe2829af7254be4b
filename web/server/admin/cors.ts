/**
 * The order-page block (an admin UI extension) runs on Shopify's extension host and calls
 * this backend cross-origin with its session token in the Authorization header. Browsers
 * ask first (a preflight OPTIONS without the token), so those routes answer it here,
 * before authentication, and mark their real answers (errors included) readable by that
 * origin. Only the extension host and only the routes the block uses: nothing else of the
 * admin API is readable cross-origin. No cookies are involved (no credentials mode).
 */
import type { Request, RequestHandler } from "express";

export const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

interface CorsRoute {
  pattern: RegExp;
  methods: string[];
}

/** Paths relative to the /api mount. */
const EXTENSION_ROUTES: CorsRoute[] = [
  { pattern: /^\/orders\/[^/]+\/invitation\/?$/, methods: ["GET"] },
  { pattern: /^\/invitations\/\d+\/?$/, methods: ["GET", "PATCH"] },
];

function routeFor(req: Request): CorsRoute | undefined {
  return EXTENSION_ROUTES.find((r) => r.pattern.test(req.path));
}

export function extensionCors(allowedOrigins: string[] = [EXTENSION_ORIGIN]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get("origin");
    const route = routeFor(req);
    if (!origin || !route || !allowedOrigins.includes(origin)) {
      next();
      return;
    }
    res.vary("Origin");
    res.set("Access-Control-Allow-Origin", origin);
    if (req.method === "OPTIONS") {
      res.set({
        "Access-Control-Allow-Methods": [...route.methods, "OPTIONS"].join(", "),
        "Access-Control-Allow-Headers": "Authorization, Content-Type",
        "Access-Control-Max-Age": "600",
      });
      res.status(204).end();
      return;
    }
    next();
  };
}
