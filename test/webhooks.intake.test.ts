/**
 * Webhook intake through the real HTTP route and the real database: from a signed
 * Shopify delivery to a queued invitation, exactly once per order.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import hmacVectors from "./fixtures/hmac-vectors.json" with { type: "json" };
import { createTestApp, type TestApp } from "./support/app.ts";
import { fixture, hmacOf, sendWebhook, TEST_SHOP, webhookHeaders } from "./support/shopify.ts";
import type { Trigger } from "../web/server/invitations/settings.ts";

const ORDER_ID = "820982911946154508";
const DAY = 24 * 60 * 60 * 1000;

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ now: new Date("2026-11-26T10:00:00Z") });
});
afterEach(() => t.close());

/** Shopify's sample order is a test order and already cancelled; most tests want a live one. */
function liveOrder(overrides: { id?: string; email?: string; contactEmail?: string | null; customerEmail?: string } = {}) {
  let body = fixture("orders.create")
    .replace('"test": true', '"test": false')
    .replace('"cancelled_at": "2021-12-31T19:00:00-05:00"', '"cancelled_at": null');
  if (overrides.id) body = body.replaceAll(ORDER_ID, overrides.id);
  if (overrides.email !== undefined) body = body.replace('"email": "jon@example.com"', `"email": ${JSON.stringify(overrides.email)}`);
  if (overrides.contactEmail !== undefined)
    body = body.replace('"contact_email": "jon@example.com"', `"contact_email": ${JSON.stringify(overrides.contactEmail)}`);
  if (overrides.customerEmail !== undefined)
    body = body.replace('"email": "john@example.com"', `"email": ${JSON.stringify(overrides.customerEmail)}`);
  return body;
}

function fulfillment(status: string, options: { shipmentStatus?: string; orderId?: string } = {}) {
  let body = fixture("fulfillments.create").replace('"status": "pending"', `"status": "${status}"`);
  if (options.shipmentStatus) body = body.replace('"shipment_status": null', `"shipment_status": "${options.shipmentStatus}"`);
  if (options.orderId) body = body.replaceAll(ORDER_ID, options.orderId);
  return body;
}

function deliveryEvent(status: string) {
  return fixture("fulfillment_events.create").replace('"status": "in_transit"', `"status": "${status}"`);
}

async function useTrigger(trigger: Trigger, extra: Record<string, unknown> = {}) {
  await t.db.shop.create({ data: { domain: TEST_SHOP, trigger, ...extra } });
}

async function invitations() {
  return t.db.invitation.findMany({ orderBy: { id: "asc" }, include: { events: { orderBy: { id: "asc" } } } });
}

async function storedCounts() {
  const [invitation, order, delivery, event, shop] = await Promise.all([
    t.db.invitation.count(),
    t.db.order.count(),
    t.db.webhookDelivery.count(),
    t.db.invitationEvent.count(),
    t.db.shop.count(),
  ]);
  return { invitation, order, delivery, event, shop };
}

