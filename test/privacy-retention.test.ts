/**
 * Retention: personal data of finished invitations is anonymised after the shop's
 * retention period; everything still in flight, and every count, stays.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertEvent } from "../web/server/db/queries/events.ts";
import { createLogger } from "../web/server/logger.ts";
import { anonymiseExpired, startRetentionJob } from "../web/server/privacy/retention.ts";
import { createTestDatabase, type TestDatabase, type TestDb } from "./support/db.ts";
import { TEST_SHOP } from "./support/shopify.ts";
import { countsByStatus, OTHER_SHOP, scanDatabase } from "./privacy-support.ts";

const NOW = new Date("2027-06-01T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 24 * 60 * 60 * 1000);

let database: TestDatabase;
let db: TestDb;
beforeEach(async () => {
  database = await createTestDatabase();
  db = database.db;
  await db.shop.create({ data: { domain: TEST_SHOP } }); // default: 365 days
  await db.shop.create({ data: { domain: OTHER_SHOP, retentionDays: 30 } });
});
afterEach(() => database.close());

let n = 0;
async function invitation(shop: string, status: string, at: Date, who = `person${n + 1}`) {
  const orderId = String(1000 + ++n);
  await db.order.create({
    data: {
      shop, orderId, name: `#${orderId}`, email: `${who}@example.com`, customerId: String(50 + n),
      customerName: `${who} Surname`, locale: "de", products: '["Lamp"]', updatedAt: at,
    },
  });
  return db.invitation.create({
    data: {
      shop, orderId, autoOrderId: orderId, orderName: `#${orderId}`, email: `${who}@example.com`,
      customerName: `${who} Surname`, locale: "de", products: '["Lamp"]', status, source: "orders/create",
      sendAt: at, sentAt: status === "sent" ? at : null, updatedAt: at, createdAt: at,
    },
  });
}

describe("anonymiseExpired", () => {
  it("anonymises finished invitations past the shop's retention period, and nothing else", async () => {
    const oldSent = await invitation(TEST_SHOP, "sent", daysAgo(400), "oldsent");
    const oldFailed = await invitation(TEST_SHOP, "failed", daysAgo(366), "oldfailed");
    await db.invitation.update({ where: { id: oldFailed.id }, data: { lastError: "550 <oldfailed@example.com> unknown", updatedAt: daysAgo(366) } });
    await insertEvent(db, { invitationId: oldFailed.id, shop: oldFailed.shop, type: "failed", actor: "system", at: daysAgo(366), details: { error: "550 <oldfailed@example.com> unknown" } });
    await insertEvent(db, { invitationId: oldFailed.id, shop: oldFailed.shop, type: "created", actor: "webhook", at: daysAgo(370), details: { source: "orders/create", trigger: "order_created" } });
    await invitation(TEST_SHOP, "canceled", daysAgo(500), "oldcanceled");
    const recentSent = await invitation(TEST_SHOP, "sent", daysAgo(100), "recentsent");
    const overdueQueued = await invitation(TEST_SHOP, "queued", daysAgo(400), "overdue"); // e.g. a long pause
    // The other shop keeps 30 days: 40 days is past it there, not here.
    const otherOld = await invitation(OTHER_SHOP, "sent", daysAgo(40), "otherold");
    const hereForty = await invitation(TEST_SHOP, "sent", daysAgo(40), "hereforty");
    await db.order.create({ data: { shop: TEST_SHOP, orderId: "9", email: "skipped@example.com", customerName: "Skip Ped", skipReason: "test_order", updatedAt: daysAgo(400) } });
    await db.dataRequest.create({ data: { shop: TEST_SHOP, email: "asked@example.com", customerId: "7", export: '{"x":"asked@example.com"}', createdAt: daysAgo(400) } });
    await db.suppression.create({ data: { shop: TEST_SHOP, email: "optout@example.com", createdAt: daysAgo(900) } });
    const before = { here: await countsByStatus(db, TEST_SHOP), other: await countsByStatus(db, OTHER_SHOP) };

    const result = await anonymiseExpired(db, NOW);
    expect(result).toEqual({ invitations: 4, orders: 5, dataRequests: 1 });

    const gone = ["oldsent", "oldfailed", "oldcanceled", "otherold", "skipped@", "Skip Ped", "asked@"];
    expect(await scanDatabase(db, gone)).toEqual([]);
    const kept = ["recentsent", "overdue", "hereforty", "optout@example.com"];
    for (const needle of kept) expect((await scanDatabase(db, [needle])).length).toBeGreaterThan(0);

    // Rows, statuses and dates stay: statistics are the same as before.
    expect({ here: await countsByStatus(db, TEST_SHOP), other: await countsByStatus(db, OTHER_SHOP) }).toEqual(before);
    expect(await db.invitation.findUniqueOrThrow({ where: { id: oldSent.id } })).toMatchObject({
      email: `redacted+${oldSent.id}@invalid`, customerName: null, locale: null, products: null, orderName: null,
      status: "sent", sentAt: daysAgo(400), orderId: oldSent.orderId,
    });
    const failed = await db.invitation.findUniqueOrThrow({ where: { id: oldFailed.id }, include: { events: { orderBy: { id: "asc" } } } });
    expect(failed.lastError).toBe("Error text removed with the personal data.");
    // Details without personal data keep their audit value; the anonymisation itself is recorded.
    expect(failed.events.map((e) => e.type)).toEqual(["failed", "created", "redacted"]);
    expect(JSON.parse(failed.events[1]!.details!)).toEqual({ source: "orders/create", trigger: "order_created" });
    expect(failed.events[2]).toMatchObject({ actor: "system", at: NOW });
    expect(JSON.parse(failed.events[2]!.details!)).toMatchObject({ reason: "retention" });

    for (const still of [recentSent, overdueQueued, hereForty]) {
      expect(await db.invitation.findUniqueOrThrow({ where: { id: still.id } })).toEqual(still);
    }
    expect(await db.order.findUniqueOrThrow({ where: { shop_orderId: { shop: TEST_SHOP, orderId: overdueQueued.orderId! } } }))
      .toMatchObject({ email: "overdue@example.com", customerName: "overdue Surname" });
    expect(await db.invitation.findUniqueOrThrow({ where: { id: otherOld.id } })).toMatchObject({ email: `redacted+${otherOld.id}@invalid` });
  });

  it("does nothing more when run again", async () => {
    await invitation(TEST_SHOP, "sent", daysAgo(400));
    await anonymiseExpired(db, NOW);
    const events = await db.invitationEvent.count();
    expect(await anonymiseExpired(db, NOW)).toEqual({ invitations: 0, orders: 0, dataRequests: 0 });
    expect(await db.invitationEvent.count()).toBe(events);
  });

  it("works through more rows than one batch", async () => {
    await db.invitation.createMany({
      data: Array.from({ length: 2_100 }, (_, i) => ({
        shop: TEST_SHOP, email: `bulk${i}@example.com`, customerName: `Bulk ${i}`, status: "sent", source: "manual",
        sendAt: daysAgo(400), sentAt: daysAgo(400),
      })),
    });
    expect((await anonymiseExpired(db, NOW)).invitations).toBe(2_100);
    expect(await db.invitation.count({ where: { email: { startsWith: "bulk" } } })).toBe(0);
  });
});

describe("startRetentionJob", () => {
  it("runs the same anonymisation on demand and stops cleanly", async () => {
    await invitation(TEST_SHOP, "sent", daysAgo(400), "viajob");
    const job = startRetentionJob({ db, logger: createLogger("silent"), clock: () => NOW });
    try {
      expect(await job.runNow()).toEqual({ invitations: 1, orders: 1, dataRequests: 0 });
      expect(await scanDatabase(db, ["viajob"])).toEqual([]);
    } finally {
      await job.stop();
    }
  });
});
