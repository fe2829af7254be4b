import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminClient, ensureShop, EXTENSION_ORIGIN, OTHER_SHOP, seedInvitation, type AdminClient, resetStoredData } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { fixture, mintSessionToken, sendWebhook, TEST_SHOP } from "./support/shopify.ts";

let t: TestApp;
let api: AdminClient;
const NOW = new Date("2026-11-26T12:00:00Z");
const ORDER_ID = "820982911946154508"; // the fixtures' order

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  api = await adminClient(t.app);
});
afterAll(() => t.close());
beforeEach(async () => {
  await resetStoredData(t.db);
});

describe("GET /api/orders/:orderId/invitation", () => {
  it("waiting for the trigger: the order is known, no invitation yet, and what it waits for", async () => {
    await ensureShop(t.db, TEST_SHOP, { trigger: "order_fulfilled", timezone: "Europe/Paris" });
    expect((await sendWebhook(t.app, "orders/create", fixture("orders.create"))).status).toBe(200);
    const res = await api.get(`/api/orders/${ORDER_ID}/invitation`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      orderId: ORDER_ID,
      state: "waiting_for_trigger",
      waitingFor: "fulfillment",
      invitations: [],
      order: { id: ORDER_ID, known: true, triggerFired: false, cancelledAt: null, skipReason: null },
      settings: { trigger: "order_fulfilled", noticeEnabled: true, paused: false, timezone: "Europe/Paris", deliveredFallbackDays: 14 },
    });
  });

  it("skipped: says why (a test order)", async () => {
    await ensureShop(t.db, TEST_SHOP, { trigger: "order_created", inviteTestOrders: false });
    await sendWebhook(t.app, "orders/create", fixture("orders.create"));
    const res = await api.get(`/api/orders/${ORDER_ID}/invitation`);
    expect(res.body).toMatchObject({ state: "skipped", waitingFor: null, order: { skipReason: "test_order", triggerFired: true } });
  });

  it("invited, then the order cancelled: the invitation stays queued and the guidance data is there", async () => {
    await ensureShop(t.db, TEST_SHOP, { trigger: "order_created", inviteTestOrders: true, noticeEnabled: false });
    await sendWebhook(t.app, "orders/create", fixture("orders.create"));
    await sendWebhook(t.app, "orders/cancelled", fixture("orders.cancelled"));
    const res = await api.get(`/api/orders/gid%3A%2F%2Fshopify%2FOrder%2F${ORDER_ID}/invitation`);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe("invited");
    expect(res.body.order.cancelledAt).not.toBeNull();
    expect(res.body.order.triggerFired).toBe(true);
    expect(res.body.invitations).toHaveLength(1);
    expect(res.body.invitations[0]).toMatchObject({ status: "queued", source: "orders/create", canReschedule: true });
    expect(res.body.invitations[0].orderCancelledAt).toBe(res.body.order.cancelledAt);
    expect(res.body.settings).toMatchObject({ trigger: "order_created", noticeEnabled: false, noticeText: null });
  });

  it("lists a manual invitation for an order the webhooks never mentioned", async () => {
    await ensureShop(t.db, TEST_SHOP);
    await seedInvitation(t.db, { orderId: "5150000000077", orderName: "#77", automatic: false, source: "manual" });
    const res = await api.get("/api/orders/5150000000077/invitation");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: "invited", order: { id: "5150000000077", known: false, name: "#77" } });
  });

  it("answers 404 for an order the app has no record of, and 400 for an id that is not one", async () => {
    const unknown = await api.get("/api/orders/5150000000099/invitation");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("order_unknown");
    expect(unknown.body.error.message).toMatch(/no order webhook about it has reached the app/);
    const bad = await api.get("/api/orders/abc/invitation");
    expect(bad.status).toBe(400);
    expect(bad.body.error.parameter).toBe("orderId");
  });
});

