/**
 * Turns raw webhook bodies into domain events. Ids stay exact: Shopify ids exceed 2^53,
 * and JSON.parse would silently round 820982911946154508 to …500, merging two orders.
 */
import { z } from "zod";
import type { OrderEvent, OrderSnapshot } from "../invitations/orders.ts";
import { productLines, type ProductLine } from "../invitations/products.ts";
import type { OrderAttributes } from "../invitations/rules.ts";

export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PayloadError";
  }
}

/**
 * A whole integer token of 16 or more digits: not the fraction or exponent of another number
 * (nothing numeric before it, no `.`/exponent after it). Only such a token can exceed 2^53.
 * Real Shopify ids have 13–14 digits today; the sample payloads' ids have 18.
 */
const LONG_INTEGER = /(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

/**
 * Parses JSON keeping integers beyond 2^53 as their exact decimal string. Instead of a
 * second, lossless parser (measured in docs/decisions.md "Exact ids"), each unsafe
 * integer token outside a string is quoted in the text and JSON.parse reads it as a string.
 * JSON.parse still judges the whole text, so invalid JSON stays invalid.
 */
export function parseJsonExact(text: string): unknown {
  try {
    return JSON.parse(quoteUnsafeIntegers(text));
  } catch (error) {
    throw new PayloadError(`the body is not valid JSON (${(error as Error).message})`);
  }
}

function quoteUnsafeIntegers(text: string): string {
  let out = "";
  let copied = 0;
  // Whether the text before `scanned` ends inside a string literal, found by jumping from quote
  // to quote (a quote preceded by an odd run of backslashes is escaped). Strings are the only
  // place a digit run can be that is not a number.
  let scanned = 0;
  let inString = false;
  LONG_INTEGER.lastIndex = 0;
  for (let m = LONG_INTEGER.exec(text); m; m = LONG_INTEGER.exec(text)) {
    for (let q = text.indexOf('"', scanned); q !== -1 && q < m.index; q = text.indexOf('"', scanned)) {
      scanned = q + 1;
      if (inString) {
        let b = q - 1;
        while (text.charCodeAt(b) === 0x5c) b--;
        if ((q - 1 - b) % 2 === 1) continue;
      }
      inString = !inString;
    }
    if (inString || Number.isSafeInteger(Number(m[0]))) continue;
    out += `${text.slice(copied, m.index)}"${m[0]}"`;
    copied = m.index + m[0].length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A Shopify id as JSON carries it (a number, or a string when beyond 2^53), kept as a string. */
export const shopifyId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
const text = z.string().nullish().transform((v) => (v == null ? null : v));
const date = z
  .string()
  .nullish()
  .transform((v, ctx) => {
    if (v == null || v === "") return null;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: `"${v}" is not a date` });
      return z.NEVER;
    }
    return d;
  });
// Objects keep only the fields the app reads (zod's default): copying every other key of a
// 15 KB order, as `.loose()` did, made validation several times slower.
const person = z
  .object({ first_name: text.optional(), last_name: text.optional(), name: text.optional(), email: text.optional(), id: shopifyId.nullish() })
  .nullish();

// What the exclusion rules and country delays read (issue 17). Lenient on purpose: a field
// of an unexpected shape is read as absent, never a 400 that would lose the order.
const lenient = <T extends z.ZodType>(schema: T) => schema.nullish().catch(null);
// What an email shows of a line (issue 18): Shopify's REST line items carry no image, but
// an image given as `image: { src }` (or `url`) is kept when a payload has one.
const orderLine = z.object({
  title: text.optional(),
  name: text.optional(),
  variant_title: lenient(z.string()),
  quantity: lenient(z.number()),
  product_id: lenient(shopifyId),
  vendor: lenient(z.string()),
  image: lenient(z.union([z.string(), z.object({ src: lenient(z.string()), url: lenient(z.string()) })])),
});
const customerSchema = z
  .object({
    first_name: text.optional(),
    last_name: text.optional(),
    name: text.optional(),
    email: text.optional(),
    id: shopifyId.nullish(),
    // REST webhooks carry customer tags as one comma-separated string.
    tags: lenient(z.union([z.string(), z.array(z.string())])),
    email_marketing_consent: lenient(z.object({ state: text.optional() })),
  })
  .nullish();

const orderSchema = z
  .object({
    id: shopifyId,
    name: text.optional(),
    email: text.optional(),
    contact_email: text.optional(),
    customer: customerSchema,
    billing_address: person,
    shipping_address: z
      .object({ first_name: text.optional(), last_name: text.optional(), name: text.optional(), country_code: lenient(z.string()) })
      .nullish(),
    customer_locale: text.optional(),
    test: z.boolean().nullish(),
    created_at: date.optional(),
    cancelled_at: date.optional(),
    line_items: z.array(orderLine).nullish(),
    tags: lenient(z.union([z.string(), z.array(z.string())])),
    source_name: lenient(z.string()),
    total_price: lenient(z.union([z.string(), z.number()])),
    company: lenient(z.unknown()),
  });

function tagList(value: string | string[] | null | undefined): string[] {
  const list = Array.isArray(value) ? value : (value ?? "").split(",");
  return [...new Set(list.map((t) => t.trim()).filter((t) => t !== ""))];
}

