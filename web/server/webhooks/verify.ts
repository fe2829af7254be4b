/**
 * Verifies a webhook delivery the way Shopify specifies it: the base64 HMAC-SHA256 of the
 * raw body with the app's secret in X-Shopify-Hmac-Sha256, compared in constant time, and
 * the headers every delivery carries. Returns a value instead of throwing (as
 * @shopify/shopify-api's `webhooks.validate`, whose answers it keeps: `missing_hmac`,
 * `invalid_hmac`, `missing_headers` with their names).
 *
 * Why not that library call: request conversion, header canonicalisation and WebCrypto's
 * async HMAC made it cost a third of the intake's whole CPU budget per delivery
 * (docs/decisions.md). test/webhooks.intake.test.ts
 * checks this against Shopify's published test vector.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const WEBHOOK_HEADERS = {
  hmac: "X-Shopify-Hmac-Sha256",
  topic: "X-Shopify-Topic",
  domain: "X-Shopify-Shop-Domain",
  apiVersion: "X-Shopify-API-Version",
  webhookId: "X-Shopify-Webhook-Id",
} as const;

export type WebhookCheck =
  | { valid: true; topic: string; domain: string; apiVersion: string; webhookId: string }
  | { valid: false; reason: "missing_hmac" | "invalid_hmac" }
  | { valid: false; reason: "missing_headers"; missingHeaders: string[] };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  // Node lower-cases incoming header names, so any capitalisation Shopify uses matches.
  const value = headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

export function verifyWebhook(secret: string, rawBody: Buffer, headers: IncomingHttpHeaders): WebhookCheck {
  const given = header(headers, WEBHOOK_HEADERS.hmac);
  if (!given) return { valid: false, reason: "missing_hmac" };
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const received = Buffer.from(given, "base64");
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return { valid: false, reason: "invalid_hmac" };
  }
  const missingHeaders: string[] = [];
  const required = (name: string) => {
    const value = header(headers, name);
    if (!value) missingHeaders.push(name);
    return value ?? "";
  };
  const topic = required(WEBHOOK_HEADERS.topic);
  const domain = required(WEBHOOK_HEADERS.domain);
  const apiVersion = required(WEBHOOK_HEADERS.apiVersion);
  const webhookId = required(WEBHOOK_HEADERS.webhookId);
  if (missingHeaders.length) return { valid: false, reason: "missing_headers", missingHeaders };
  return { valid: true, topic, domain, apiVersion, webhookId };
}