describe("CORS for the order-page block (Shopify's extension host)", () => {
  it("answers the preflight for the order view and for reschedule", async () => {
    for (const [path, method] of [[`/api/orders/${ORDER_ID}/invitation`, "GET"], ["/api/invitations/12", "PATCH"]] as const) {
      const res = await request(t.app)
        .options(path)
        .set("Origin", EXTENSION_ORIGIN)
        .set("Access-Control-Request-Method", method)
        .set("Access-Control-Request-Headers", "authorization, content-type");
      expect(res.status).toBe(204);
      expect(res.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
      expect(res.headers["access-control-allow-methods"]).toContain(method);
      expect(res.headers["access-control-allow-headers"]).toMatch(/Authorization/);
      expect(res.headers["access-control-allow-headers"]).toMatch(/Content-Type/);
      expect(res.headers.vary).toMatch(/Origin/);
    }
  });

  it("lets the block read and reschedule with its session token, errors included", async () => {
    await ensureShop(t.db, TEST_SHOP, { trigger: "order_created", inviteTestOrders: true });
    await sendWebhook(t.app, "orders/create", fixture("orders.create"));
    const token = await mintSessionToken();
    const view = await request(t.app).get(`/api/orders/${ORDER_ID}/invitation`).set("Origin", EXTENSION_ORIGIN).set("Authorization", `Bearer ${token}`);
    expect(view.status).toBe(200);
    expect(view.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
    const id = view.body.invitations[0].id as string;

    const sendAt = new Date(NOW.getTime() + 20 * 86_400_000).toISOString();
    const patch = await request(t.app)
      .patch(`/api/invitations/${id}`)
      .set("Origin", EXTENSION_ORIGIN)
      .set("Authorization", `Bearer ${token}`)
      .send({ sendAt });
    expect(patch.status).toBe(200);
    expect(patch.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
    expect(patch.body.invitation.sendAt).toBe(sendAt);

    const past = await request(t.app)
      .patch(`/api/invitations/${id}`)
      .set("Origin", EXTENSION_ORIGIN)
      .set("Authorization", `Bearer ${token}`)
      .send({ sendAt: "2020-01-01T00:00:00Z" });
    expect(past.status).toBe(422);
    expect(past.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);

    const noToken = await request(t.app).get(`/api/orders/${ORDER_ID}/invitation`).set("Origin", EXTENSION_ORIGIN);
    expect(noToken.status).toBe(401);
    expect(noToken.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
  });

  it("gives another shop's token a 404 for this shop's order, through the extension route", async () => {
    await ensureShop(t.db, TEST_SHOP, { trigger: "order_created", inviteTestOrders: true });
    await sendWebhook(t.app, "orders/create", fixture("orders.create"));
    const other = await mintSessionToken({ shop: OTHER_SHOP });
    const res = await request(t.app).get(`/api/orders/${ORDER_ID}/invitation`).set("Origin", EXTENSION_ORIGIN).set("Authorization", `Bearer ${other}`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain("@");
  });

  it("does not open other origins or other routes", async () => {
    const evil = await request(t.app)
      .options(`/api/orders/${ORDER_ID}/invitation`)
      .set("Origin", "https://evil.example")
      .set("Access-Control-Request-Method", "GET");
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
    const settings = await request(t.app).options("/api/settings").set("Origin", EXTENSION_ORIGIN).set("Access-Control-Request-Method", "PUT");
    expect(settings.headers["access-control-allow-origin"]).toBeUndefined();
    const cancel = await request(t.app)
      .options("/api/invitations/cancel-pending")
      .set("Origin", EXTENSION_ORIGIN)
      .set("Access-Control-Request-Method", "POST");
    expect(cancel.headers["access-control-allow-origin"]).toBeUndefined();
    // The block can never be given a way to delete an invitation (R3).
    const del = await request(t.app).options("/api/invitations/12").set("Origin", EXTENSION_ORIGIN).set("Access-Control-Request-Method", "DELETE");
    expect(del.headers["access-control-allow-methods"]).not.toContain("DELETE");
  });
});