describe("webhook verification", () => {
  it("matches Shopify's published HMAC test vector", () => {
    const vector = hmacVectors.vectors[0]!;
    expect(hmacOf(vector.body, vector.secret)).toBe(vector.expected_x_shopify_hmac_sha256);
  });

  it("accepts a delivery signed as in the published vector (raw bytes, not re-serialised JSON)", async () => {
    const vector = hmacVectors.vectors[0]!;
    const custom = await createTestApp({ config: { SHOPIFY_API_SECRET: vector.secret } });
    try {
      const headers = webhookHeaders("products/create", vector.body, { secret: vector.secret });
      expect(headers["X-Shopify-Hmac-Sha256"]).toBe(vector.expected_x_shopify_hmac_sha256);
      const res = await request(custom.app).post("/api/webhooks").set(headers).send(vector.body);
      expect(res.status).toBe(200);
    } finally {
      await custom.close();
    }
  });

  it("refuses a forged delivery with 401 and stores nothing", async () => {
    const res = await sendWebhook(t.app, "orders/create", liveOrder(), { secret: "incorrect secret" });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/HMAC/);
    expect(await storedCounts()).toEqual({ invitation: 0, order: 0, delivery: 0, event: 0, shop: 0 });
  });

  it("refuses a delivery without a signature with 401", async () => {
    const res = await sendWebhook(t.app, "orders/create", liveOrder(), { headers: { "X-Shopify-Hmac-Sha256": undefined } });
    expect(res.status).toBe(401);
    expect(await storedCounts()).toMatchObject({ delivery: 0, order: 0 });
  });

  it("answers 400 naming the missing Shopify headers", async () => {
    const res = await sendWebhook(t.app, "orders/create", liveOrder(), { headers: { "X-Shopify-Webhook-Id": undefined } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("X-Shopify-Webhook-Id");
    expect(await storedCounts()).toMatchObject({ delivery: 0, order: 0 });
  });

  it("reads header names case-insensitively", async () => {
    await useTrigger("order_created");
    const body = liveOrder();
    const lower = Object.fromEntries(Object.entries(webhookHeaders("orders/create", body)).map(([k, v]) => [k.toLowerCase(), v]));
    const res = await request(t.app).post("/api/webhooks").set(lower).send(body);
    expect(res.status).toBe(200);
    expect(await t.db.invitation.count()).toBe(1);
  });

  it("answers 413 for a body over the configured limit", async () => {
    const small = await createTestApp({ config: { WEBHOOK_BODY_LIMIT: "1kb" } });
    try {
      const res = await sendWebhook(small.app, "orders/create", liveOrder());
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe("payload_too_large");
      expect(await small.db.webhookDelivery.count()).toBe(0);
    } finally {
      await small.close();
    }
  });
});

describe("webhook intake", () => {
  it("processes a redelivery (same X-Shopify-Webhook-Id) once", async () => {
    await useTrigger("order_created");
    const body = liveOrder();
    const first = await sendWebhook(t.app, "orders/create", body, { webhookId: "delivery-1" });
    const again = await sendWebhook(t.app, "orders/create", body, { webhookId: "delivery-1" });
    expect(first.body.status).toBe("processed");
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("duplicate");
    const rows = await invitations();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.events.map((e) => e.type)).toEqual(["created"]);
  });

  it("creates one automatic invitation per order even from distinct deliveries of the same event", async () => {
    await useTrigger("order_fulfilled");
    await sendWebhook(t.app, "fulfillments/create", fulfillment("success"));
    await sendWebhook(t.app, "fulfillments/update", fulfillment("success"));
    await sendWebhook(t.app, "fulfillments/create", fulfillment("success"));
    expect(await t.db.invitation.count()).toBe(1);
  });

  it("answers 400 for malformed JSON with a valid signature and changes nothing", async () => {
    await useTrigger("order_created");
    await sendWebhook(t.app, "orders/create", liveOrder());
    const before = await storedCounts();
    const res = await sendWebhook(t.app, "orders/cancelled", '{"id": 820982911946154508, "name": ');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not valid JSON/);
    expect(await storedCounts()).toEqual(before);
    expect((await invitations())[0]!.orderCancelledAt).toBeNull();
  });

  it("answers 400 for a well-formed body that is not an order, naming the field", async () => {
    const res = await sendWebhook(t.app, "orders/create", '{"hello": "world"}');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/id/);
    expect(await storedCounts()).toMatchObject({ delivery: 0, order: 0 });
  });

  it("acknowledges a topic the app does not handle with 200", async () => {
    const res = await sendWebhook(t.app, "products/update", '{"id": 1}');
    expect(res.status).toBe(200);
    expect(await t.db.webhookDelivery.findFirst()).toMatchObject({ topic: "products/update", outcome: "ignored_topic" });
    expect(await t.db.invitation.count()).toBe(0);
  });

  it("answers 503 when the effect cannot be stored, so Shopify retries", async () => {
    await t.db.$executeRawUnsafe('DROP TABLE "Order"');
    const res = await sendWebhook(t.app, "orders/create", liveOrder(), { webhookId: "will-retry" });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/retry/);
    // Nothing half-stored: the delivery is not marked processed, so the retry will run.
    expect(await t.db.webhookDelivery.findUnique({ where: { webhookId: "will-retry" } })).toBeNull();
  });

  it("keeps ids beyond 2^53 exact: two orders differing only there get two invitations", async () => {
    // Same customer twice: the frequency cap (issue 17) is off so both orders invite.
    await useTrigger("order_created", { frequencyCapDays: 0 });
    await sendWebhook(t.app, "orders/create", liveOrder({ id: "820982911946154508" }));
    await sendWebhook(t.app, "orders/create", liveOrder({ id: "820982911946154509" }));
    const rows = await invitations();
    expect(rows.map((r) => r.orderId)).toEqual(["820982911946154508", "820982911946154509"]);
  });

  it("takes the event from X-Shopify-Topic, not from the order's state", async () => {
    await useTrigger("order_created", { inviteTestOrders: true });
    // Shopify's sample orders/create body is already cancelled; as orders/create it is a new order.
    await sendWebhook(t.app, "orders/create", fixture("orders.create"));
    const [invitation] = await invitations();
    expect(invitation!.status).toBe("queued");
    expect(invitation!.orderCancelledAt).toBeNull();
  });
});

