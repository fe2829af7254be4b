/**
 * Stand-ins for Shopify itself, and only for Shopify: signed webhooks and minted session
 * tokens made with the test secret, exactly as Shopify makes them.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Express } from "express";
import request from "supertest";
import type { Config } from "../../web/server/config/config.ts";
import { loadConfig } from "../../web/server/config/config.ts";
import { FIXTURES } from "./paths.ts";

export const TEST_API_KEY = "test-api-key";
export const TEST_SECRET = "test_secret_key";
export const TEST_SHOP = "test-shop.myshopify.com";

export function testConfig(overrides: Partial<Record<string, string>> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_SECRET,
    SHOPIFY_APP_URL: "https://reviews.example.test",
    SCOPES: "read_orders,read_customers",
    LOG_LEVEL: "silent",
    ...overrides,
  });
}

export function hmacOf(body: string | Buffer, secret = TEST_SECRET): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** A fixture's raw text: edit it as text, never through JSON.parse (ids would round). */
export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, `${name}.json`), "utf8");
}

export interface WebhookOptions {
  shop?: string;
  webhookId?: string;
  secret?: string;
  headers?: Record<string, string | undefined>;
}

export function webhookHeaders(topic: string, body: string, options: WebhookOptions = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": hmacOf(body, options.secret),
    "X-Shopify-Shop-Domain": options.shop ?? TEST_SHOP,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    ...options.headers,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** Sends a webhook signed like Shopify signs it. */
export function sendWebhook(app: Express, topic: string, body: string, options: WebhookOptions = {}) {
  return request(app).post("/api/webhooks").set(webhookHeaders(topic, body, options)).send(body);
}

/** A session token as the admin (App Bridge or a UI extension) would send it. */
export async function mintSessionToken(
  options: { shop?: string; user?: string; secret?: string; audience?: string; expiresIn?: number; notBefore?: number } = {},
): Promise<string> {
  const { SignJWT } = await import("jose");
  const shop = options.shop ?? TEST_SHOP;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid: randomUUID() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(options.audience ?? TEST_API_KEY)
    .setSubject(options.user ?? "42")
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now + (options.notBefore ?? -5))
    .setExpirationTime(now + (options.expiresIn ?? 60))
    .sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}
