/**
 * Issue 13, items 3 and 4: compliance webhooks act only on their own shop, and what was
 * erased stays erased. Driven through the real webhook route with signed deliveries.
 */
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.ts";
import { fixture, mintSessionToken, sendWebhook, TEST_SHOP } from "./support/shopify.ts";
import { orderBody, OTHER_SHOP, scanDatabase } from "./privacy-support.ts";

let t: TestApp;
const start = new Date("2026-03-01T10:00:00Z");
const HOUR = 60 * 60 * 1000;

const ANNA = { id: "191167", email: "anna@example.com", first: "Anna", last: "Lindqvist" };

beforeEach(async () => {
  t = await createTestApp({ now: start });
  await t.db.shop.create({ data: { domain: TEST_SHOP, trigger: "order_created", delayDays: 7 } });
  await t.db.shop.create({ data: { domain: OTHER_SHOP, trigger: "order_created", delayDays: 7 } });
});
afterEach(() => t.close());

const forShop = (name: string, shop: string) => fixture(name).replace("{shop}.myshopify.com", shop);

function annaOrder(orderId: string, createdAt = "2021-12-31T19:00:00-05:00") {
  return orderBody({ orderId, email: ANNA.email, customerId: ANNA.id, firstName: ANNA.first, lastName: ANNA.last })
    .replace('"created_at": "2021-12-31T19:00:00-05:00"', `"created_at": "${createdAt}"`);
}

function redactAnna(shop: string, headerShop = shop) {
  const body = JSON.stringify({ shop_id: 954889, shop_domain: shop, customer: { id: 0, email: ANNA.email }, orders_to_redact: [] })
    .replace('"id":0', `"id":${ANNA.id}`);
  return sendWebhook(t.app, "customers/redact", body, { shop: headerShop });
}

describe("compliance webhooks act only on their own shop", () => {
  it("ignores a signed customers/redact body replayed under another shop's header", async () => {
    await sendWebhook(t.app, "orders/create", annaOrder("5001"), { shop: OTHER_SHOP });
    // The body names TEST_SHOP (it was signed for it); the header says OTHER_SHOP.
    const res = await redactAnna(TEST_SHOP, OTHER_SHOP);
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("ignored_shop_mismatch");
    const invitation = await t.db.invitation.findFirstOrThrow({ where: { shop: OTHER_SHOP } });
    expect(invitation).toMatchObject({ email: ANNA.email, status: "queued" });
  });

  it("ignores a body that names no shop, and data requests for another shop", async () => {
    await sendWebhook(t.app, "orders/create", annaOrder("5001"), { shop: OTHER_SHOP });
    const noShop = JSON.stringify({ customer: { email: ANNA.email }, orders_to_redact: [] });
    expect((await sendWebhook(t.app, "customers/redact", noShop, { shop: OTHER_SHOP })).body.outcome).toBe("ignored_shop_mismatch");
    const dataRequest = forShop("customers.data_request", TEST_SHOP).replace("john@example.com", ANNA.email);
    expect((await sendWebhook(t.app, "customers/data_request", dataRequest, { shop: OTHER_SHOP })).body.outcome).toBe("ignored_shop_mismatch");
    expect(await t.db.dataRequest.count()).toBe(0);
    expect(await t.db.invitation.findFirstOrThrow({ where: { shop: OTHER_SHOP } })).toMatchObject({ email: ANNA.email });
  });

  it("does not purge a shop that is still installed, nor one named only by the header", async () => {
    await sendWebhook(t.app, "orders/create", annaOrder("5001"));
    const installed = await sendWebhook(t.app, "shop/redact", forShop("shop.redact", TEST_SHOP));
    expect(installed.body.outcome).toBe("ignored_shop_installed");
    await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"));
    const replayed = await sendWebhook(t.app, "shop/redact", forShop("shop.redact", OTHER_SHOP));
    expect(replayed.body.outcome).toBe("ignored_shop_mismatch");
    expect(await t.db.invitation.count({ where: { shop: TEST_SHOP } })).toBe(1);
    expect(await t.db.shop.count({ where: { domain: TEST_SHOP } })).toBe(1);
  });
});

