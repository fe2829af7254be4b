/**
 * "Cancel all pending" for a shop with more queued invitations than the answer waits for
 * (R2, R5): the merchant is answered after one short transaction, and from that moment none
 * of those invitations can be sent, although their rows are rewritten in batches after the
 * answer. If the process stops before the batches are done, the dispatcher's next pass
 * finishes them. The counters always match a full count.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countInvitationsByStatus, readInvitationCounts } from "../web/server/db/queries/invitation-counts.ts";
import { claimDueInvitations } from "../web/server/dispatch/claim.ts";
import { cancelAllPending, completeBulkCancellations } from "../web/server/invitations/cancel-all.ts";
import { ensureShop, nonZero, OTHER_SHOP, resetStoredData, seedInvitation } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { TEST_SHOP } from "./support/shopify.ts";

let t: TestApp;
const NOW = new Date("2026-11-26T12:00:00Z");
const DUE = new Date("2026-11-20T12:00:00Z");
const claimAll = () => claimDueInvitations(t.db, { now: NOW, leaseUntil: new Date(NOW.getTime() + 60_000), limit: 1000 });

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
});
afterAll(() => t.close());
beforeEach(async () => {
  await resetStoredData(t.db);
  await ensureShop(t.db, TEST_SHOP);
  await ensureShop(t.db, OTHER_SHOP);
});

async function seedDue(shop: string, n: number) {
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(await seedInvitation(t.db, { shop, sendAt: DUE }));
  return rows;
}

async function expectCountersMatchRows(shop: string) {
  expect(nonZero(await readInvitationCounts(t.db, shop))).toEqual(await countInvitationsByStatus(t.db, shop));
}

describe("cancel all pending, answered before the rows are written", () => {
  it("stops every covered invitation at once, then writes each row and its event exactly once", async () => {
    const queued = await seedDue(TEST_SHOP, 25);
    const sent = await seedInvitation(t.db, { status: "sent", sendAt: DUE });
    const other = await seedDue(OTHER_SHOP, 3);

    // Answered after the first transaction only: nothing of the batches has run yet.
    const result = await cancelAllPending(t.db, { shop: TEST_SHOP, actor: "777", now: NOW }, { inlineLimit: 10, batchSize: 7 });
    expect(result).toMatchObject({ canceled: 25, complete: false });

    // From the answer on, the dispatcher claims nothing of this shop, only the other shop's.
    const claimed = await claimAll();
    expect(claimed.map((c) => c.shop)).toEqual(other.map(() => OTHER_SHOP));
    // An invitation created after the answer is not covered: it waits, then goes out.
    const later = await seedInvitation(t.db, { sendAt: DUE });

    await completeBulkCancellations(t.db, TEST_SHOP);
    for (const inv of queued) expect((await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe("canceled");
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe("sent");
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("queued");
    const events = await t.db.invitationEvent.findMany({ where: { shop: TEST_SHOP, type: "bulk_canceled" } });
    expect(events.map((e) => e.invitationId).sort((a, b) => a - b)).toEqual(queued.map((q) => q.id));
    for (const e of events) {
      expect(e.at.toISOString()).toBe(NOW.toISOString());
      expect(JSON.parse(e.details!)).toEqual({ bulkCancellationId: result.bulkCancellationId, staffUser: "777" });
    }
    const bulk = await t.db.bulkCancellation.findUniqueOrThrow({ where: { id: result.bulkCancellationId } });
    expect(bulk.count).toBe(25);
    expect(bulk.completedAt).not.toBeNull();
    await expectCountersMatchRows(TEST_SHOP);

    // Complete: the shop sends again, and only what was created after the answer.
    expect((await claimAll()).map((c) => c.id)).toEqual([later.id]);
    // Running the batches again changes nothing.
    expect(await completeBulkCancellations(t.db)).toBe(0);
    expect(await t.db.invitationEvent.count({ where: { shop: TEST_SHOP, type: "bulk_canceled" } })).toBe(25);
  });

  it("is finished by the dispatcher's next pass when the process stopped after answering", async () => {
    await seedDue(TEST_SHOP, 12);
    // The answer, without the batches that would have followed it in this process.
    const result = await cancelAllPending(t.db, { shop: TEST_SHOP, actor: "777", now: NOW }, {
      inlineLimit: 0,
      batchSize: 5,
      afterAnswer: () => {},
    });
    expect(result.complete).toBe(false);
    // Nothing written yet, and still nothing can be sent.
    expect(await countInvitationsByStatus(t.db, TEST_SHOP)).toEqual({ queued: 12 });
    expect(await claimAll()).toEqual([]);
    // What the dispatcher's next pass runs (dispatch/run-once.ts).
    expect(await completeBulkCancellations(t.db)).toBe(12);
    expect(await countInvitationsByStatus(t.db, TEST_SHOP)).toEqual({ canceled: 12 });
    expect(await t.db.invitationEvent.count({ where: { shop: TEST_SHOP, type: "bulk_canceled" } })).toBe(12);
    await expectCountersMatchRows(TEST_SHOP);
  });

  it("counts a second cancel-all after finishing the first, never the same invitation twice", async () => {
    await seedDue(TEST_SHOP, 9);
    const first = await cancelAllPending(t.db, { shop: TEST_SHOP, actor: "777", now: NOW }, { inlineLimit: 0, batchSize: 4, afterAnswer: () => {} });
    await seedDue(TEST_SHOP, 2);
    const second = await cancelAllPending(t.db, { shop: TEST_SHOP, actor: "778", now: NOW }, { inlineLimit: 100, batchSize: 4 });
    expect([first.canceled, second.canceled, second.complete]).toEqual([9, 2, true]);
    const events = await t.db.invitationEvent.findMany({ where: { shop: TEST_SHOP, type: "bulk_canceled" } });
    expect(events).toHaveLength(11);
    expect(new Set(events.map((e) => e.invitationId)).size).toBe(11);
    await expectCountersMatchRows(TEST_SHOP);
  });
});
