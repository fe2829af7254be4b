import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminClient, ensureShop, OTHER_SHOP, seedInvitation, type AdminClient, resetStoredData } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { fixture, sendWebhook, TEST_SHOP } from "./support/shopify.ts";

let t: TestApp;
let api: AdminClient;
const NOW = new Date("2026-11-26T12:00:00Z");

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  api = await adminClient(t.app);
});
afterAll(() => t.close());
beforeEach(async () => {
  await resetStoredData(t.db);
  await ensureShop(t.db, TEST_SHOP);
});

type Inv = { id: string; status: string; email: string; orderName: string | null };
const ids = (res: { body: { invitations: Inv[] } }) => res.body.invitations.map((i) => i.id);

describe("GET /api/invitations", () => {
  it("lists the shop's invitations newest first with the documented fields", async () => {
    const first = await seedInvitation(t.db, { email: "ann@example.com", customerName: "Ann Lee", orderName: "#1001" });
    const second = await seedInvitation(t.db, { status: "sent" });
    const res = await api.get("/api/invitations");
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([String(second.id), String(first.id)]);
    expect(res.body.nextCursor).toBeNull();
    const inv = res.body.invitations[1];
    expect(inv).toMatchObject({
      id: String(first.id),
      status: "queued",
      email: "ann@example.com",
      customerName: "Ann Lee",
      orderId: first.orderId,
      orderName: "#1001",
      source: "orders/fulfilled",
      orderCancelledAt: null,
      sentAt: null,
      canReschedule: true,
    });
    expect(inv.sendAt).toBe(first.sendAt.toISOString());
    expect(inv.createdAt).toBe(first.createdAt.toISOString());
    expect(res.body.invitations[0].canReschedule).toBe(false);
    expect(typeof res.body.invitations[0].sentAt).toBe("string");
  });

  it("pages with limit and cursor (default 25, at most 100)", async () => {
    for (let i = 0; i < 30; i++) await seedInvitation(t.db);
    const page1 = await api.get("/api/invitations");
    expect(page1.body.invitations).toHaveLength(25);
    const page2 = await api.get(`/api/invitations?cursor=${page1.body.nextCursor}`);
    expect(page2.body.invitations).toHaveLength(5);
    expect(page2.body.nextCursor).toBeNull();
    const all = [...ids(page1), ...ids(page2)].map(Number);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(new Set(all).size).toBe(30);

    expect((await api.get("/api/invitations?limit=100")).body.invitations).toHaveLength(30);
    const tooMany = await api.get("/api/invitations?limit=101");
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ parameter: "limit", max: 100 });
    expect(tooMany.body.error.message).toMatch(/from 1 to 100/);
    expect((await api.get("/api/invitations?limit=0")).status).toBe(400);
  });

  it("returns every row exactly once while new invitations keep arriving", async () => {
    for (let i = 0; i < 23; i++) await seedInvitation(t.db);
    const before = (await t.db.invitation.findMany({ select: { id: true } })).map((r) => String(r.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api.get(`/api/invitations?limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
      pages++;
      // New invitations arrive between page loads (higher ids: they never enter later pages).
      await seedInvitation(t.db);
      await seedInvitation(t.db, { status: "sent" });
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...before].sort());
  });

  it("filters by status, also across pages", async () => {
    for (let i = 0; i < 4; i++) {
      await seedInvitation(t.db, { status: "sent" });
      await seedInvitation(t.db, { status: "failed", lastError: "550 mailbox unavailable" });
      await seedInvitation(t.db);
    }
    const failed = await api.get("/api/invitations?status=failed&limit=3");
    expect(failed.body.invitations.map((i: Inv) => i.status)).toEqual(["failed", "failed", "failed"]);
    const rest = await api.get(`/api/invitations?status=failed&limit=3&cursor=${failed.body.nextCursor}`);
    expect(rest.body.invitations.map((i: Inv) => i.status)).toEqual(["failed"]);
    expect(rest.body.nextCursor).toBeNull();

    const bad = await api.get("/api/invitations?status=pending");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Query parameter "status" must be one of queued, sending, sent, failed, canceled, bounced.');
  });

  it("searches by email, order name and customer name (prefix, case-insensitive for the usual spellings)", async () => {
    const ann = await seedInvitation(t.db, { email: "ann.lee@example.com", customerName: "Ann Lee", orderName: "#1001" });
    const bob = await seedInvitation(t.db, { email: "bob@shop.test", customerName: "Bob Martin", orderName: "#1002" });
    await seedInvitation(t.db, { email: "carol@example.com", customerName: "Carol Ng", orderName: "#2001" });
    const search = async (q: string) => ids(await api.get(`/api/invitations?q=${encodeURIComponent(q)}`));

    expect(await search("ann.lee@example.com")).toEqual([String(ann.id)]);
    expect(await search("ANN.LEE@")).toEqual([String(ann.id)]);
    expect(await search("bob")).toEqual([String(bob.id)]);
    expect(await search("#1002")).toEqual([String(bob.id)]);
    expect(await search("1002")).toEqual([String(bob.id)]);
    expect(await search("#100")).toEqual([String(bob.id), String(ann.id)]);
    expect(await search("bob martin")).toEqual([String(bob.id)]);
    expect(await search("Ann")).toEqual([String(ann.id)]);
    expect(await search("nobody")).toEqual([]);
    // A prefix search, documented: the middle of a name is not matched.
    expect(await search("Martin")).toEqual([]);
  });

  it("combines search with status, dates and pagination", async () => {
    const old = await seedInvitation(t.db, { email: "dan@example.com", createdAt: new Date("2026-01-10T10:00:00Z") });
    const sent = await seedInvitation(t.db, { email: "dan@example.com", status: "sent", createdAt: new Date("2026-06-10T10:00:00Z") });
    const recent = await seedInvitation(t.db, { email: "dan@example.com", createdAt: new Date("2026-11-20T10:00:00Z") });
    const q = async (query: string) => ids(await api.get(`/api/invitations?${query}`));

    expect(await q("q=dan&status=queued")).toEqual([String(recent.id), String(old.id)]);
    expect(await q("q=dan&from=2026-06-01&to=2026-06-30")).toEqual([String(sent.id)]);
    expect(await q("from=2026-11-20")).toEqual([String(recent.id)]);
    // A bare "to" date includes that whole day.
    expect(await q("to=2026-01-10")).toEqual([String(old.id)]);
    expect(await q("from=2026-06-10T10:00:00Z&to=2026-06-10T10:00:01Z")).toEqual([String(sent.id)]);

    const page1 = await api.get("/api/invitations?q=dan&limit=2");
    expect(ids(page1)).toEqual([String(recent.id), String(sent.id)]);
    const page2 = await api.get(`/api/invitations?q=dan&limit=2&cursor=${page1.body.nextCursor}`);
    expect(ids(page2)).toEqual([String(old.id)]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it("pages a search that matches more rows than the candidate limit", async () => {
    // Over SEARCH_CANDIDATE_LIMIT matches: answered by walking the shop's rows newest first.
    await t.db.$executeRawUnsafe(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2100)
      INSERT INTO "Invitation" ("shop", "email", "status", "sendAt", "source", "attempts", "customerPostpones", "createdAt", "updatedAt")
      SELECT '${TEST_SHOP}', 'many' || i || '@example.com', 'queued', CURRENT_TIMESTAMP, 'manual', 0, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n`);
    const page1 = await api.get("/api/invitations?q=many&limit=100");
    expect(page1.body.invitations).toHaveLength(100);
    expect(page1.body.invitations.every((i: Inv) => i.email.startsWith("many"))).toBe(true);
    const page2 = await api.get(`/api/invitations?q=many&limit=100&cursor=${page1.body.nextCursor}`);
    expect(page2.body.invitations).toHaveLength(100);
    expect(Number(page2.body.invitations[0].id)).toBeLessThan(Number(page1.body.invitations[99].id));
  });

  it("pages a search with more matching ids than one statement can name, combined with a status", async () => {
    // 1,200 matches: under the candidate limit, over the database's bound-parameter limit.
    await t.db.$executeRawUnsafe(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
      INSERT INTO "Invitation" ("shop", "email", "status", "sendAt", "source", "attempts", "customerPostpones", "createdAt", "updatedAt")
      SELECT '${TEST_SHOP}', 'slice' || i || '@example.com', CASE WHEN i % 100 = 0 THEN 'failed' ELSE 'queued' END,
             CURRENT_TIMESTAMP, 'manual', 0, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n`);
    const seen: Inv[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.get(`/api/invitations?q=slice&status=failed&limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.invitations);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.map((i) => i.email).sort()).toEqual(Array.from({ length: 12 }, (_, k) => `slice${(k + 1) * 100}@example.com`).sort());
    expect(seen.every((i) => i.status === "failed")).toBe(true);
  });

  it("refuses malformed parameters with a message naming them", async () => {
    const cursor = await api.get("/api/invitations?cursor=abc");
    expect(cursor.status).toBe(400);
    expect(cursor.body.error).toMatchObject({ code: "bad_request", parameter: "cursor" });
    const from = await api.get("/api/invitations?from=yesterday");
    expect(from.status).toBe(400);
    expect(from.body.error.message).toMatch(/"from" must be a date \(2026-11-30\)/);
    const order = await api.get("/api/invitations?from=2026-02-01&to=2026-01-01");
    expect(order.status).toBe(400);
    const twice = await api.get("/api/invitations?status=sent&status=failed");
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toMatch(/given once/);
  });

  it("shows an invitation created by a real webhook, with its automatic source", async () => {
    await ensureShop(t.db, TEST_SHOP, { trigger: "order_created", inviteTestOrders: true });
    expect((await sendWebhook(t.app, "orders/create", fixture("orders.create"))).body.outcome).toBe("invitation_created");
    const res = await api.get("/api/invitations");
    expect(res.body.invitations).toHaveLength(1);
    expect(res.body.invitations[0]).toMatchObject({ orderId: "820982911946154508", source: "orders/create", kind: "automatic" });
  });
});

