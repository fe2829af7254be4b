/**
 * The compliance topics, in the webhook table's {parse, apply} shape. Each runs inside the
 * delivery's transaction, so Shopify gets its 200 only once the erasure or the export is
 * committed; if anything fails it gets a 503 and delivers again.
 */
import type { TopicHandler } from "../webhooks/handlers.ts";
import { maskEmail } from "../logger.ts";
import { assembleExport } from "./export.ts";
import { findFootprint } from "./footprint.ts";
import { parseCustomerRedact, parseDataRequest, type CustomerIdentity, type DataRequestPayload } from "./payloads.ts";
import { redactCustomer } from "./redact-customer.ts";
import { purgeShop } from "./redact-shop.ts";

export const customersDataRequest: TopicHandler<DataRequestPayload> = {
  parse: (body) => parseDataRequest(body),
  async apply(tx, request, ctx) {
    const footprint = await findFootprint(tx, ctx.shop, request);
    const document = await assembleExport(tx, footprint, request, ctx.receivedAt);
    const data = {
      customerId: request.customerId,
      email: request.email,
      export: JSON.stringify(document),
      createdAt: ctx.receivedAt,
    };
    // Shopify may send the same request again under a new webhook id: one row per request.
    const existing = request.requestId
      ? await tx.dataRequest.findFirst({ where: { shop: ctx.shop, requestId: request.requestId }, select: { id: true } })
      : null;
    if (existing) await tx.dataRequest.update({ where: { id: existing.id }, data });
    else await tx.dataRequest.create({ data: { shop: ctx.shop, requestId: request.requestId, ...data } });
    ctx.logger.info(
      { customer: maskEmail(request.email), invitations: footprint.invitationIds.length, orders: document.orders.length },
      "customer data export stored",
    );
    return `data_request_exported:${footprint.invitationIds.length}`;
  },
};

export const customersRedact: TopicHandler<CustomerIdentity> = {
  parse: (body) => parseCustomerRedact(body),
  async apply(tx, who, ctx) {
    const result = await redactCustomer(tx, ctx.shop, who, ctx.receivedAt);
    ctx.logger.info({ customer: maskEmail(who.email), ...result }, "customer redacted");
    return `customer_redacted:${result.invitations}`;
  },
};

export const shopRedact: TopicHandler<null> = {
  parse: () => null,
  async apply(tx, _parsed, ctx) {
    const counts = await purgeShop(tx, ctx.shop, ctx.webhookId);
    ctx.logger.info({ deleted: counts }, "shop purged");
    return "shop_redacted";
  },
};

export const privacyHandlers = {
  "customers/data_request": customersDataRequest,
  "customers/redact": customersRedact,
  "shop/redact": shopRedact,
};
