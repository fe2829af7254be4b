/**
 * A session token for shop A can never read, change, cancel or list anything of shop B:
 * every admin route, one by one. B's rows answer 404 exactly like ids that do not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, ensureShop, OTHER_SHOP, seedInvitation, type AdminClient } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { startFakeAdminApi, type FakeAdminApi } from "./support/fake-admin-api.ts";
import { TEST_SHOP } from "./support/shopify.ts";

const A = TEST_SHOP;
const B = OTHER_SHOP;
const NOW = new Date("2026-11-26T12:00:00Z");
const B_EMAIL = "secret-customer@b-shop.example";

let t: TestApp;
let shopify: FakeAdminApi;
let asA: AdminClient;
let bQueued: { id: number; orderId: string | null; sendAt: Date };
let bSent: { id: number; orderId: string | null };

/** B's rows, exactly as they were before A's requests. */
async function snapshotB() {
  return {
    invitations: await t.db.invitation.findMany({ where: { shop: B }, orderBy: { id: "asc" } }),
    events: await t.db.invitationEvent.count({ where: { shop: B } }),
    bulk: await t.db.bulkCancellation.count({ where: { shop: B } }),
    shop: await t.db.shop.findUniqueOrThrow({ where: { domain: B } }),
  };
}
let before: Awaited<ReturnType<typeof snapshotB>>;

beforeAll(async () => {
  shopify = await startFakeAdminApi();
  shopify.orders.set(A, [{ orderId: "5150000000001", name: "#A1", email: "a-customer@example.com" }]);
  shopify.orders.set(B, [{ orderId: "6160000000001", name: "#B1", email: B_EMAIL }]);
  t = await createTestApp({ now: NOW, config: { SHOPIFY_ADMIN_API_ORIGIN: shopify.origin } });
  await ensureShop(t.db, A);
  await ensureShop(t.db, B, { delayDays: 11, timezone: "Asia/Tokyo" });
  await seedInvitation(t.db, { shop: A, email: "a-customer@example.com", orderId: "5150000000001" });
  bQueued = await seedInvitation(t.db, { shop: B, email: B_EMAIL, orderId: "6160000000001", orderName: "#B1" });
  bSent = await seedInvitation(t.db, { shop: B, email: B_EMAIL, status: "sent" });
  await seedInvitation(t.db, { shop: B, email: B_EMAIL, status: "failed", lastError: "B's failure" });
  await t.db.order.create({ data: { shop: B, orderId: "6160000000001", name: "#B1", email: B_EMAIL, seenCreate: true } });
  await t.db.order.create({ data: { shop: B, orderId: "6160000000002", skipReason: "no_email" } });
  await t.db.invitationEvent.create({ data: { invitationId: bQueued.id, shop: B, type: "created", actor: "webhook" } });
  asA = await adminClient(t.app, { shop: A });
  before = await snapshotB();
});
afterAll(async () => {
  // Whatever A did, B is exactly as it was.
  expect(await snapshotB()).toEqual(before);
  await t.close();
  await shopify.close();
});

const notB = (body: unknown) => {
  const text = JSON.stringify(body);
  expect(text).not.toContain(B_EMAIL);
  expect(text).not.toContain("#B1");
};