describe("GET /api/invitations/recent", () => {
  it("returns the latest invitations, 10 by default", async () => {
    for (let i = 0; i < 12; i++) await seedInvitation(t.db);
    const res = await api.get("/api/invitations/recent");
    expect(res.status).toBe(200);
    expect(res.body.invitations).toHaveLength(10);
    const latest = await t.db.invitation.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(res.body.invitations[0].id).toBe(String(latest.id));
    expect((await api.get("/api/invitations/recent?limit=3")).body.invitations).toHaveLength(3);
  });
});

describe("GET /api/invitations/:id", () => {
  it("returns the invitation with its audit trail, details parsed", async () => {
    await ensureShop(t.db, TEST_SHOP, { trigger: "order_created", inviteTestOrders: true });
    await sendWebhook(t.app, "orders/create", fixture("orders.create"));
    await sendWebhook(t.app, "orders/cancelled", fixture("orders.cancelled"));
    const inv = await t.db.invitation.findFirstOrThrow();
    const newDate = new Date(NOW.getTime() + 10 * 86_400_000).toISOString();
    expect((await api.patch(`/api/invitations/${inv.id}`, { sendAt: newDate })).status).toBe(200);

    const res = await api.get(`/api/invitations/${inv.id}`);
    expect(res.status).toBe(200);
    expect(res.body.invitation.id).toBe(String(inv.id));
    expect(res.body.invitation.orderCancelledAt).not.toBeNull();
    const types = res.body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(["created", "order_cancelled", "rescheduled"]);
    const created = res.body.events[0];
    expect(created.details).toMatchObject({ source: "orders/create", trigger: "order_created" });
    expect(created.actor).toBe("webhook");
    const rescheduled = res.body.events[2];
    expect(rescheduled).toMatchObject({ actor: "42", at: NOW.toISOString() });
    expect(rescheduled.details).toEqual({ from: inv.sendAt.toISOString(), to: newDate, staffUser: "42" });
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await api.get("/api/invitations/999999")).status).toBe(404);
    const bad = await api.get("/api/invitations/abc");
    expect(bad.status).toBe(404);
    expect(bad.body.error.message).toBe("No invitation with this id in your store.");
  });
});