describe("erased stays erased", () => {
  it("a late order webhook after customers/redact stores nothing personal and invites nobody", async () => {
    await sendWebhook(t.app, "orders/create", annaOrder("5001"));
    t.clock.now = new Date(start.getTime() + HOUR);
    expect((await redactAnna(TEST_SHOP)).body.outcome).toBe("customer_redacted:1");

    // Shopify retries a delivery of before the erasure; another order of before it arrives late.
    t.clock.now = new Date(start.getTime() + 2 * HOUR);
    const late = await sendWebhook(t.app, "orders/create", annaOrder("5002"));
    expect(late.status).toBe(200);
    expect(late.body.outcome).toBe("skipped:customer_erased");
    const fulfilled = await sendWebhook(t.app, "fulfillments/create", fixture("fulfillments.create").replace("820982911946154508", "5001").replace("jon@example.com", ANNA.email));
    expect(fulfilled.status).toBe(200);
    expect(await scanDatabase(t.db, [ANNA.email, ANNA.first, ANNA.last])).toEqual([]);
    expect(await t.db.invitation.count({ where: { shop: TEST_SHOP, status: "queued" } })).toBe(0);
    // The tombstones are hashes: nothing in them names the customer.
    const tombstones = await t.db.erasure.findMany({ where: { shop: TEST_SHOP } });
    expect(tombstones.map((r) => r.kind).sort()).toEqual(["customer_email", "customer_id"]);
    expect(JSON.stringify(tombstones)).not.toContain(ANNA.id);
  });

  it("a customer who orders again after the erasure is a new customer, unless they had unsubscribed", async () => {
    await sendWebhook(t.app, "orders/create", annaOrder("5001"));
    await t.db.suppression.create({ data: { shop: TEST_SHOP, email: ANNA.email } });
    await sendWebhook(t.app, "orders/create", orderBody({ orderId: "6001", email: "ben@example.com", customerId: "7", firstName: "Ben", lastName: "B" }));
    t.clock.now = new Date(start.getTime() + HOUR);
    await redactAnna(TEST_SHOP);
    expect(await t.db.suppression.count({ where: { shop: TEST_SHOP } })).toBe(0); // no plain address left

    // A new order, placed after the erasure: the unsubscribe still holds (kept as a hash).
    t.clock.now = new Date(start.getTime() + 3 * HOUR);
    const again = await sendWebhook(t.app, "orders/create", annaOrder("5003", "2026-03-01T12:00:00Z"));
    expect(again.body.outcome).toBe("skipped:unsubscribed");
    expect(await t.db.invitation.count({ where: { shop: TEST_SHOP, orderId: "5003" } })).toBe(0);

    // "Get reviews" by email refuses the address too.
    const token = await mintSessionToken();
    const manual = await request(t.app).post("/api/invitations").set("Authorization", `Bearer ${token}`).send({ email: ANNA.email });
    expect(manual.status).toBe(422);
    expect(manual.body.error.reason).toBe("unsubscribed");
  });

  it("a customer who never unsubscribed is invited for an order placed after the erasure", async () => {
    await sendWebhook(t.app, "orders/create", annaOrder("5001"));
    t.clock.now = new Date(start.getTime() + HOUR);
    await redactAnna(TEST_SHOP);
    t.clock.now = new Date(start.getTime() + 3 * HOUR);
    const again = await sendWebhook(t.app, "orders/create", annaOrder("5003", "2026-03-01T12:00:00Z"));
    expect(again.body.outcome).toBe("invitation_created");
  });

  it("a purged shop is not recreated by a late webhook, and nothing is sent for it", async () => {
    await sendWebhook(t.app, "orders/create", annaOrder("5001"));
    await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"));
    t.clock.now = new Date(start.getTime() + 48 * HOUR);
    expect((await sendWebhook(t.app, "shop/redact", forShop("shop.redact", TEST_SHOP))).body.outcome).toBe("shop_redacted");

    t.clock.now = new Date(start.getTime() + 50 * HOUR);
    const late = await sendWebhook(t.app, "orders/create", annaOrder("5002"), { webhookId: "late-1" });
    expect(late.status).toBe(200);
    expect(late.body.outcome).toBe("ignored_shop_purged");
    expect(await t.db.shop.count({ where: { domain: TEST_SHOP } })).toBe(0);
    expect(await t.db.invitation.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await scanDatabase(t.db, [TEST_SHOP, ANNA.email])).toEqual([]);
    // A redelivery is still a duplicate (the delivery row is kept, detached from the shop).
    expect((await sendWebhook(t.app, "orders/create", annaOrder("5002"), { webhookId: "late-1" })).body.status).toBe("duplicate");

    // The merchant installing the app again brings the shop back.
    const token = await mintSessionToken();
    expect((await request(t.app).get("/api/settings").set("Authorization", `Bearer ${token}`)).status).toBe(200);
    expect((await sendWebhook(t.app, "orders/create", annaOrder("5004"))).body.outcome).not.toBe("ignored_shop_purged");
    expect(await t.db.order.count({ where: { shop: TEST_SHOP, orderId: "5004" } })).toBe(1);
  });
});
