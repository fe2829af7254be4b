/**
 * Realistic Shopify deliveries for the demo shop: orders, fulfillments and a
 * cancellation, timed around "now" so that some invitations fall due within minutes.
 */
import { randomUUID } from "node:crypto";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface SampleDelivery {
  topic: string;
  body: string;
  webhookId: string;
  note: string;
}

interface Customer {
  first: string;
  last: string;
  email: string;
  locale: string;
}

const customers: Customer[] = [
  { first: "Ada", last: "Lovelace", email: "ada@example.com", locale: "en" },
  { first: "Grace", last: "Hopper", email: "grace@example.com", locale: "en" },
  { first: "Alan", last: "Turing", email: "alan@example.com", locale: "en-GB" },
  { first: "Hedy", last: "Lamarr", email: "hedy@example.com", locale: "de" },
  // Customers in other languages get their invitation in that language (issue 18).
  { first: "Marie", last: "Curie", email: "marie@example.com", locale: "fr" },
  { first: "Hideki", last: "Yukawa", email: "hideki@example.com", locale: "ja" },
  { first: "Guest", last: "Buyer", email: "", locale: "en" },
];
const products = ["Aviator sunglasses", "Mid-century lounger", "Coffee table", "Premium leather case", "Desk lamp"];
const variants = ["Black", "Walnut", null, "Cognac", "Brass"];

function orderBody(n: number, c: Customer, createdAt: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const id = 5_700_000_000_000_000_000n + BigInt(n); // beyond 2^53, like real Shopify ids
  return {
    id: `__ID__${id}`,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${1000 + n}`,
    order_number: 1000 + n,
    email: c.email,
    contact_email: c.email || null,
    created_at: createdAt.toISOString(),
    cancelled_at: null,
    currency: "USD",
    financial_status: "paid",
    fulfillment_status: null,
    test: false,
    customer_locale: c.locale,
    customer: c.email ? { id: `__ID__${9_100_000_000_000_000_000n + BigInt(n)}`, first_name: c.first, last_name: c.last, email: c.email } : null,
    line_items: [n % products.length, (n + 2) % products.length].map((p, i) => ({
      id: `__ID__${8_000_000_000_000_000_000n + BigInt(n * 10 + i)}`,
      title: products[p],
      // What the email shows of a line (issue 18): its variant and quantity, and the product id
      // a shop's review link may use.
      variant_title: variants[p],
      quantity: 1 + ((n + i) % 3 === 0 ? 1 : 0),
      product_id: 632_910_392 + p,
      price: "49.00",
    })),
    ...extra,
  };
}

function fulfillmentBody(n: number, c: Customer, at: Date, status = "success"): Record<string, unknown> {
  return {
    id: `__ID__${4_400_000_000_000_000_000n + BigInt(n)}`,
    order_id: `__ID__${5_700_000_000_000_000_000n + BigInt(n)}`,
    status,
    created_at: at.toISOString(),
    updated_at: at.toISOString(),
    tracking_company: "UPS",
    shipment_status: null,
    email: c.email,
    destination: { first_name: c.first, last_name: c.last, name: `${c.first} ${c.last}` },
    name: `#${1000 + n}.1`,
    line_items: [{ title: products[n % products.length], quantity: 1 }],
  };
}

/** JSON with ids written as bare integers, exactly as Shopify sends them. */
function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/"__ID__(\d+)"/g, "$1");
}

function delivery(topic: string, body: Record<string, unknown>, note: string): SampleDelivery {
  return { topic, body: toJson(body), webhookId: randomUUID(), note };
}

/**
 * With the default trigger (fulfillment) and a delay of `delayDays`, fulfillments dated
 * `delayDays` ago (plus a minute or two) produce invitations that fall due shortly.
 */
export function sampleDeliveries(now: Date, delayDays: number): SampleDelivery[] {
  const dueIn = (minutes: number) => new Date(now.getTime() - delayDays * DAY + minutes * MINUTE);
  const out: SampleDelivery[] = [];
  customers.forEach((c, i) => {
    const n = i + 1;
    out.push(delivery("orders/create", orderBody(n, c, new Date(now.getTime() - (delayDays + 2) * DAY)), `order #${1000 + n} placed`));
  });
  // Fulfilled: due in 1, 2 and 3 minutes, and one in two days.
  out.push(delivery("fulfillments/create", fulfillmentBody(1, customers[0]!, dueIn(1)), "order #1001 shipped: invitation due in ~1 minute"));
  out.push(delivery("fulfillments/create", fulfillmentBody(2, customers[1]!, dueIn(2)), "order #1002 shipped: invitation due in ~2 minutes"));
  out.push(delivery("fulfillments/create", fulfillmentBody(3, customers[2]!, dueIn(3)), "order #1003 shipped: invitation due in ~3 minutes"));
  out.push(delivery("fulfillments/create", fulfillmentBody(4, customers[3]!, dueIn(2 * 24 * 60)), "order #1004 shipped: invitation due in 2 days"));
  // Order #1004 is then cancelled by the customer: its invitation stays, marked (R4).
  out.push(
    delivery(
      "orders/cancelled",
      orderBody(4, customers[3]!, new Date(now.getTime() - (delayDays + 2) * DAY), { cancelled_at: now.toISOString(), cancel_reason: "customer" }),
      "order #1004 cancelled: the invitation stays and is marked",
    ),
  );
  // Guest checkout without an email: skipped and counted.
  out.push(delivery("fulfillments/create", fulfillmentBody(7, customers[6]!, dueIn(5)), "order #1007 shipped: no email, skipped"));
  // A redelivery of the first fulfillment: deduplicated by X-Shopify-Webhook-Id.
  out.push({ ...out[customers.length]!, note: "redelivery of #1001's fulfillment: ignored" });
  return out;
}
