/**
 * The compliance topics, in the webhook table's {parse, apply} shape. Each runs inside the
 * delivery's transaction, so Shopify gets its 200 only once the erasure or the export is
 * committed; if anything fails it gets a 503 and delivers again.
 *
 * Each acts only on its own shop (issue 13): the signed body's `shop_domain` must name the
 * shop of the X-Shopify-Shop-Domain header (unsigned), else the delivery is acknowledged
 * with no effect and logged; a body replayed under another shop's header changes nothing.
 * shop/redact erases only a shop that is uninstalled (or that the app never knew).
 */
import { findDataRequestId, insertDataRequest, updateDataRequest } from "../db/queries/data-requests.ts";
import { insertErasures } from "../db/queries/erasures.ts";
import type { DeliveryContext, TopicHandler } from "../webhooks/types.ts";
import { maskEmail } from "../logger.ts";
import { deleteOutboxFiles, deleteShopOutboxFiles } from "../mail/outbox-files.ts";
import { assembleExport } from "./export.ts";
import { findFootprint } from "./footprint.ts";
import {
  parseCustomerRedact,
  parseDataRequest,
  parseShopClaim,
  type CustomerIdentity,
  type DataRequestPayload,
  type ShopClaim,
} from "./payloads.ts";
import { redactCustomer } from "./redact-customer.ts";
import { purgeShop } from "./redact-shop.ts";
import { PURGED_SHOPS, tombstoneHash, type ErasureKeys } from "./tombstones.ts";

export interface PrivacyHandlerDeps {
  keys: ErasureKeys;
  /** The outbox (no SMTP_URL): its .eml files of an erased customer or shop go too. */
  outboxDir?: string | undefined;
}

/** Outcome of a delivery whose body names another shop than its header. */
export const SHOP_MISMATCH = "ignored_shop_mismatch";

function foreign(claim: ShopClaim, ctx: DeliveryContext): boolean {
  if (claim.bodyShop === ctx.shop) return false;
  ctx.logger.warn(
    { headerShop: ctx.shop, bodyShop: claim.bodyShop ?? null },
    "compliance webhook ignored: the signed body names another shop than the X-Shopify-Shop-Domain header",
  );
  return true;
}

export function privacyHandlers(deps: PrivacyHandlerDeps) {
  const customersDataRequest: TopicHandler<DataRequestPayload & ShopClaim> = {
    parse: (body, info) => ({ ...parseDataRequest(body), ...parseShopClaim(body, info.topic) }),
    async apply(tx, request, ctx) {
      if (foreign(request, ctx)) return SHOP_MISMATCH;
      const footprint = await findFootprint(tx, ctx.shop, request);
      const document = await assembleExport(tx, footprint, request, ctx.receivedAt);
      const data = {
        customerId: request.customerId,
        email: request.email,
        export: JSON.stringify(document),
        createdAt: ctx.receivedAt,
      };
      // Shopify may send the same request again under a new webhook id: one row per request.
      const existing = request.requestId ? await findDataRequestId(tx, ctx.shop, request.requestId) : undefined;
      if (existing !== undefined) await updateDataRequest(tx, existing, data);
      else await insertDataRequest(tx, ctx.shop, request.requestId, data);
      ctx.logger.info(
        { customer: maskEmail(request.email), invitations: footprint.invitationIds.length, orders: document.orders.length },
        "customer data export stored",
      );
      return `data_request_exported:${footprint.invitationIds.length}`;
    },
  };

  const customersRedact: TopicHandler<CustomerIdentity & ShopClaim> = {
    parse: (body, info) => ({ ...parseCustomerRedact(body), ...parseShopClaim(body, info.topic) }),
    async apply(tx, who, ctx) {
      if (foreign(who, ctx)) return SHOP_MISMATCH;
      const result = await redactCustomer(tx, ctx.shop, who, ctx.receivedAt, deps.keys);
      if (deps.outboxDir) await deleteOutboxFiles(deps.outboxDir, ctx.shop, result.invitationIds);
      ctx.logger.info({ customer: maskEmail(who.email), ...result, invitationIds: undefined }, "customer redacted");
      return `customer_redacted:${result.invitations}`;
    },
  };

  const shopRedact: TopicHandler<ShopClaim> = {
    parse: (body, info) => parseShopClaim(body, info.topic),
    async apply(tx, claim, ctx) {
      if (foreign(claim, ctx)) return SHOP_MISMATCH;
      if (!ctx.shopRow.uninstalledAt && !ctx.newShop) {
        // Shopify sends shop/redact 48 hours after an uninstall; a shop that is installed
        // (never uninstalled, or opened again since) keeps its data.
        ctx.logger.warn("shop/redact ignored: the shop is installed");
        return "ignored_shop_installed";
      }
      const counts = await purgeShop(tx, ctx.shop, ctx.webhookId);
      // The tombstone keeps a late webhook from creating the shop again (shops/shops.ts).
      await insertErasures(tx, PURGED_SHOPS, [{ hash: tombstoneHash(deps.keys, "shop", ctx.shop), kind: "shop" }], ctx.receivedAt);
      if (deps.outboxDir) await deleteShopOutboxFiles(deps.outboxDir, ctx.shop);
      ctx.logger.info({ deleted: counts }, "shop purged");
      return "shop_redacted";
    },
  };

  return {
    "customers/data_request": customersDataRequest,
    "customers/redact": customersRedact,
    "shop/redact": shopRedact,
  };
}
