import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countInvitationsByStatus, readInvitationCounts } from "../web/server/db/queries/invitation-counts.ts";
import { adminClient, nonZero, ensureShop, OTHER_SHOP, seedInvitation, type AdminClient, resetStoredData } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { startFakeAdminApi, type FakeAdminApi } from "./support/fake-admin-api.ts";
import { TEST_SHOP, testConfig } from "./support/shopify.ts";

let t: TestApp;
let shopify: FakeAdminApi;
let api: AdminClient;
const NOW = new Date("2026-11-26T12:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  shopify = await startFakeAdminApi();
  t = await createTestApp({ now: NOW, config: { SHOPIFY_ADMIN_API_ORIGIN: shopify.origin } });
  api = await adminClient(t.app, { user: "31" });
  shopify.orders.set(TEST_SHOP, [
    { orderId: "5150000000001", name: "#1001", email: "ann@example.com", customerName: "Ann Lee", locale: "fr", createdAt: "2026-11-20T09:00:00Z", products: ["Snowboard", "Wax"] },
    { orderId: "5150000000002", name: "#1002", email: "bob@example.com", customerName: "Bob Roy", createdAt: "2026-11-21T09:00:00Z", cancelledAt: "2026-11-22T09:00:00Z" },
    { orderId: "5150000000003", name: "#1003", email: null, customerName: "No Mail", createdAt: "2026-11-22T09:00:00Z" },
    // Beyond 2^53: the id must survive the round trip exactly.
    { orderId: "9007199254740993", name: "#1004", email: "big@example.com", createdAt: "2026-11-23T09:00:00Z" },
  ]);
  shopify.orders.set(OTHER_SHOP, [{ orderId: "6160000000001", name: "#9001", email: "other@example.com", createdAt: "2026-11-23T09:00:00Z" }]);
});
afterAll(async () => {
  await t.close();
  await shopify.close();
});
beforeEach(async () => {
  await resetStoredData(t.db);
  await ensureShop(t.db, TEST_SHOP);
  shopify.failGraphqlWith = null;
  shopify.deniedShops.clear();
});