describe("triggers", () => {
  it("order_created: invites at orders/create, delivery date = order time + delay", async () => {
    await useTrigger("order_created", { delayDays: 5 });
    const res = await sendWebhook(t.app, "orders/create", liveOrder());
    expect(res.body.outcome).toBe("invitation_created");
    const [invitation] = await invitations();
    expect(invitation).toMatchObject({
      status: "queued",
      source: "orders/create",
      email: "jon@example.com",
      orderName: "#9999",
      customerName: "John Smith",
      locale: "en",
      orderId: ORDER_ID,
    });
    expect(invitation!.sendAt.toISOString()).toBe(new Date(Date.parse("2021-12-31T19:00:00-05:00") + 5 * DAY).toISOString());
    // Each line as the email shows it (issue 18); the id exact beyond 2^53.
    expect(JSON.parse(invitation!.products!)).toContainEqual({
      title: "Aviator sunglasses", variantTitle: null, quantity: 1, productId: "788032119674292922", handle: null, imageUrl: null,
    });
    expect(invitation!.events[0]).toMatchObject({ type: "created", actor: "webhook" });
    expect(JSON.parse(invitation!.events[0]!.details!)).toMatchObject({ source: "orders/create", trigger: "order_created" });
  });

  it("order_fulfilled (the default): nothing at orders/create, invitation at the first successful fulfillment", async () => {
    await sendWebhook(t.app, "orders/create", liveOrder());
    expect(await t.db.invitation.count()).toBe(0);
    expect((await t.db.shop.findUnique({ where: { domain: TEST_SHOP } }))!.trigger).toBe("order_fulfilled");

    await sendWebhook(t.app, "fulfillments/create", fulfillment("pending"));
    expect(await t.db.invitation.count()).toBe(0);

    await sendWebhook(t.app, "fulfillments/update", fulfillment("success"));
    const [invitation] = await invitations();
    expect(invitation).toMatchObject({ source: "fulfillments/update", status: "queued", orderName: "#9999" });
    // fulfillments/update: the fulfillment's updated_at + the default 7 days
    expect(invitation!.sendAt.toISOString()).toBe(new Date(Date.parse("2021-12-31T19:00:00-05:00") + 7 * DAY).toISOString());
  });

  it("order_fulfilled: cancelled, failed and errored fulfillments do not invite", async () => {
    await useTrigger("order_fulfilled");
    for (const status of ["cancelled", "failure", "error"]) {
      await sendWebhook(t.app, "fulfillments/update", fulfillment(status));
    }
    expect(await t.db.invitation.count()).toBe(0);
  });

  it("order_delivered: invites when the carrier reports delivery (fulfillment event)", async () => {
    t.clock.now = new Date("2022-01-02T00:00:00Z"); // a day after the fixture's fulfillment
    await useTrigger("order_delivered", { delayDays: 2 });
    await sendWebhook(t.app, "orders/create", liveOrder());
    await sendWebhook(t.app, "fulfillments/create", fulfillment("success"));
    await sendWebhook(t.app, "fulfillment_events/create", deliveryEvent("in_transit"));
    expect(await t.db.invitation.count()).toBe(0);
    await sendWebhook(t.app, "fulfillment_events/create", deliveryEvent("delivered"));
    const [invitation] = await invitations();
    expect(invitation).toMatchObject({ source: "fulfillment_events/create", status: "queued" });
    expect(invitation!.sendAt.toISOString()).toBe(new Date(Date.parse("2021-12-31T19:00:00-05:00") + 2 * DAY).toISOString());
  });

  it("order_delivered: a fulfillments/update with shipment_status delivered also counts", async () => {
    t.clock.now = new Date("2022-01-02T00:00:00Z");
    await useTrigger("order_delivered");
    await sendWebhook(t.app, "fulfillments/update", fulfillment("success", { shipmentStatus: "delivered" }));
    expect((await invitations())[0]).toMatchObject({ source: "fulfillments/update" });
  });

  it("order_delivered: a webhook that arrives after the fallback time invites at once", async () => {
    await useTrigger("order_delivered", { deliveredFallbackDays: 14 });
    await sendWebhook(t.app, "fulfillments/create", fulfillment("success")); // fulfilled in 2021, now is 2026
    expect((await invitations()).map((i) => i.source)).toEqual(["delivered_fallback"]);
  });

  it("order_delivered: falls back N days after fulfillment when no delivery event ever comes", async () => {
    const { createDueFallbackInvitations } = await import("../web/server/invitations/intake.ts");
    const { loadTriggerSettings } = await import("../web/server/shops/shops.ts");
    await useTrigger("order_delivered", { deliveredFallbackDays: 10, delayDays: 1 });
    const fulfilledAt = Date.parse("2021-12-31T19:00:00-05:00");
    t.clock.now = new Date(fulfilledAt + DAY);
    await sendWebhook(t.app, "fulfillments/create", fulfillment("success"));
    expect(await t.db.invitation.count()).toBe(0);

    expect(await createDueFallbackInvitations(t.db, loadTriggerSettings, new Date(fulfilledAt + 9 * DAY))).toBe(0);
    expect(await createDueFallbackInvitations(t.db, loadTriggerSettings, new Date(fulfilledAt + 10 * DAY))).toBe(1);
    expect(await createDueFallbackInvitations(t.db, loadTriggerSettings, new Date(fulfilledAt + 11 * DAY))).toBe(0);

    const [invitation] = await invitations();
    expect(invitation).toMatchObject({ source: "delivered_fallback" });
    expect(invitation!.sendAt.toISOString()).toBe(new Date(fulfilledAt + 11 * DAY).toISOString());
    // A late delivery event does not add a second invitation.
    t.clock.now = new Date(fulfilledAt + 12 * DAY);
    await sendWebhook(t.app, "fulfillment_events/create", deliveryEvent("delivered"));
    expect(await t.db.invitation.count()).toBe(1);
  });

  it("a fulfillment that arrives before its orders/create still yields one correct invitation", async () => {
    await useTrigger("order_fulfilled");
    await sendWebhook(t.app, "fulfillments/create", fulfillment("success"));
    const [early] = await invitations();
    expect(early).toMatchObject({ email: "jon@example.com", orderName: "#9999", source: "fulfillments/create" });

    await sendWebhook(t.app, "orders/create", liveOrder());
    const rows = await invitations();
    expect(rows).toHaveLength(1);
    // The late order fills in what the fulfillment could not know.
    expect(rows[0]).toMatchObject({ customerName: "John Smith", locale: "en", sendAt: early!.sendAt });
  });

  it("order_created trigger with the order arriving after its fulfillment invites once, from the order", async () => {
    await useTrigger("order_created");
    await sendWebhook(t.app, "fulfillments/create", fulfillment("success"));
    expect(await t.db.invitation.count()).toBe(0);
    await sendWebhook(t.app, "orders/create", liveOrder());
    expect((await invitations()).map((i) => i.source)).toEqual(["orders/create"]);
  });
});

