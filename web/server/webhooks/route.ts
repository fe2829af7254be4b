/**
 * POST /api/webhooks: verify, store, answer. Shopify retries anything but a 2xx, so a
 * 200 goes out only after the delivery and its effect are committed together; a storage
 * failure answers 503 and Shopify delivers again later.
 */
import express, { Router, type Request } from "express";
import type { Db } from "../db/client.ts";
import { isUniqueViolation } from "../db/client.ts";
import { asyncHandler, badRequest, HttpError, unauthorized } from "../http/errors.ts";
import type { Logger } from "../logger.ts";
import { ensureShopKnown } from "../shops/shops.ts";
import type { ShopifyApi } from "../shopify.ts";
import type { DeliveryInfo, HandlerTable } from "./handlers.ts";
import { parseJsonExact, PayloadError } from "./payloads.ts";

export interface WebhookRouteDeps {
  db: Db;
  shopify: ShopifyApi;
  logger: Logger;
  handlers: HandlerTable;
  bodyLimit: string;
  clock?: () => Date;
}

function header(req: Request, name: string): string | undefined {
  // Node lower-cases incoming header names, so any capitalisation Shopify uses matches.
  const value = req.headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

export function webhookRouter(deps: WebhookRouteDeps): Router {
  const { db, shopify, logger, handlers } = deps;
  const clock = deps.clock ?? (() => new Date());
  const router = Router();

  router.post(
    "/api/webhooks",
    // Raw bytes: the HMAC is over the body exactly as sent; re-serialised JSON would not match.
    express.raw({ type: () => true, limit: deps.bodyLimit }),
    asyncHandler(async (req, res) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
      const check = await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
      if (!check.valid) {
        if (check.reason === "invalid_hmac" || check.reason === "missing_hmac") {
          logger.warn({ reason: check.reason, shop: header(req, "x-shopify-shop-domain") }, "webhook refused: HMAC");
          throw unauthorized("The webhook's HMAC signature is missing or does not match this app's secret.");
        }
        const missing = "missingHeaders" in check ? check.missingHeaders : [];
        throw badRequest(
          missing.length ? `Missing Shopify webhook headers: ${missing.join(", ")}.` : "The webhook has no body.",
          { missingHeaders: missing },
        );
      }

      const topic = header(req, "x-shopify-topic")!.toLowerCase();
      const webhookId = header(req, "x-shopify-webhook-id")!;
      const shop = shopify.utils.sanitizeShop(header(req, "x-shopify-shop-domain")!);
      if (!shop) throw badRequest("X-Shopify-Shop-Domain is not a valid myshopify.com domain.");
      const log = logger.child({ shop, topic, webhookId });

      const handler = handlers[topic];
      const ctx: DeliveryInfo = { shop, topic, webhookId, receivedAt: clock(), logger: log };
      let parsed: unknown = null;
      if (handler) {
        try {
          parsed = handler.parse(parseJsonExact(rawBody), ctx);
        } catch (error) {
          if (error instanceof PayloadError) {
            log.warn({ problem: error.message }, "webhook refused: malformed payload");
            throw new HttpError(400, "bad_payload", `Malformed webhook payload: ${error.message}`);
          }
          throw error;
        }
      } else {
        log.warn("webhook topic not handled by this app; acknowledged");
      }

      const store = () =>
        db.$transaction(async (tx) => {
          // First statement: a redelivery fails here on the primary key, before any effect.
          await tx.webhookDelivery.create({ data: { webhookId, shop, topic, outcome: "processing", receivedAt: ctx.receivedAt } });
          const shopRow = await ensureShopKnown(tx, shop);
          const outcome = handler ? await handler.apply(tx, parsed, { ...ctx, shopRow }) : "ignored_topic";
          await tx.webhookDelivery.update({ where: { webhookId }, data: { outcome } });
          return outcome;
        });

      let outcome: string;
      try {
        outcome = await store();
      } catch (error) {
        if (!isUniqueViolation(error)) return storageFailed(error);
        // Either this delivery was processed before (a redelivery: nothing changes), or
        // another delivery for the same order created its invitation first; once more
        // sees the committed state.
        if (await db.webhookDelivery.findUnique({ where: { webhookId }, select: { webhookId: true } })) {
          log.info("webhook redelivered; already processed");
          res.status(200).json({ status: "duplicate" });
          return;
        }
        try {
          outcome = await store();
        } catch (retryError) {
          return storageFailed(retryError);
        }
      }
      log.info({ outcome }, "webhook processed");
      res.status(200).json({ status: "processed", outcome });

      function storageFailed(error: unknown) {
        log.error({ err: error }, "webhook could not be stored; Shopify will retry");
        res.status(503).json({
          error: { code: "storage_unavailable", message: "The webhook could not be stored right now; Shopify will retry it." },
        });
      }
    }),
  );
  return router;
}
