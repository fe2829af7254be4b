import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.ts";
import { fixture, sendWebhook, TEST_SHOP } from "./support/shopify.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("smoke", () => {
  it("healthz", async () => {
    const { default: request } = await import("supertest");
    const res = await request(t.app).get("/healthz");
    expect(res.status).toBe(200);
  });
  it("orders/create", async () => {
    await t.db.shop.create({ data: { domain: TEST_SHOP, trigger: "order_created", inviteTestOrders: true } });
    const res = await sendWebhook(t.app, "orders/create", fixture("orders.create"));
    expect(res.body).toEqual({ status: "processed", outcome: "invitation_created" });
    const inv = await t.db.invitation.findMany();
    expect(inv[0]!.orderId).toBe("820982911946154508");
  });
});