describe("GET /api/invitations/summary", () => {
  it("counts per status, skipped orders, cancelled orders, overdue and failure reasons", async () => {
    await ensureShop(t.db, TEST_SHOP, { trigger: "order_created", noticeEnabled: false, paused: true, pausedAt: NOW });
    await seedInvitation(t.db, { sendAt: new Date(NOW.getTime() - 3600_000) });
    await seedInvitation(t.db, { sendAt: new Date(NOW.getTime() - 7200_000), orderCancelledAt: NOW });
    await seedInvitation(t.db, { orderCancelledAt: NOW });
    await seedInvitation(t.db, { status: "sent", orderCancelledAt: NOW });
    await seedInvitation(t.db, { status: "failed", lastError: "550 mailbox unavailable" });
    await seedInvitation(t.db, { status: "failed", lastError: "550 mailbox unavailable" });
    await seedInvitation(t.db, { status: "failed", lastError: "invalid address" });
    await seedInvitation(t.db, { status: "canceled" });
    await t.db.order.createMany({
      data: [
        { shop: TEST_SHOP, orderId: "1", skipReason: "no_email" },
        { shop: TEST_SHOP, orderId: "2", skipReason: "no_email" },
        { shop: TEST_SHOP, orderId: "3", skipReason: "test_order" },
        { shop: TEST_SHOP, orderId: "4" },
        { shop: OTHER_SHOP, orderId: "5", skipReason: "no_email" },
      ],
    });
    await seedInvitation(t.db, { shop: OTHER_SHOP });

    const res = await api.get("/api/invitations/summary");
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ queued: 3, sending: 0, sent: 1, failed: 3, canceled: 1, bounced: 0, total: 8 });
    expect(res.body.skippedOrders).toEqual({ total: 3, byReason: { no_email: 2, test_order: 1 } });
    expect(res.body.cancelledOrdersQueued).toBe(2);
    expect(res.body.overdueQueued).toBe(2);
    expect(res.body.failedReasons).toEqual([
      { reason: "550 mailbox unavailable", count: 2 },
      { reason: "invalid address", count: 1 },
    ]);
    expect(res.body.settings).toEqual({ trigger: "order_created", delayDays: 7, paused: true, pausedAt: NOW.toISOString(), noticeEnabled: false });
    const guidance = Object.fromEntries(res.body.guidance.map((g: { code: string }) => [g.code, g]));
    expect(guidance.cancelled_orders).toEqual({ code: "cancelled_orders", count: 2, actions: ["enable_notice", "switch_trigger_to_fulfillment"] });
    expect(guidance.overdue_while_paused.count).toBe(2);
    expect(guidance.paused).toBeDefined();
  });

  it("does not suggest the fulfillment trigger when the shop already waits for dispatch", async () => {
    await ensureShop(t.db, TEST_SHOP, { trigger: "order_fulfilled", noticeEnabled: true });
    await seedInvitation(t.db, { orderCancelledAt: NOW });
    const res = await api.get("/api/invitations/summary");
    expect(res.body.guidance).toEqual([{ code: "cancelled_orders", count: 1, actions: ["edit_notice"] }]);
    expect(res.body.overdueQueued).toBe(0);
  });
});
