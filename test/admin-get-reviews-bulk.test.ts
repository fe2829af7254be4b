/**
 * Get reviews, complete (issue 17): search and date range over 2,000 past orders served by
 * the local fake Admin GraphQL API page by page, with progress and idempotence per order;
 * a CSV upload with good and bad rows and a report per row. Real database, real HTTP.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminClient, ensureShop, resetStoredData, type AdminClient } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { expectCountersMatchRows } from "./support/dispatch.ts";
import { startFakeAdminApi, type FakeAdminApi, type FakeOrder } from "./support/fake-admin-api.ts";
import { TEST_SHOP } from "./support/shopify.ts";

let t: TestApp;
let shopify: FakeAdminApi;
let api: AdminClient;
const NOW = new Date("2026-12-01T10:00:00Z");
const ORDERS = 2_000;

/** 2,000 orders, one an hour back from 30 November; every 100th a POS sale, every 250th without email. */
function pastOrders(): FakeOrder[] {
  return Array.from({ length: ORDERS }, (_, i) => {
    const n = i + 1;
    return {
      orderId: String(7_100_000_000_000n + BigInt(n)),
      name: `#${10_000 + n}`,
      email: n % 250 === 0 ? null : `buyer${n}@example.com`,
      customerName: `Buyer ${n}`,
      locale: n % 2 === 0 ? "fr" : "de",
      createdAt: new Date(Date.parse("2026-11-30T23:00:00Z") - i * 3_600_000).toISOString(),
      sourceName: n % 100 === 0 ? "pos" : "web",
    };
  });
}

interface Line { type: string; pages: number; orders: number; created: number; skipped: number; byReason: Record<string, number>; nextCursor?: string | null }

async function runImport(body: Record<string, unknown>): Promise<Line[]> {
  const res = await api.post("/api/get-reviews/import", body).buffer(true).parse((r, done) => {
    let text = "";
    r.setEncoding("utf8");
    r.on("data", (c: string) => (text += c));
    r.on("end", () => done(null, text));
  });
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toMatch(/application\/x-ndjson/);
  return (res.body as string).trim().split("\n").map((l) => JSON.parse(l) as Line);
}

beforeAll(async () => {
  shopify = await startFakeAdminApi();
  t = await createTestApp({ now: NOW, config: { SHOPIFY_ADMIN_API_ORIGIN: shopify.origin, MANUAL_INVITATIONS_PER_DAY: "4" } });
  api = await adminClient(t.app, { user: "31" });
  shopify.orders.set(TEST_SHOP, pastOrders());
});
afterAll(async () => {
  await t.close();
  await shopify.close();
});
beforeEach(async () => {
  await resetStoredData(t.db);
  await t.db.invitationQuota.deleteMany();
  await ensureShop(t.db, TEST_SHOP);
  shopify.calls.ordersPages = 0;
});