describe("POST /api/invitations by email", () => {
  it("creates a new manual invitation, sent now unless a date is given, with a created event", async () => {
    const res = await api.post("/api/invitations", { email: "carol@example.com", name: "Carol Ng", orderName: "#77", locale: "de" });
    expect(res.status).toBe(201);
    expect(res.body.invitations).toHaveLength(1);
    const inv = res.body.invitations[0];
    expect(inv).toMatchObject({
      status: "queued",
      email: "carol@example.com",
      customerName: "Carol Ng",
      orderName: "#77",
      orderId: null,
      locale: "de",
      source: "manual",
      kind: "manual",
      sendAt: NOW.toISOString(),
    });
    const row = await t.db.invitation.findUniqueOrThrow({ where: { id: Number(inv.id) } });
    expect(row.autoOrderId).toBeNull();
    const detail = await api.get(`/api/invitations/${inv.id}`);
    expect(detail.body.events).toEqual([
      {
        id: expect.any(String),
        type: "created",
        at: NOW.toISOString(),
        actor: "31",
        details: { source: "manual", via: "email", staffUser: "31", sendAt: NOW.toISOString() },
      },
    ]);

    const later = new Date(NOW.getTime() + 3 * DAY).toISOString();
    const scheduled = await api.post("/api/invitations", { email: "dave@example.com", sendAt: later });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.invitations[0].sendAt).toBe(later);
    // Counted for the summary as they were created.
    expect(nonZero(await readInvitationCounts(t.db, TEST_SHOP))).toEqual(await countInvitationsByStatus(t.db, TEST_SHOP));
  });

  it("refuses an invalid email with 422", async () => {
    for (const email of ["not-an-email", "a@b", "two@@example.com", "with space@example.com", ""]) {
      const res = await api.post("/api/invitations", { email });
      expect(res.status, email).toBe(422);
      expect(res.body.error.field).toBe("email");
      expect(res.body.error.message).toMatch(/is not a valid email address; enter one like customer@example.com/);
    }
    const missing = await api.post("/api/invitations", { name: "Nobody" });
    expect(missing.status).toBe(422);
    expect(missing.body.error.field).toBe("email");
    expect(await t.db.invitation.count()).toBe(0);
  });

  it("refuses unknown fields, a bad locale, a bad order id and a past date", async () => {
    expect((await api.post("/api/invitations", { email: "a@example.com", status: "sent" })).body.error.message).toBe("Unknown field status.");
    const locale = await api.post("/api/invitations", { email: "a@example.com", locale: "english please" });
    expect(locale.status).toBe(422);
    expect(locale.body.error.field).toBe("locale");
    const orderId = await api.post("/api/invitations", { email: "a@example.com", orderId: "#1001" });
    expect(orderId.status).toBe(422);
    expect(orderId.body.error.field).toBe("orderId");
    const past = await api.post("/api/invitations", { email: "a@example.com", sendAt: new Date(NOW.getTime() - DAY).toISOString() });
    expect(past.status).toBe(422);
    expect(past.body.error).toMatchObject({ field: "sendAt", problem: "past" });
    const far = await api.post("/api/invitations", { email: "a@example.com", sendAt: new Date(NOW.getTime() + 400 * DAY).toISOString() });
    expect(far.body.error).toMatchObject({ field: "sendAt", problem: "too_far" });
    expect(await t.db.invitation.count()).toBe(0);
  });

  it("refuses an address that unsubscribed, saying so", async () => {
    await t.db.suppression.create({ data: { shop: TEST_SHOP, email: "gone@example.com" } });
    const res = await api.post("/api/invitations", { email: "Gone@Example.com" });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ field: "email", reason: "unsubscribed" });
    expect(res.body.error.message).toMatch(/gone@example.com unsubscribed from this store's review invitations/);
    expect(await t.db.invitation.count()).toBe(0);
    // Another shop's unsubscribe list does not apply here.
    await t.db.suppression.create({ data: { shop: OTHER_SHOP, email: "elsewhere@example.com" } });
    expect((await api.post("/api/invitations", { email: "elsewhere@example.com" })).status).toBe(201);
  });

  it("invites a customer again whose invitation was cancelled: a new row, the old one stays cancelled", async () => {
    const old = await seedInvitation(t.db, { status: "canceled", email: "erin@example.com", orderId: "5150000000009" });
    const res = await api.post("/api/invitations", { email: "erin@example.com", orderId: "5150000000009" });
    expect(res.status).toBe(201);
    expect(res.body.invitations[0].orderId).toBe("5150000000009");
    expect(res.body.invitations[0].id).not.toBe(String(old.id));
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: old.id } })).status).toBe("canceled");
  });

  it("refuses to queue a second invitation for an order that already has one waiting (409)", async () => {
    const waiting = await seedInvitation(t.db, { orderId: "5150000000001", orderName: "#1001" });
    const res = await api.post("/api/invitations", { email: "ann@example.com", orderId: "5150000000001" });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "already_queued", invitationIds: [String(waiting.id)] });
    expect(res.body.error.message).toMatch(/#1001 already has an invitation waiting.*change its delivery date/);
  });

  it("says what to send when the body is neither form", async () => {
    const res = await api.post("/api/invitations", [1, 2]);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/Send \{"email": …\} to invite one customer, or \{"orderIds": \[…\]\}/);
  });
});

