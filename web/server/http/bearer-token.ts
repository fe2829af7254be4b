/**
 * Operator endpoints that no Shopify session reaches (GET /metrics, POST
 * /deliverability/reports) are guarded by a static bearer token from the environment.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { unauthorized } from "./errors.ts";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** 401 unless `Authorization: Bearer <token>`; compared in constant time (equal-length digests). */
export function bearerToken(token: string, realm: string, message: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const match = /^Bearer (.+)$/i.exec(req.get("authorization") ?? "");
    if (match && timingSafeEqual(digest(match[1]!), expected)) return next();
    res.set("WWW-Authenticate", `Bearer realm="${realm}"`);
    next(unauthorized(message));
  };
}
