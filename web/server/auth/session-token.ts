/**
 * Admin requests carry Shopify's session token (App Bridge in the admin page, the admin
 * itself for UI extensions): an HS256 JWT signed with the app secret. The verified token's
 * `dest` is the only shop a request can see or change; nothing in the URL or body can
 * name another one.
 */
import type { RequestHandler, Response } from "express";
import type { Db } from "../db/client.ts";
import { unauthorized } from "../http/errors.ts";
import { markShopInstalled } from "../shops/shops.ts";
import type { ShopifyApi } from "../shopify.ts";

export interface AdminSession {
  /** The shop's myshopify.com domain, from the token's `dest`. */
  shop: string;
  /** The staff user (`sub`), recorded in audit events. */
  user: string;
  sessionId?: string;
  /** The raw token, for token exchange when the Admin API is needed. Never log it. */
  token: string;
}

/** The verified session of the current request; only valid behind requireSessionToken. */
export function adminSession(res: Response): AdminSession {
  const session = res.locals.adminSession as AdminSession | undefined;
  if (!session) throw new Error("adminSession() used on a route without requireSessionToken");
  return session;
}

export function requireSessionToken(deps: { shopify: ShopifyApi; db: Db }): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "");
    if (!match) {
      next(unauthorized("Missing session token: send Authorization: Bearer <session token>."));
      return;
    }
    const token = match[1]!;
    deps.shopify.session
      .decodeSessionToken(token)
      .then(async (payload) => {
        const shop = deps.shopify.utils.sanitizeShop(String(payload.dest ?? "").replace(/^https:\/\//, ""));
        if (!shop) throw unauthorized("The session token names no valid shop.");
        const problem = claimProblem(payload as unknown as Record<string, unknown>, shop);
        if (problem) throw unauthorized(`Invalid session token: ${problem}.`);
        // A session token means the merchant opened the app: the shop is installed (again).
        await markShopInstalled(deps.db, shop);
        const session: AdminSession = { shop, user: String(payload.sub ?? "unknown"), sessionId: payload.sid, token };
        res.locals.adminSession = session;
        next();
      })
      .catch((error: unknown) => {
        // The library's message repeats the token itself: never pass it on or log it.
        next(error instanceof Error && error.name === "HttpError" ? error : unauthorized("Invalid or expired session token."));
      });
  };
}

/**
 * What the library does not insist on (issue 13): a token without `exp` or `nbf` would be
 * valid forever, and one whose issuer (`iss` = https://{shop}/admin) names another shop than
 * its destination (`dest` = https://{shop}) is not one Shopify issued for this shop.
 */
export function claimProblem(payload: Record<string, unknown>, shop: string): string | null {
  if (typeof payload.exp !== "number") return "it has no expiry (exp)";
  if (typeof payload.nbf !== "number") return "it has no not-before time (nbf)";
  let issuerHost: string;
  try {
    const issuer = new URL(String(payload.iss ?? ""));
    if (issuer.protocol !== "https:") return "its issuer (iss) is not an https URL";
    issuerHost = issuer.host;
  } catch {
    return "its issuer (iss) is not a URL";
  }
  if (issuerHost !== shop) return "its issuer (iss) names another shop than its destination (dest)";
  return null;
}
