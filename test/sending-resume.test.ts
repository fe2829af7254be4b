/**
 * Paced resume (R5, issue 17) through the admin API, the real database and a real dispatcher
 * with a real SMTP server: the backlog is shown first, and resuming spreads it so no hour
 * sends more than its share; or every overdue invitation moves by the same number of days.
 */
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import { adminClient, type AdminClient } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addInvitation, dispatchDeps, expectCountersMatchRows, sinkTransport } from "./support/dispatch.ts";
import { TEST_SHOP } from "./support/shopify.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";

const HOUR = 60 * 60 * 1000;
const NOW = new Date("2026-12-02T10:00:00Z");
const BACKLOG = 120;

let sink: SmtpSink;
let t: TestApp;
let api: AdminClient;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.close());
beforeEach(async () => {
  await sink.start();
  sink.messages.length = 0;
  t = await createTestApp({ now: NOW });
  api = await adminClient(t.app);
  await t.db.shop.create({ data: { domain: TEST_SHOP, name: "Test Shop", paused: true, pausedAt: new Date(NOW.getTime() - 72 * HOUR) } });
  // Fell due while paused, oldest three days ago.
  for (let i = 0; i < BACKLOG; i++) await addInvitation(t.db, { sendAt: new Date(NOW.getTime() - 72 * HOUR + i * 30 * 60 * 1000) });
  await addInvitation(t.db, { sendAt: new Date(NOW.getTime() + 48 * HOUR) }); // not overdue: untouched
});
afterEach(async () => {
  await expectCountersMatchRows(t.db);
  await t.close();
});

async function sendAt(at: Date): Promise<number> {
  t.clock.now = at;
  const transport = sinkTransport(sink);
  try {
    const summary = await runOnce(dispatchDeps(t.db, transport, t.clock));
    return summary.sent;
  } finally {
    await transport.close();
  }
}

describe("paced resume", () => {
  it("shows the overdue backlog (count, oldest date) before sending resumes", async () => {
    const res = await api.get("/api/sending/backlog");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      paused: true,
      pausedAt: "2026-11-29T10:00:00.000Z",
      overdue: BACKLOG,
      oldestSendAt: "2026-11-29T10:00:00.000Z",
      resumeOverHours: 6,
    });
    expect(await sendAt(NOW)).toBe(0); // paused: nothing leaves
  });

  it("spreads the backlog over resumeOverHours: no hour sends more than its rate", async () => {
    const res = await api.put("/api/settings", { paused: false });
    expect(res.status).toBe(200);
    expect(res.body.settings.paused).toBe(false);
    const rate = BACKLOG / 6; // 20 an hour
    let total = 0;
    for (let h = 0; h <= 6; h++) {
      const sent = await sendAt(new Date(NOW.getTime() + h * HOUR));
      expect(sent).toBeLessThanOrEqual(h === 0 ? 1 : rate);
      total += sent;
    }
    expect(total).toBe(BACKLOG);
    expect(sink.messages).toHaveLength(BACKLOG);
    // Each move is in the audit trail, with the reason; the future invitation did not move.
    const events = await t.db.invitationEvent.findMany({ where: { type: "rescheduled" } });
    expect(events).toHaveLength(BACKLOG);
    expect(JSON.parse(events[0]!.details!)).toMatchObject({ reason: "paced_resume", overHours: 6, staffUser: "42" });
    expect(await t.db.invitation.count({ where: { status: "queued" } })).toBe(1);
    expect((await api.get("/api/sending/backlog")).body.overdue).toBe(0);
  });

  it("keeps the spread inside the send window", async () => {
    // 10:00 UTC in New York is 05:00: the window opens at 09:00 (14:00 UTC) and closes at 12:00.
    await api.put("/api/settings", { timezone: "America/New_York", sendWindow: { start: "09:00", end: "12:00", days: [1, 2, 3, 4, 5, 6, 7] } });
    const res = await api.post("/api/sending/resume", { overHours: 6 });
    expect(res.body).toMatchObject({ resumed: true, moved: BACKLOG, plan: { kind: "spread", hours: 6 } });
    const rows = await t.db.invitation.findMany({ where: { status: "queued" }, orderBy: { sendAt: "asc" } });
    for (const row of rows.slice(0, BACKLOG)) {
      const local = new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(row.sendAt);
      expect(local >= "09:00" && local < "12:00", local).toBe(true);
    }
    expect(rows[0]!.sendAt.toISOString()).toBe("2026-12-02T14:00:00.000Z");
    // Three hours today, three tomorrow.
    expect(rows[BACKLOG - 1]!.sendAt.getTime()).toBeGreaterThan(new Date("2026-12-03T14:00:00Z").getTime());
    expect(await sendAt(NOW)).toBe(0);
  });

  it("or moves every overdue invitation by the same number of days", async () => {
    const before = await t.db.invitation.findMany({ orderBy: { id: "asc" } });
    const res = await api.post("/api/sending/resume", { shiftDays: 4 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resumed: true, moved: BACKLOG });
    const after = await t.db.invitation.findMany({ orderBy: { id: "asc" } });
    after.slice(0, BACKLOG).forEach((row, i) => expect(row.sendAt.getTime() - before[i]!.sendAt.getTime()).toBe(4 * 24 * HOUR));
    expect(after[BACKLOG]!.sendAt).toEqual(before[BACKLOG]!.sendAt);
    // The oldest was 3 days overdue: 4 days later it is due tomorrow, so nothing is due now.
    expect(await sendAt(NOW)).toBe(0);
  });

  it("refuses an unusable choice with 422 naming the field", async () => {
    const both = await api.post("/api/sending/resume", { overHours: 6, shiftDays: 2 });
    expect(both.status).toBe(422);
    expect(both.body.error.field).toBe("shiftDays");
    const far = await api.post("/api/sending/resume", { overHours: 100 });
    expect(far.status).toBe(422);
    expect(far.body.error.field).toBe("overHours");
    expect((await t.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).paused).toBe(true);
  });
});
