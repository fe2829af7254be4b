/**
 * POST /api/webhooks: verify, store, answer. Shopify retries anything but a 2xx, so a
 * 200 goes out only after the delivery and its effect are committed together; a storage
 * failure answers 503 and Shopify delivers again later. What each topic does comes from the
 * handler table the app passes in (./types.ts); this module knows no topic.
 */
import express, { Router } from "express";
import { isUniqueViolation, type Db } from "../db/client.ts";
import { deliveryExists, insertDelivery, setDeliveryOutcome } from "../db/queries/deliveries.ts";
import { reassignDelivery } from "../db/queries/purge.ts";
import { asyncHandler, badRequest, HttpError, StorageUnavailableError, unauthorized } from "../http/errors.ts";
import type { Logger } from "../logger.ts";
import { noteWebhook } from "../metrics/metrics.ts";
import { PURGED_SHOPS, type ErasureKeys } from "../privacy/tombstones.ts";
import { shopForDelivery } from "../shops/shops.ts";
import type { ShopifyApi } from "../shopify.ts";
import { parseJsonExact, PayloadError } from "./payloads.ts";
import type { DeliveryInfo, HandlerTable } from "./types.ts";
import { verifyWebhook, WEBHOOK_HEADERS } from "./verify.ts";

export interface WebhookRouteDeps {
  db: Db;
  shopify: ShopifyApi;
  /** The app's secret: deliveries are signed with it. */
  secret: string;
  logger: Logger;
  handlers: HandlerTable;
  bodyLimit: string;
  clock?: () => Date;
  /** Tombstones of purged shops are looked up with these (privacy/tombstones.ts). */
  erasureKeys: ErasureKeys;
}

const STORAGE_FAILED = "The webhook could not be stored right now; Shopify will retry it.";

export function webhookRouter(deps: WebhookRouteDeps): Router {
  const { db, shopify, logger, handlers } = deps;
  const clock = deps.clock ?? (() => new Date());
  const router = Router();

  router.post(
    "/api/webhooks",
    // Raw bytes: the HMAC is over the body exactly as sent; re-serialised JSON would not match.
    express.raw({ type: () => true, limit: deps.bodyLimit }),
    asyncHandler(async (req, res) => {
      const rawBody: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (rawBody.length === 0) throw badRequest("The webhook has no body.");
      const check = verifyWebhook(deps.secret, rawBody, req.headers);
      if (!check.valid) {
        if (check.reason !== "missing_headers") {
          logger.warn({ reason: check.reason, shop: req.headers[WEBHOOK_HEADERS.domain.toLowerCase()] }, "webhook refused: HMAC");
          throw unauthorized("The webhook's HMAC signature is missing or does not match this app's secret.");
        }
        throw badRequest(`Missing Shopify webhook headers: ${check.missingHeaders.join(", ")}.`, {
          missingHeaders: check.missingHeaders,
        });
      }

      const topic = check.topic.toLowerCase();
      const webhookId = check.webhookId;
      const shop = shopify.utils.sanitizeShop(check.domain);
      if (!shop) throw badRequest("X-Shopify-Shop-Domain is not a valid myshopify.com domain.");
      const log = logger.child({ shop, topic, webhookId });
      noteWebhook(res, topic);

      const handler = handlers[topic];
      const info: DeliveryInfo = { shop, topic, webhookId, receivedAt: clock(), logger: log };
      let parsed: unknown = null;
      if (handler) {
        try {
          parsed = handler.parse(parseJsonExact(rawBody.toString("utf8")), info);
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
        db.transaction(async (tx) => {
          // First statement: a redelivery fails here on the primary key, before any effect.
          await insertDelivery(tx, { webhookId, shop, topic, receivedAt: info.receivedAt });
          const known = await shopForDelivery(tx, shop, info.receivedAt, deps.erasureKeys);
          if (!known) {
            // shop/redact purged this shop: nothing of it is stored again, not even its name
            // on the delivery row (kept, detached, so a redelivery is still a duplicate).
            await reassignDelivery(tx, webhookId, shop, PURGED_SHOPS);
            await setDeliveryOutcome(tx, webhookId, "ignored_shop_purged");
            return "ignored_shop_purged";
          }
          const context = { ...info, shopRow: known.row, newShop: known.created };
          const outcome = handler ? await handler.apply(tx, parsed, context) : "ignored_topic";
          await setDeliveryOutcome(tx, webhookId, outcome);
          return outcome;
        });

      let outcome: string;
      try {
        outcome = await store();
      } catch (error) {
        if (!isUniqueViolation(db, error)) throw new StorageUnavailableError(STORAGE_FAILED, { cause: error });
        // Either this delivery was processed before (a redelivery: nothing changes), or
        // another delivery for the same order created its invitation first; once more
        // sees the committed state.
        if (await deliveryExists(db, webhookId).catch(() => false)) {
          log.info("webhook redelivered; already processed");
          noteWebhook(res, topic, "duplicate");
          res.status(200).json({ status: "duplicate" });
          return;
        }
        try {
          outcome = await store();
        } catch (retryError) {
          throw new StorageUnavailableError(STORAGE_FAILED, { cause: retryError });
        }
      }
      log.info({ outcome }, "webhook processed");
      noteWebhook(res, topic, outcome);
      res.status(200).json({ status: "processed", outcome });
    }),
  );
  return router;
}