describe("who is invited", () => {
  it("uses the order's email, else contact_email, else the customer's", async () => {
    await useTrigger("order_created");
    await sendWebhook(t.app, "orders/create", liveOrder({ id: "1", email: "", contactEmail: "contact@example.com" }));
    await sendWebhook(t.app, "orders/create", liveOrder({ id: "2", email: "", contactEmail: null }));
    const rows = await invitations();
    expect(rows.map((r) => r.email)).toEqual(["contact@example.com", "john@example.com"]);
  });

  it("skips an order without a usable email and records why, so it can be counted", async () => {
    await useTrigger("order_created");
    const res = await sendWebhook(t.app, "orders/create", liveOrder({ email: "", contactEmail: "  ", customerEmail: "" }));
    expect(res.body.outcome).toBe("skipped:no_email");
    expect(await t.db.invitation.count()).toBe(0);
    expect(await t.db.order.count({ where: { shop: TEST_SHOP, skipReason: "no_email" } })).toBe(1);
  });

  it("skips test orders unless the shop invites them", async () => {
    await useTrigger("order_created");
    const res = await sendWebhook(t.app, "orders/create", fixture("orders.create"));
    expect(res.body.outcome).toBe("skipped:test_order");
    expect(await t.db.order.count({ where: { skipReason: "test_order" } })).toBe(1);
    expect(await t.db.invitation.count()).toBe(0);
  });
});