describe("shop A's token against shop B's data", () => {
  it("GET /api/invitations lists only A's, and a search for B's customer finds nothing", async () => {
    const res = await asA.get("/api/invitations?limit=100");
    expect(res.body.invitations).toHaveLength(1);
    notB(res.body);
    for (const q of [B_EMAIL, "#B1", "secret"]) {
      expect((await asA.get(`/api/invitations?q=${encodeURIComponent(q)}`)).body.invitations).toEqual([]);
    }
    // A cursor made from B's ids still pages A's rows only.
    const cursor = Buffer.from(`i:${bSent.id + 1}`).toString("base64url");
    notB((await asA.get(`/api/invitations?cursor=${cursor}`)).body);
    expect((await asA.get("/api/invitations?status=failed")).body.invitations).toEqual([]);
  });

  it("GET /api/invitations/recent and /summary count only A's", async () => {
    const recent = await asA.get("/api/invitations/recent");
    expect(recent.body.invitations).toHaveLength(1);
    notB(recent.body);
    const summary = await asA.get("/api/invitations/summary");
    expect(summary.body.counts).toMatchObject({ queued: 1, sent: 0, failed: 0, total: 1 });
    expect(summary.body.skippedOrders.total).toBe(0);
    expect(summary.body.failedReasons).toEqual([]);
    expect(summary.body.settings.delayDays).toBe(7);
  });

  it("GET /api/invitations/export.csv exports only A's", async () => {
    const res = await asA.get("/api/invitations/export.csv");
    expect(res.status).toBe(200);
    expect(res.text.trim().split("\r\n")).toHaveLength(2);
    expect(res.text).not.toContain(B_EMAIL);
  });

  it("GET /api/invitations/:id of B's invitation → 404", async () => {
    const res = await asA.get(`/api/invitations/${bQueued.id}`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("No invitation with this id in your store.");
    notB(res.body);
  });

  it("PATCH /api/invitations/:id of B's invitation → 404, B's date unchanged", async () => {
    const res = await asA.patch(`/api/invitations/${bQueued.id}`, { sendAt: new Date(NOW.getTime() + 86_400_000).toISOString() });
    expect(res.status).toBe(404);
    const sent = await asA.patch(`/api/invitations/${bSent.id}`, { sendAt: new Date(NOW.getTime() + 86_400_000).toISOString() });
    expect(sent.status).toBe(404); // not 409: nothing about B's row is revealed
  });

  it("DELETE and POST …/cancel on B's invitation → 404", async () => {
    expect((await asA.delete(`/api/invitations/${bQueued.id}`)).status).toBe(404);
    expect((await asA.post(`/api/invitations/${bQueued.id}/cancel`)).status).toBe(404);
  });

  it("POST /api/invitations/cancel-pending cancels A's only", async () => {
    const res = await asA.post("/api/invitations/cancel-pending", { confirm: true });
    expect(res.body.canceled).toBe(1);
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: bQueued.id } })).status).toBe("queued");
  });

  it("POST /api/invitations never sees B's queue or B's orders", async () => {
    // B has a queued invitation for this order id; A's Get reviews is not blocked by it (and learns nothing).
    const byEmail = await asA.post("/api/invitations", { email: "someone@example.com", orderId: bQueued.orderId });
    expect(byEmail.status).toBe(201);
    notB(byEmail.body);
    const byOrder = await asA.post("/api/invitations", { orderIds: ["6160000000001"] });
    expect(byOrder.status).toBe(422);
    expect(byOrder.body.error.missing).toEqual(["6160000000001"]);
    notB(byOrder.body);
  });

  it("GET and PUT /api/settings read and change A's settings only", async () => {
    const get = await asA.get("/api/settings");
    expect(get.body.settings).toMatchObject({ delayDays: 7, timezone: "UTC" });
    const put = await asA.put("/api/settings", { delayDays: 2, paused: true });
    expect(put.body.settings).toMatchObject({ delayDays: 2, paused: true });
    expect((await t.db.shop.findUniqueOrThrow({ where: { domain: B } })).delayDays).toBe(11);
  });

  it("GET /api/orders/recent lists A's orders only", async () => {
    const res = await asA.get("/api/orders/recent");
    expect(res.body.orders.map((o: { name: string }) => o.name)).toEqual(["#A1"]);
    notB(res.body);
  });

  it("GET /api/orders/:orderId/invitation of B's order → 404", async () => {
    // (6160000000001 is not used here: A invited someone for that order id above, legitimately.)
    for (const id of [bSent.orderId!, "6160000000002"]) {
      const res = await asA.get(`/api/orders/${id}/invitation`);
      expect(res.status).toBe(404);
      notB(res.body);
    }
  });
});
