/**
 * Admin write routes (POST, PUT, PATCH, DELETE under /api) are rate limited per shop, the
 * shop of the verified session token (issue 13): one shop looping on "Get reviews" or the
 * preview cannot take the server from the others. express-rate-limit's in-memory store
 * counts per process; with several instances each counts its own share (docs/security.md).
 */
import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { adminSession } from "../auth/session-token.ts";
import { HttpError } from "../http/errors.ts";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function adminWriteLimit(perMinute: number): RequestHandler {
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    skip: (req) => !WRITES.has(req.method),
    keyGenerator: (_req, res) => adminSession(res).shop,
    handler: (req, res, next) => {
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000));
      res.set("Retry-After", String(seconds));
      next(
        new HttpError(
          429,
          "rate_limited",
          `Too many changes from this store in a minute (at most ${perMinute}). Wait ${seconds} seconds and try again.`,
          { retryAfterSeconds: seconds },
        ),
      );
    },
  });
  return limiter;
}
