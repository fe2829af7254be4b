import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countInvitationsByStatus, readInvitationCounts } from "../web/server/db/queries/invitation-counts.ts";
import { adminClient, nonZero, ensureShop, OTHER_SHOP, seedInvitation, type AdminClient, resetStoredData } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { TEST_SHOP } from "./support/shopify.ts";

let t: TestApp;
let api: AdminClient;
const NOW = new Date("2026-11-26T12:00:00Z");
const DAY = 86_400_000;
const inDays = (n: number) => new Date(NOW.getTime() + n * DAY).toISOString();

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  api = await adminClient(t.app, { user: "777" });
});
afterAll(() => t.close());
beforeEach(async () => {
  t.clock.now = NOW;
  await resetStoredData(t.db);
  await ensureShop(t.db, TEST_SHOP);
});

describe("PATCH /api/invitations/:id (reschedule, R6)", () => {
  it("moves a queued invitation and records who changed what", async () => {
    const inv = await seedInvitation(t.db, { sendAt: new Date(inDays(3)) });
    const res = await api.patch(`/api/invitations/${inv.id}`, { sendAt: inDays(10) });
    expect(res.status).toBe(200);
    expect(res.body.invitation).toMatchObject({ id: String(inv.id), status: "queued", sendAt: inDays(10) });
    const row = await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } });
    expect(row.sendAt.toISOString()).toBe(inDays(10));
    const events = await t.db.invitationEvent.findMany({ where: { invitationId: inv.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "rescheduled", actor: "777", shop: TEST_SHOP });
    expect(JSON.parse(events[0]!.details!)).toEqual({ from: inDays(3), to: inDays(10), staffUser: "777" });
  });

  it("accepts a date-time with an offset and stores the same instant", async () => {
    const inv = await seedInvitation(t.db);
    const res = await api.patch(`/api/invitations/${inv.id}`, { sendAt: "2026-12-01T10:00:00+01:00" });
    expect(res.status).toBe(200);
    expect(res.body.invitation.sendAt).toBe("2026-12-01T09:00:00.000Z");
  });

  for (const status of ["sent", "sending", "failed", "canceled"] as const) {
    it(`refuses a ${status} invitation with 409 and the reason, changing nothing`, async () => {
      const inv = await seedInvitation(t.db, { status, sendAt: new Date(inDays(1)) });
      const res = await api.patch(`/api/invitations/${inv.id}`, { sendAt: inDays(5) });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: "not_reschedulable", status });
      const row = await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } });
      expect(row.sendAt.toISOString()).toBe(inDays(1));
      expect(row.status).toBe(status);
      expect(await t.db.invitationEvent.count()).toBe(0);
    });
  }

  it("explains that a cancelled invitation is final and points to Get reviews", async () => {
    const inv = await seedInvitation(t.db, { status: "canceled" });
    const res = await api.patch(`/api/invitations/${inv.id}`, { sendAt: inDays(5) });
    expect(res.body.error.message).toBe(
      "This invitation was cancelled, and cancelled invitations can never be activated again; use Get reviews to invite this customer with a new invitation.",
    );
  });

  it("refuses a past date and a date beyond one year with 422 naming the bound", async () => {
    const inv = await seedInvitation(t.db, { sendAt: new Date(inDays(2)) });
    const past = await api.patch(`/api/invitations/${inv.id}`, { sendAt: inDays(-1) });
    expect(past.status).toBe(422);
    expect(past.body.error).toMatchObject({ field: "sendAt", problem: "past", bound: NOW.toISOString() });
    expect(past.body.error.message).toBe(`The delivery date must be in the future (after ${NOW.toISOString()}).`);

    const now = await api.patch(`/api/invitations/${inv.id}`, { sendAt: NOW.toISOString() });
    expect(now.status).toBe(422);

    const far = await api.patch(`/api/invitations/${inv.id}`, { sendAt: inDays(366) });
    expect(far.status).toBe(422);
    expect(far.body.error).toMatchObject({ field: "sendAt", problem: "too_far", bound: inDays(365) });
    expect(far.body.error.message).toBe(`The delivery date can be at most 365 days ahead (until ${inDays(365)}).`);

    expect((await api.patch(`/api/invitations/${inv.id}`, { sendAt: inDays(365) })).status).toBe(200);
  });

  it("refuses a date it cannot read with 422 stating the expected format", async () => {
    const inv = await seedInvitation(t.db);
    for (const sendAt of ["next tuesday", "2026-12-01", "2026-13-45T10:00:00Z", 1767225600000, null, undefined]) {
      const res = await api.patch(`/api/invitations/${inv.id}`, sendAt === undefined ? {} : { sendAt });
      expect(res.status, String(sendAt)).toBe(422);
      expect(res.body.error.message).toMatch(/ISO 8601 date-time with a time zone, for example 2026-12-01T09:00:00Z/);
    }
  });

  it("refuses other fields: only the delivery date can change", async () => {
    const inv = await seedInvitation(t.db);
    const res = await api.patch(`/api/invitations/${inv.id}`, { sendAt: inDays(3), email: "x@example.com" });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ field: "email" });
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).email).toBe(inv.email);
  });

  it("does not overwrite an invitation the dispatcher claimed a moment earlier", async () => {
    const inv = await seedInvitation(t.db, { sendAt: new Date(inDays(1)) });
    // The dispatcher's claim, as it happens between the merchant opening and saving.
    await t.db.invitation.update({ where: { id: inv.id }, data: { status: "sending" } });
    const res = await api.patch(`/api/invitations/${inv.id}`, { sendAt: inDays(9) });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/being sent right now/);
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).sendAt.toISOString()).toBe(inDays(1));
  });
});