function attributesOf(o: z.infer<typeof orderSchema>): OrderAttributes {
  const lines = o.line_items ?? [];
  const total = o.total_price == null || o.total_price === "" ? null : Number(o.total_price);
  const country = o.shipping_address?.country_code?.trim().toUpperCase();
  return {
    tags: tagList(o.tags),
    customerTags: tagList(o.customer?.tags),
    productIds: [...new Set(lines.map((l) => l.product_id).filter((id): id is string => !!id))],
    vendors: [...new Set(lines.map((l) => l.vendor?.trim()).filter((v): v is string => !!v))],
    sourceName: o.source_name?.trim().toLowerCase() || null,
    b2b: o.company != null && typeof o.company === "object",
    total: total !== null && Number.isFinite(total) ? total : null,
    marketingConsent: (o.customer?.email_marketing_consent?.state ?? "").toLowerCase() === "subscribed",
    country: country && /^[A-Z]{2}$/.test(country) ? country : null,
  };
}

function linesOf(lines: z.infer<typeof orderLine>[] | null | undefined): ProductLine[] {
  return productLines((lines ?? []).map((l) => ({
    title: l.title,
    name: l.name,
    variantTitle: l.variant_title,
    quantity: l.quantity,
    productId: l.product_id,
    imageUrl: typeof l.image === "string" ? l.image : (l.image?.src ?? l.image?.url ?? null),
  })));
}

const fulfillmentSchema = z
  .object({
    id: shopifyId,
    order_id: shopifyId,
    status: text.optional(),
    shipment_status: text.optional(),
    created_at: date.optional(),
    updated_at: date.optional(),
    email: text.optional(),
    destination: person,
    name: text.optional(),
    // Lenient like the order's: a line of an odd shape is dropped, never a 400 that loses the event.
    line_items: lenient(z.array(orderLine.nullish().catch(null))),
  });

const fulfillmentEventSchema = z
  .object({
    id: shopifyId,
    order_id: shopifyId,
    status: text.optional(),
    happened_at: date.optional(),
    created_at: date.optional(),
  });

/** The order's email, else its contact email, else the customer's; blank counts as missing. */
export function usableEmail(...candidates: (string | null | undefined)[]): string | null {
  for (const c of candidates) {
    const v = c?.trim();
    if (v && v.includes("@")) return v;
  }
  return null;
}

function fullName(p: z.infer<typeof person>): string | null {
  if (!p) return null;
  const joined = [p.first_name, p.last_name].filter((s) => s && s.trim()).join(" ").trim();
  return joined || p.name?.trim() || null;
}

/** Validates a payload; the error names the first unusable field, for the 400 answer. */
export function parseWith<T extends z.ZodType>(schema: T, body: unknown, topic: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? first.path.join(".") : "body";
    throw new PayloadError(`${topic} payload is not usable: ${where}: ${first?.message ?? "invalid"}`);
  }
  return result.data;
}

function orderSnapshot(body: unknown, topic: string): OrderSnapshot {
  const o = parseWith(orderSchema, body, topic);
  return {
    orderId: o.id,
    name: o.name ?? null,
    email: usableEmail(o.email, o.contact_email, o.customer?.email),
    customerId: o.customer?.id ?? null,
    customerName: fullName(o.customer) ?? fullName(o.billing_address) ?? fullName(o.shipping_address),
    locale: o.customer_locale ?? null,
    products: linesOf(o.line_items),
    test: o.test ?? false,
    createdAt: o.created_at ?? null,
    attributes: attributesOf(o),
  };
}

/** Fulfillment statuses that mean the order was dispatched. */
const SHIPPED = new Set(["success"]);

/**
 * The domain event for an order-related topic, or null for a topic that is not about an
 * order's invitation. The kind comes from the topic header, never from the payload's state:
 * Shopify's sample orders/create body is itself already cancelled.
 */
export function orderEventFor(topic: string, body: unknown, receivedAt: Date): OrderEvent | null {
  switch (topic) {
    case "orders/create":
      return { kind: "order_created", topic, order: orderSnapshot(body, topic) };
    case "orders/cancelled": {
      const order = orderSnapshot(body, topic);
      const cancelledAt = parseWith(orderSchema, body, topic).cancelled_at ?? receivedAt;
      return { kind: "order_cancelled", topic, order, cancelledAt };
    }
    case "fulfillments/create":
    case "fulfillments/update": {
      const f = parseWith(fulfillmentSchema, body, topic);
      const status = (f.status ?? "").toLowerCase();
      const delivered = SHIPPED.has(status) && (f.shipment_status ?? "").toLowerCase() === "delivered";
      const at = (topic === "fulfillments/update" ? f.updated_at : f.created_at) ?? f.created_at ?? receivedAt;
      return {
        kind: "fulfillment",
        topic,
        orderId: f.order_id,
        successful: SHIPPED.has(status),
        delivered,
        at,
        email: usableEmail(f.email),
        customerName: fullName(f.destination),
        // A fulfillment is named after its order plus a sequence: "#9999.1" belongs to "#9999".
        orderName: f.name ? f.name.replace(/\.\d+$/, "") : null,
        products: linesOf(f.line_items?.filter((l): l is z.infer<typeof orderLine> => l != null)),
      };
    }
    case "fulfillment_events/create": {
      const e = parseWith(fulfillmentEventSchema, body, topic);
      return {
        kind: "delivery_event",
        topic,
        orderId: e.order_id,
        delivered: (e.status ?? "").toLowerCase() === "delivered",
        at: e.happened_at ?? e.created_at ?? receivedAt,
      };
    }
    default:
      return null;
  }
}
