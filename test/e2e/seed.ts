/**
 * The demo shop's data for the end-to-end tests. The invitations a merchant acts on come
 * in through real signed webhooks (the intake route decides, as in production); history
 * volume for pagination is written as rows, which is what months of webhooks would leave.
 */
import { addFunnelFacts, type FunnelFact } from "../../web/server/db/queries/funnel.ts";
import { countAdded } from "../../web/server/db/queries/invitation-counts.ts";
import { webhookHeaders, fixture } from "../support/shopify.ts";
import type { DemoServer } from "../support/browser.ts";

const FIXTURE_ORDER_ID = "820982911946154508";
const DAY = 24 * 60 * 60 * 1000;
export const SHOP_TIME_ZONE = "America/New_York";

export const LIVE_ORDERS = [
  { id: "5001000000000000001", name: "#1001", email: "ada@example.com", first: "Ada", last: "Lovelace" },
  { id: "5001000000000000002", name: "#1002", email: "grace@example.com", first: "Grace", last: "Hopper" },
  { id: "5001000000000000003", name: "#1003", email: "alan@example.com", first: "Alan", last: "Turing" },
];
export const CANCELLED_ORDER = LIVE_ORDERS[1]!;
export const SENT_COUNT = 40;
export const FAILED_REASON = "550 5.1.1 Mailbox does not exist";

/** What Shopify's Admin API (the stand-in, test/support/fake-admin-api.ts) lists as recent orders for Get reviews. */
export const SHOPIFY_RECENT_ORDERS = [
  { orderId: "5002000000000000001", name: "#1101", email: "linus@example.com", customerName: "Linus Pauling", createdAt: new Date().toISOString() },
  { orderId: "5002000000000000002", name: "#1102", email: null, customerName: "No Email", createdAt: new Date().toISOString() },
];

/** Shopify's sample order, made live (not a test order, not cancelled) with its own id and customer. */
function orderBody(order: (typeof LIVE_ORDERS)[number], cancelled = false): string {
  return fixture(cancelled ? "orders.cancelled" : "orders.create")
    .replace('"test": true', '"test": false')
    .replaceAll("2021-12-31T19:00:00-05:00", new Date().toISOString())
    .replace(/"cancelled_at": "[^"]*"/, cancelled ? `"cancelled_at": "${new Date().toISOString()}"` : '"cancelled_at": null')
    .replaceAll(FIXTURE_ORDER_ID, order.id)
    .replaceAll('"name": "#9999"', `"name": "${order.name}"`)
    .replaceAll("jon@example.com", order.email)
    .replaceAll("john@example.com", order.email)
    .replaceAll('"first_name": "John"', `"first_name": "${order.first}"`)
    .replaceAll('"last_name": "Smith"', `"last_name": "${order.last}"`);
}

async function webhook(server: DemoServer, topic: string, body: string): Promise<void> {
  const response = await fetch(`${server.url}/api/webhooks`, {
    method: "POST",
    headers: webhookHeaders(topic, body, { shop: server.shop }),
    body,
  });
  if (response.status !== 200) throw new Error(`${topic} webhook answered ${response.status}: ${await response.text()}`);
}

/** Created `daysAgo` days before now, at noon UTC (the same calendar day in New York). */
export function createdDaysAgo(daysAgo: number): Date {
  const d = new Date(Date.now() - daysAgo * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12));
}

export async function seedDemoShop(server: DemoServer): Promise<void> {
  const { db, shop } = server;
  // Created at order placement, so a cancellation after it leaves a queued invitation (R4).
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, trigger: "order_created", timezone: SHOP_TIME_ZONE, name: "Demo Shop" },
    update: { trigger: "order_created", timezone: SHOP_TIME_ZONE },
  });
  // Older history: sent ones (one per day, newest 2 days ago), two failures, one cancelled.
  const funnel: FunnelFact[] = [];
  for (let i = 0; i < SENT_COUNT; i++) {
    const createdAt = createdDaysAgo(i + 2);
    // Issue 18: a third clicked the review link, every other one was reminded, and some of
    // those clicked after the reminder (what the home page's funnel shows).
    const sentAt = new Date(createdAt.getTime() + 7 * DAY);
    const remindedAt = i % 2 === 1 ? new Date(sentAt.getTime() + 3 * DAY) : null;
    const clickedAt = i % 6 === 3 ? new Date(remindedAt!.getTime() + 3_600_000) : i % 3 === 0 ? new Date(sentAt.getTime() + DAY) : null;
    const row = await db.invitation.create({
      data: {
        shop,
        autoOrderId: `70000000000000${String(i).padStart(4, "0")}`,
        orderId: `70000000000000${String(i).padStart(4, "0")}`,
        orderName: `#${900 - i}`,
        email: `customer${i}@example.com`,
        customerName: `Customer ${i}`,
        status: "sent",
        sendAt: sentAt,
        sentAt,
        clickedAt,
        clicks: clickedAt ? 1 : 0,
        remindedAt,
        source: "fulfillments/create",
        createdAt,
      },
    });
    const fact = (figure: FunnelFact["figure"]) => funnel.push({ shop, invitationId: row.id, sentAt, figure });
    fact("sent");
    if (clickedAt) fact("clicked");
    if (remindedAt) fact("reminded");
    if (clickedAt && remindedAt) fact("clickedAfterReminder");
  }
  // Counted as the app counts them when it records each fact (db/queries/funnel.ts).
  await addFunnelFacts(db, funnel);
  for (const [i, email] of ["bounce1@example.com", "bounce2@example.com"].entries()) {
    await db.invitation.create({
      data: {
        shop,
        email,
        customerName: `Bounced ${i + 1}`,
        orderName: `#80${i}`,
        status: "failed",
        sendAt: createdDaysAgo(1),
        attempts: 1,
        lastError: FAILED_REASON,
        source: "fulfillments/create",
        createdAt: createdDaysAgo(60 + i),
      },
    });
  }
  await db.invitation.create({
    data: {
      shop,
      email: "earlier@example.com",
      customerName: "Earlier Cancelled",
      orderName: "#700",
      status: "canceled",
      sendAt: createdDaysAgo(50),
      source: "orders/create",
      createdAt: createdDaysAgo(70),
    },
  });
  // Rows written directly are counted as the app's own inserts are (db/queries/invitation-counts.ts).
  await countAdded(db, await db.invitation.findMany({ where: { shop }, select: { id: true, shop: true, status: true } }));
  await db.order.create({ data: { shop, orderId: "6000000000000000001", name: "#1004", skipReason: "no_email" } });

  // Last, so they are the newest: "recently invited customers".
  for (const order of LIVE_ORDERS) await webhook(server, "orders/create", orderBody(order));
  await webhook(server, "orders/cancelled", orderBody(CANCELLED_ORDER, true));
}