describe("POST /api/invitations by order ids (Admin API)", () => {
  it("looks the orders up through token exchange and GraphQL and invites their customers", async () => {
    const exchangesBefore = shopify.calls.tokenExchange;
    const res = await api.post("/api/invitations", { orderIds: ["5150000000001", "gid://shopify/Order/5150000000002"] });
    expect(res.status).toBe(201);
    const [ann, bob] = res.body.invitations;
    expect(ann).toMatchObject({
      orderId: "5150000000001",
      orderName: "#1001",
      email: "ann@example.com",
      customerName: "Ann Lee",
      locale: "fr",
      products: ["Snowboard", "Wax"],
      source: "manual",
      kind: "manual",
      orderCancelledAt: null,
    });
    expect(bob).toMatchObject({ orderId: "5150000000002", orderCancelledAt: "2026-11-22T09:00:00.000Z" });
    expect(shopify.lastGraphqlBody!.variables.ids).toEqual(["gid://shopify/Order/5150000000001", "gid://shopify/Order/5150000000002"]);

    // The offline token is stored, encrypted (AES-256-GCM, issue 13), and reused.
    expect(shopify.calls.tokenExchange).toBe(exchangesBefore + 1);
    const session = await t.db.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } });
    expect(session).toMatchObject({ shop: TEST_SHOP, isOnline: false, scope: "read_orders,read_customers" });
    expect(session.accessToken).toMatch(/^enc:v1:/);
    expect(session.accessToken).not.toContain("shpat_");
    await t.db.invitation.deleteMany();
    expect((await api.post("/api/invitations", { orderIds: ["9007199254740993"] })).status).toBe(201);
    expect(shopify.calls.tokenExchange).toBe(exchangesBefore + 1);

    const big = await t.db.invitation.findFirstOrThrow({ where: { orderName: "#1004" } });
    expect(big.orderId).toBe("9007199254740993");
  });

  it("exchanges the token again when Shopify no longer accepts the stored one", async () => {
    await api.post("/api/invitations", { orderIds: ["5150000000001"] });
    await t.db.invitation.deleteMany();
    const before = shopify.calls.tokenExchange;
    shopify.revokeTokens();
    const res = await api.post("/api/invitations", { orderIds: ["5150000000001"] });
    expect(res.status).toBe(201);
    expect(shopify.calls.tokenExchange).toBe(before + 1);
  });

  it("refuses orders that are not in this shop, naming them", async () => {
    const res = await api.post("/api/invitations", { orderIds: ["5150000000001", "6160000000001"] });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ field: "orderIds", missing: ["6160000000001"] });
    expect(res.body.error.message).toBe("These orders were not found in your store: 6160000000001.");
    expect(await t.db.invitation.count()).toBe(0);
  });

  it("refuses orders without an email, naming them", async () => {
    const res = await api.post("/api/invitations", { orderIds: ["5150000000003"] });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/no customer email address.*#1003/);
  });

  it("validates the list", async () => {
    expect((await api.post("/api/invitations", { orderIds: [] })).body.error.message).toBe("orderIds must name at least one order.");
    const many = await api.post("/api/invitations", { orderIds: Array.from({ length: 51 }, (_, i) => String(i + 1)) });
    expect(many.body.error.message).toBe("orderIds can name at most 50 orders at once.");
    expect((await api.post("/api/invitations", { orderIds: ["abc"] })).status).toBe(422);
  });

  it("turns Shopify outages and missing access into answers the merchant can act on", async () => {
    shopify.failGraphqlWith = 503;
    const down = await api.post("/api/invitations", { orderIds: ["5150000000001"] });
    expect(down.status).toBe(502);
    expect(down.body.error.code).toBe("shopify_unavailable");
    expect(down.body.error.message).toMatch(/try again/);

    shopify.failGraphqlWith = null;
    shopify.deniedShops.add(TEST_SHOP);
    const denied = await api.post("/api/invitations", { orderIds: ["5150000000001"] });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: "missing_scope", scope: "read_orders" });
    expect(await t.db.invitation.count()).toBe(0);
  });

  it("answers 502 when Shopify cannot be reached at all", async () => {
    const offline = await createTestApp({ now: NOW, config: { SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:9" } });
    try {
      const client = await adminClient(offline.app);
      const res = await client.get("/api/orders/recent");
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe("shopify_unavailable");
    } finally {
      await offline.close();
    }
  });
});

describe("GET /api/orders/recent", () => {
  it("lists the shop's recent orders from Shopify, newest first, marking those already invited", async () => {
    const invited = await seedInvitation(t.db, { orderId: "5150000000002", status: "sent" });
    const res = await api.get("/api/orders/recent?limit=3");
    expect(res.status).toBe(200);
    expect(res.body.orders.map((o: { name: string }) => o.name)).toEqual(["#1004", "#1003", "#1002"]);
    const bob = res.body.orders[2];
    expect(bob).toMatchObject({ orderId: "5150000000002", email: "bob@example.com", cancelledAt: "2026-11-22T09:00:00.000Z" });
    expect(bob.invitations).toEqual([{ id: String(invited.id), status: "sent" }]);
    expect(res.body.orders[0].orderId).toBe("9007199254740993");

    const search = await api.get("/api/orders/recent?q=%231001");
    expect(search.body.orders.map((o: { name: string }) => o.name)).toEqual(["#1001"]);
    expect((await api.get("/api/orders/recent?limit=500")).status).toBe(400);
  });

  it("shows another shop only its own orders", async () => {
    const other = await adminClient(t.app, { shop: OTHER_SHOP });
    const res = await other.get("/api/orders/recent");
    expect(res.body.orders.map((o: { name: string }) => o.name)).toEqual(["#9001"]);
  });
});

describe("configuration", () => {
  it("refuses SHOPIFY_ADMIN_API_ORIGIN in production", () => {
    expect(() => testConfig({ NODE_ENV: "production", SMTP_URL: "smtp://mail.example.test:587", SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:4010" })).toThrow(
      /SHOPIFY_ADMIN_API_ORIGIN must not be set when NODE_ENV=production/,
    );
    const production = { NODE_ENV: "production", SMTP_URL: "smtp://mail.example.test:587", TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };
    expect(testConfig(production).SHOPIFY_ADMIN_API_ORIGIN).toBeUndefined();
  });
});