describe("orders/cancelled (R4: a cancellation removes nothing)", () => {
  it("keeps the invitation queued and marks it, with an event", async () => {
    await useTrigger("order_created");
    await sendWebhook(t.app, "orders/create", liveOrder());
    const res = await sendWebhook(t.app, "orders/cancelled", fixture("orders.cancelled").replace('"test": true', '"test": false'));
    expect(res.body.outcome).toBe("order_cancelled_marked");
    const [invitation] = await invitations();
    expect(invitation!.status).toBe("queued");
    expect(invitation!.orderCancelledAt?.toISOString()).toBe(new Date("2021-12-31T19:00:00-05:00").toISOString());
    expect(invitation!.events.map((e) => e.type)).toEqual(["created", "order_cancelled"]);
  });

  it("remembers a cancellation that arrives before the invitation exists", async () => {
    await useTrigger("order_fulfilled");
    await sendWebhook(t.app, "orders/cancelled", fixture("orders.cancelled").replace('"test": true', '"test": false'));
    expect(await t.db.invitation.count()).toBe(0);
    await sendWebhook(t.app, "fulfillments/create", fulfillment("success"));
    const [invitation] = await invitations();
    expect(invitation!.status).toBe("queued");
    expect(invitation!.orderCancelledAt).not.toBeNull();
    expect(invitation!.events.map((e) => e.type)).toEqual(["created", "order_cancelled"]);
  });
});

describe("app/uninstalled", () => {
  it("marks the shop uninstalled and keeps its settings", async () => {
    await useTrigger("order_created", { delayDays: 3 });
    const res = await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"));
    expect(res.status).toBe(200);
    const shop = await t.db.shop.findUnique({ where: { domain: TEST_SHOP } });
    expect(shop!.uninstalledAt).not.toBeNull();
    expect(shop!.delayDays).toBe(3);
  });
});