describe("Get reviews by search and date range", () => {
  it("invites 2,000 orders over 8 pages with progress, skipping by rule; running it again invites nobody twice", async () => {
    await api.put("/api/settings", { exclusions: { channels: ["pos"] } });
    const lines = await runImport({});
    expect(shopify.calls.ordersPages).toBe(8);
    const progress = lines.filter((l) => l.type === "progress");
    expect(progress.map((l) => l.orders)).toEqual([250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
    const done = lines.at(-1)!;
    // 8 without email (every 250th), 20 POS sales (every 100th) minus the 4 counted as no email.
    expect(done).toEqual({
      type: "done", pages: 8, orders: 2000, created: 1976, skipped: 24,
      byReason: { no_email: 8, excluded_pos: 16 }, nextCursor: null,
    });
    expect(await t.db.invitation.count({ where: { shop: TEST_SHOP, status: "queued", source: "manual" } })).toBe(1976);
    // The customer's language is the order's.
    const fr = await t.db.invitation.findFirstOrThrow({ where: { orderName: "#10002" } });
    expect(fr.locale).toBe("fr");
    expect(fr.orderId).toBe("7100000000002");
    const events = await t.db.invitationEvent.findFirstOrThrow({ where: { invitationId: fr.id } });
    expect(JSON.parse(events.details!)).toMatchObject({ source: "manual", via: "order", batch: "search", staffUser: "31" });

    const again = (await runImport({})).at(-1)!;
    expect(again).toMatchObject({ created: 0, skipped: 2000, byReason: { already_invited: 1976, no_email: 8, excluded_pos: 16 } });
    expect(await t.db.invitation.count()).toBe(1976);
    await expectCountersMatchRows(t.db);
  }, 120_000);

  it("takes a date range in the shop's time zone and a search", async () => {
    await api.put("/api/settings", { timezone: "Europe/Paris", frequencyCapDays: 0 });
    // 30 November in Paris: 29 Nov 23:00Z to 30 Nov 23:00Z; orders are at 23:00Z, 22:00Z … → 24 orders.
    const done = (await runImport({ from: "2026-11-30", to: "2026-11-30" })).at(-1)!;
    expect(done).toMatchObject({ orders: 24, created: 24, pages: 1 });
    const one = (await runImport({ q: "#10100" })).at(-1)!;
    expect(one).toMatchObject({ orders: 1 });
    const page = await api.get("/api/get-reviews/orders?q=buyer3&limit=5");
    expect(page.status).toBe(200);
    expect(page.body.orders).toHaveLength(5);
    expect(page.body.orders[0]).toMatchObject({ email: "buyer3@example.com", locale: "de" });
    const bad = await api.post("/api/get-reviews/import", { from: "2026-13-01" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe("from");
  });

  it("sends at the next opening of the send window when no date is given", async () => {
    await api.put("/api/settings", { timezone: "Europe/Paris", sendWindow: { start: "14:00", end: "18:00", days: [1, 2, 3, 4, 5] } });
    await runImport({ q: "#10001" });
    const row = await t.db.invitation.findFirstOrThrow({ where: { orderName: "#10001" } });
    // Tuesday 1 December, 11:00 in Paris → 14:00 (13:00Z).
    expect(row.sendAt.toISOString()).toBe("2026-12-01T13:00:00.000Z");
  });

  it("applies the frequency cap across orders of one address, and answers 409 recently_invited by email", async () => {
    const first = await api.post("/api/invitations", { email: "buyer5@example.com" });
    expect(first.status).toBe(201);
    const again = await api.post("/api/invitations", { email: "Buyer5@example.com" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("recently_invited");
    const done = (await runImport({ q: "buyer5@" })).at(-1)!;
    expect(done.byReason).toEqual({ recently_invited: 1 });
  });
});

describe("Get reviews by CSV upload", () => {
  it("creates the good rows and reports every row with what was done and why", async () => {
    await t.db.suppression.create({ data: { shop: TEST_SHOP, email: "gone@example.com" } });
    const csv = [
      "email,name,order",
      "ann@example.com,Ann Lee,#1001",
      "not-an-address,Bad Row,#1002",
      ",No Email,#1003",
      "gone@example.com,Unsubscribed,#1004",
      "ann@example.com,Ann Again,#1001",
      '"carol@example.com","Ng, Carol",5150000000009',
      "dan@example.com,,",
    ].join("\r\n");
    const res = await api.post("/api/get-reviews/csv").set("Content-Type", "text/csv").send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 3, skipped: 3, invalid: 1 });
    expect(res.body.rows).toEqual([
      { row: 2, email: "ann@example.com", status: "created", invitationId: expect.any(String), sendAt: NOW.toISOString() },
      { row: 3, email: "not-an-address", status: "skipped", reason: "invalid_email" },
      { row: 4, email: null, status: "invalid", reason: "missing_email", field: "email" },
      { row: 5, email: "gone@example.com", status: "skipped", reason: "unsubscribed" },
      { row: 6, email: "ann@example.com", status: "skipped", reason: "duplicate" },
      { row: 7, email: "carol@example.com", status: "created", invitationId: expect.any(String), sendAt: NOW.toISOString() },
      { row: 8, email: "dan@example.com", status: "created", invitationId: expect.any(String), sendAt: NOW.toISOString() },
    ]);
    const carol = await t.db.invitation.findFirstOrThrow({ where: { email: "carol@example.com" } });
    expect(carol).toMatchObject({ customerName: "Ng, Carol", orderId: "5150000000009", orderName: null, locale: null });
    const ann = await t.db.invitation.findFirstOrThrow({ where: { email: "ann@example.com" } });
    expect(ann.orderName).toBe("#1001");
    // The daily quota of invitations by email (4 here): the fourth row goes, the fifth not.
    const more = await api.post("/api/get-reviews/csv").set("Content-Type", "text/csv").send("email\ne1@example.com\ne2@example.com\n");
    expect(more.body.rows.map((r: { status: string; reason?: string }) => r.reason ?? r.status)).toEqual(["created", "daily_quota"]);
    await expectCountersMatchRows(t.db);
  });

  it("refuses a file it cannot use with 422 naming what is wrong", async () => {
    const noHeader = await api.post("/api/get-reviews/csv").set("Content-Type", "text/csv").send("name,order\nAnn,#1\n");
    expect(noHeader.status).toBe(422);
    expect(noHeader.body.error.field).toBe("email");
    const broken = await api.post("/api/get-reviews/csv").set("Content-Type", "text/csv").send('email\n"unterminated\n');
    expect(broken.status).toBe(422);
    expect(broken.body.error.field).toBe("file");
    const json = await api.post("/api/get-reviews/csv", { email: "a@example.com" });
    expect(json.status).toBe(422);
    expect(await t.db.invitation.count()).toBe(0);
  });
});