describe("no single cancel (R3)", () => {
  it("DELETE /api/invitations/:id → 405 with the explanation, alternatives and Allow header", async () => {
    const inv = await seedInvitation(t.db);
    const res = await api.delete(`/api/invitations/${inv.id}`);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, PATCH");
    expect(res.body.error.code).toBe("single_cancel_not_allowed");
    expect(res.body.error.message).toMatch(/can't be cancelled: every customer is invited equally and fairly/);
    expect(res.body.error.message).toMatch(/change this invitation's delivery date/);
    expect(res.body.error.message).toMatch(/cancel all pending invitations/);
    expect(res.body.error.message).toMatch(/automated-message notice/);
    expect(res.body.error.alternatives.map((a: { action: string }) => a.action)).toEqual([
      "reschedule",
      "cancel_all_pending",
      "automated_message_notice",
    ]);
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe("queued");
  });

  it("refuses every other way of cancelling one invitation", async () => {
    const inv = await seedInvitation(t.db);
    const attempts = [
      await api.post(`/api/invitations/${inv.id}/cancel`),
      await request(t.app).put(`/api/invitations/${inv.id}/cancel`).set("Authorization", `Bearer ${api.token}`),
      await api.patch(`/api/invitations/${inv.id}`, { status: "canceled" }),
      await api.patch(`/api/invitations/${inv.id}`, { status: "cancelled" }),
      await api.post("/api/invitations/cancel-pending", { confirm: true, ids: [String(inv.id)] }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(405);
      expect(res.body.error.code).toBe("single_cancel_not_allowed");
    }
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe("queued");
    expect(await t.db.invitationEvent.count()).toBe(0);
  });
});

describe("POST /api/invitations/cancel-pending (R2, R5)", () => {
  it("cancels every queued invitation of the shop and nothing else", async () => {
    const queued = [await seedInvitation(t.db), await seedInvitation(t.db), await seedInvitation(t.db, { orderCancelledAt: NOW })];
    const sent = await seedInvitation(t.db, { status: "sent" });
    const sending = await seedInvitation(t.db, { status: "sending" });
    const failed = await seedInvitation(t.db, { status: "failed" });
    const otherShop = await seedInvitation(t.db, { shop: OTHER_SHOP });

    const res = await api.post("/api/invitations/cancel-pending", { confirm: true });
    expect(res.status).toBe(200);
    expect(res.body.canceled).toBe(3);

    for (const inv of queued) expect((await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe("canceled");
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe("sent");
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: sending.id } })).status).toBe("sending");
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("failed");
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: otherShop.id } })).status).toBe("queued");

    const bulk = await t.db.bulkCancellation.findMany();
    expect(bulk).toHaveLength(1);
    expect(bulk[0]).toMatchObject({ shop: TEST_SHOP, actor: "777", count: 3 });
    expect(bulk[0]!.at.toISOString()).toBe(NOW.toISOString());
    expect(res.body.bulkCancellationId).toBe(String(bulk[0]!.id));

    const events = await t.db.invitationEvent.findMany({ orderBy: { invitationId: "asc" } });
    expect(events.map((e) => e.invitationId)).toEqual(queued.map((q) => q.id));
    for (const event of events) {
      expect(event).toMatchObject({ type: "bulk_canceled", actor: "777", shop: TEST_SHOP });
      expect(event.at.toISOString()).toBe(NOW.toISOString());
      expect(JSON.parse(event.details!)).toEqual({ bulkCancellationId: bulk[0]!.id, staffUser: "777" });
    }
    // The summary's counters moved with the rows: they match a full count, in both shops.
    for (const shop of [TEST_SHOP, OTHER_SHOP]) expect(nonZero(await readInvitationCounts(t.db, shop))).toEqual(await countInvitationsByStatus(t.db, shop));

    // The audit trail shows it on each invitation.
    const detail = await api.get(`/api/invitations/${queued[0]!.id}`);
    expect(detail.body.invitation.status).toBe("canceled");
    expect(detail.body.events).toEqual([
      { id: expect.any(String), type: "bulk_canceled", at: NOW.toISOString(), actor: "777", details: { bulkCancellationId: bulk[0]!.id, staffUser: "777" } },
    ]);
  });

  it("cancels 0 the second time, and records that call too", async () => {
    await seedInvitation(t.db);
    expect((await api.post("/api/invitations/cancel-pending", { confirm: true })).body.canceled).toBe(1);
    const again = await api.post("/api/invitations/cancel-pending", { confirm: true });
    expect(again.status).toBe(200);
    expect(again.body.canceled).toBe(0);
    expect(await t.db.invitationEvent.count()).toBe(1);
    expect((await t.db.bulkCancellation.findMany({ orderBy: { id: "asc" } })).map((b) => b.count)).toEqual([1, 0]);
  });

  it("requires confirm: true (400) and then changes nothing", async () => {
    const inv = await seedInvitation(t.db);
    for (const body of [undefined, {}, { confirm: false }, { confirm: "true" }, { confirm: 1 }]) {
      const res = await api.post("/api/invitations/cancel-pending", body);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe("confirm");
      expect(res.body.error.message).toMatch(/cannot be undone.*Send \{"confirm": true\}/);
    }
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe("queued");
    expect(await t.db.bulkCancellation.count()).toBe(0);
  });

  it("leaves cancelled invitations cancelled for good: no route can queue them again", async () => {
    const inv = await seedInvitation(t.db);
    await api.post("/api/invitations/cancel-pending", { confirm: true });
    expect((await api.patch(`/api/invitations/${inv.id}`, { sendAt: inDays(3) })).status).toBe(409);
    expect((await api.patch(`/api/invitations/${inv.id}`, { status: "queued" })).status).toBe(422);
    // Get reviews for the same order makes a new invitation; the cancelled one stays cancelled.
    const again = await api.post("/api/invitations", { email: inv.email, orderId: inv.orderId, orderName: inv.orderName });
    expect(again.status).toBe(201);
    expect(again.body.invitations[0].id).not.toBe(String(inv.id));
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe("canceled");
  });

  it("rejects a malformed JSON body with 400", async () => {
    const res = await request(t.app)
      .post("/api/invitations/cancel-pending")
      .set("Authorization", `Bearer ${api.token}`)
      .set("Content-Type", "application/json")
      .send("{confirm: true");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("bad_json");
  });
});
