/**
 * The compliance topics, in the webhook table's {parse, apply} shape. Each runs inside the
 * delivery's transaction, so Shopify gets its 200 only once the erasure or the export is
 * committed; if anything fails it gets a 503 and delivers again.
 */
import { findDataRequestId, insertDataRequest, updateDataRequest } from "../db/queries/data-requests.ts";
import type { TopicHandler } from "../webhooks/types.ts";
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
