/**
 * The three compliance payloads. The shop acted on comes from the X-Shopify-Shop-Domain
 * header, but the HMAC covers only the body: the body's own `shop_domain` must name the same
 * shop (`bodyShop`, compared by the handlers), or a signed body replayed under another
 * shop's header would act on that shop. Ids arrive from parseJsonExact as exact strings or
 * safe numbers.
 */
import { z } from "zod";
import { PayloadError, parseWith, shopifyId } from "../webhooks/payloads.ts";

/** Who a customers/* request is about; at least one of the three is present. */
export interface CustomerIdentity {
  customerId: string | null;
  /** Lower-cased: addresses are matched case-insensitively everywhere. */
  email: string | null;
  orderIds: string[];
}

/** The shop the signed body names (lower-cased), or null when it names none. */
export interface ShopClaim {
  bodyShop: string | null;
}

const shopDomain = z
  .string()
  .nullish()
  .transform((v) => v?.trim().toLowerCase() || null);

const shopSchema = z.object({ shop_domain: shopDomain.optional() }).loose();

export function parseShopClaim(body: unknown, topic: string): ShopClaim {
  return { bodyShop: parseWith(shopSchema, body, topic).shop_domain ?? null };
}

export interface DataRequestPayload extends CustomerIdentity {
  /** Shopify's id of the data request, so the merchant can match it to the admin's. */
  requestId: string | null;
}

const ids = z.array(shopifyId).nullish().transform((list) => [...new Set(list ?? [])]);
const email = z
  .string()
  .nullish()
  .transform((v) => {
    const trimmed = v?.trim().toLowerCase();
    return trimmed && trimmed.includes("@") ? trimmed : null;
  });
const customer = z.object({ id: shopifyId.nullish(), email: email.optional() }).loose().nullish();

const dataRequestSchema = z
  .object({ customer, orders_requested: ids.optional(), data_request: z.object({ id: shopifyId.nullish() }).loose().nullish() })
  .loose();
const redactSchema = z.object({ customer, orders_to_redact: ids.optional() }).loose();


function identity(
  c: z.infer<typeof customer>,
  orderIds: string[] | undefined,
  topic: string,
): CustomerIdentity {
  const result = { customerId: c?.id ?? null, email: c?.email ?? null, orderIds: orderIds ?? [] };
  if (!result.customerId && !result.email && result.orderIds.length === 0) {
    // Nothing to match on: answering 400 is better than silently "completing" a request.
    throw new PayloadError(`${topic} payload names no customer: it needs customer.id, customer.email or order ids`);
  }
  return result;
}

export function parseDataRequest(body: unknown): DataRequestPayload {
  const p = parseWith(dataRequestSchema, body, "customers/data_request");
  return {
    ...identity(p.customer, p.orders_requested, "customers/data_request"),
    requestId: p.data_request?.id ?? null,
  };
}

export function parseCustomerRedact(body: unknown): CustomerIdentity {
  const p = parseWith(redactSchema, body, "customers/redact");
  return identity(p.customer, p.orders_to_redact, "customers/redact");
}
