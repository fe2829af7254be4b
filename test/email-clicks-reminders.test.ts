/**
 * Issue 18, end to end: the review link of every email goes through the app's signed
 * redirect (a click recorded once, never an open redirect), and the one reminder goes out
 * through the real dispatcher to the real SMTP server, once, and only to customers who did
 * not click, did not unsubscribe, and whose shop did not cancel all pending or pause.
 */
import request from "supertest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { customerLinkKey, signCustomerToken } from "../web/server/customer/links.ts";
import { countFunnelFromRows, readFunnelDays } from "../web/server/db/queries/funnel.ts";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import { DEFAULT_REMINDER_SUBJECT } from "../web/server/mail/reminder-template.ts";
import { DEFAULT_NOTICE } from "../web/server/mail/templates.ts";
import { placeholderEmail } from "../web/server/privacy/scrub.ts";
import type { MailTransport } from "../web/server/mail/transport.ts";
import { adminClient } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addInvitation, addShop, DAY, eventTypes, expectCountersMatchRows, sinkTransport, T0 } from "./support/dispatch.ts";
import { TEST_SECRET, TEST_SHOP } from "./support/shopify.ts";
import { startSmtpSink, type ReceivedMessage, type SmtpSink } from "./support/smtp.ts";

let sink: SmtpSink;
let t: TestApp;
let transport: MailTransport;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(async () => {
  sink.messages.length = 0;
  sink.onRecipient = () => ({ kind: "accept" });
  t = await createTestApp({ now: T0 });
  transport = sinkTransport(sink);
  await addShop(t.db, TEST_SHOP, { reviewUrl: "https://reviews.example.com/write?order={{ order_name }}&shop={{ shop_domain }}" });
});
afterEach(async () => {
  await expectCountersMatchRows(t.db);
  // The funnel's counters say what the invitations' own columns say.
  const [counted] = [await readFunnelDays(t.db, TEST_SHOP, "2000-01-01")];
  const sum = (k: "sent" | "clicked" | "reminded" | "clickedAfterReminder") => counted!.reduce((n, d) => n + d[k], 0);
  const rows = await countFunnelFromRows(t.db, TEST_SHOP, "2000-01-01");
  expect({ sent: sum("sent"), clicked: sum("clicked"), reminded: sum("reminded"), clickedAfterReminder: sum("clickedAfterReminder") }).toEqual(rows);
  await transport.close();
  await t.close();
});

const dispatch = () => runOnce({ db: t.db, transport, config: t.config, clock: () => t.clock.now });
const at = (days: number) => new Date(T0.getTime() + days * DAY);

function reviewPath(message: ReceivedMessage): string {
  const match = /https:\/\/reviews\.example\.test(\/r\/review\/[\w.-]+)/.exec(message.text);
  if (!match) throw new Error("no tracked review link in the email");
  return match[1]!;
}

async function enableReminders(afterDays = 3) {
  await t.db.shop.update({ where: { domain: TEST_SHOP }, data: { reminderEnabled: true, reminderAfterDays: afterDays } });
}

describe("the review link", () => {
  it("goes through the app's signed redirect to the shop's review link for that order, and records the first click once", async () => {
    const invitation = await addInvitation(t.db, { orderName: "#1042" });
    await dispatch();
    const message = sink.messages[0]!;
    // The merchant's link is not in the email: only the app's redirect is.
    expect(message.html).not.toContain("reviews.example.com");
    const path = reviewPath(message);
    // The default body's button is the product's (`?p=0`); the link without it is the order's.
    expect(message.html).toContain(`href="https://reviews.example.test${path}?p=0"`);

    t.clock.now = at(1);
    const first = await request(t.app).get(path).expect(302);
    expect(first.headers.location).toBe(`https://reviews.example.com/write?order=%231042&shop=${TEST_SHOP}`);
    expect(first.headers["cache-control"]).toBe("no-store");

    t.clock.now = at(2);
    await request(t.app).get(path).expect(302);
    await request(t.app).get(path).expect(302);
    // A link checker's HEAD redirects too, but is not a click.
    await request(t.app).head(path).expect(302);

    const row = await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.clickedAt).toEqual(at(1));
    expect(row.clicks).toBe(3);
    expect((await eventTypes(t.db, invitation.id)).filter((type) => type === "clicked")).toHaveLength(1);
  });

  it("answers a forged, altered, unknown or expired token with a page, never a redirect", async () => {
    const invitation = await addInvitation(t.db);
    await dispatch();
    const path = reviewPath(sink.messages[0]!);
    const token = path.split("/").pop()!;
    const [, issued, signature] = token.split(".");

    const expectPage = async (p: string, status: number, title: RegExp) => {
      const res = await request(t.app).get(p).expect(status);
      expect(res.headers.location).toBeUndefined();
      expect(res.headers["content-type"]).toMatch(/text\/html/);
      expect(res.text).toMatch(title);
    };
    await expectPage(`/r/review/${invitation.id}.${issued}.${"A".repeat(43)}`, 403, /This link is not valid/);
    await expectPage("/r/review/not-a-token", 403, /This link is not valid/);
    // Another invitation's id with this signature: forged.
    const other = await addInvitation(t.db);
    await expectPage(`/r/review/${other.id}.${issued}.${signature}`, 403, /This link is not valid/);
    // The unsubscribe link's token is not a review token.
    const unsubscribe = /\/r\/unsubscribe\/([\w.-]+)/.exec(sink.messages[0]!.text)![1]!;
    await expectPage(`/r/review/${unsubscribe}`, 403, /This link is not valid/);
    // A well-signed token for an invitation that no longer exists.
    const gone = signCustomerToken(customerLinkKey(TEST_SECRET), { action: "review", shop: TEST_SHOP, invitationId: 999_999, issuedAt: T0 });
    await expectPage(`/r/review/${gone}`, 404, /no longer valid/);
    // A year and a day later.
    t.clock.now = at(366);
    await expectPage(path, 410, /This link has expired/);

    const row = await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.clicks).toBe(0);
  });

  it("never leads to another host than the configured review link's", async () => {
    await addInvitation(t.db);
    await dispatch();
    const path = reviewPath(sink.messages[0]!);
    // Whatever the query says, the target is rendered from the shop's settings.
    const res = await request(t.app).get(`${path}?url=https://evil.example/&next=//evil.example`).expect(302);
    expect(new URL(res.headers.location as string).host).toBe("reviews.example.com");
    // A review link that is not https (stored before validation existed) falls back to the shop's own page.
    await t.db.shop.update({ where: { domain: TEST_SHOP }, data: { reviewUrl: "javascript:alert(1)//{{ order_name }}" } });
    const fallback = await request(t.app).get(path).expect(302);
    expect(new URL(fallback.headers.location as string).host).toBe(TEST_SHOP);
  });
});

describe("the reminder", () => {
  it("is sent once, after afterDays, through the same dispatcher, with its own words, the notice and the unsubscribe link", async () => {
    await enableReminders(3);
    const invitation = await addInvitation(t.db, { orderName: "#2001" });
    expect(await dispatch()).toMatchObject({ sent: 1, reminded: 0 });

    t.clock.now = at(2.9);
    expect(await dispatch()).toMatchObject({ claimed: 0 });
    t.clock.now = at(3);
    expect(await dispatch()).toMatchObject({ reminded: 1 });
    expect(sink.messages).toHaveLength(2);
    const reminder = sink.messages[1]!;
    expect(reminder.subject).toBe(DEFAULT_REMINDER_SUBJECT.replace("{{ order_name }}", "#2001").replace("{{ shop_name }}", "Test Shop"));
    expect(reminder.messageId).toBe(`<reminder-${invitation.id}.${TEST_SHOP}@reviews.example.test>`);
    expect(reminder.messageId).not.toBe(sink.messages[0]!.messageId);
    expect(reminder.text).toContain(DEFAULT_NOTICE);
    expect(reminder.headers.get("list-unsubscribe")).toMatch(/^<https:\/\/reviews\.example\.test\/r\/unsubscribe\//);
    expect(reviewPath(reminder)).toMatch(/^\/r\/review\//);

    const row = await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ status: "sent", remindedAt: at(3) });
    expect(await eventTypes(t.db, invitation.id)).toEqual(["sending", "sent", "reminder_sent"]);

    // Never a second one.
    t.clock.now = at(30);
    expect(await dispatch()).toMatchObject({ claimed: 0 });
    expect(sink.messages).toHaveLength(2);

    // A click after the reminder counts as one.
    await request(t.app).get(reviewPath(reminder)).expect(302);
    const [day] = await readFunnelDays(t.db, TEST_SHOP, "2000-01-01");
    expect(day).toMatchObject({ sent: 1, clicked: 1, reminded: 1, clickedAfterReminder: 1 });
  });

  it("is not sent after a click, nor after an unsubscribe, nor for an erased customer", async () => {
    await enableReminders(3);
    const clicked = await addInvitation(t.db);
    const unsubscribed = await addInvitation(t.db);
    const other = await addInvitation(t.db);
    const erased = await addInvitation(t.db);
    await dispatch();
    // customers/redact leaves a placeholder where the address was.
    await t.db.invitation.update({ where: { id: erased.id }, data: { email: placeholderEmail(erased.id), customerName: null } });
    const byId = (id: number) => sink.messages.find((m) => m.messageId.includes(`invitation-${id}.`))!;

    t.clock.now = at(1);
    await request(t.app).get(reviewPath(byId(clicked.id))).expect(302);
    const unsubscribe = /\/r\/unsubscribe\/[\w.-]+/.exec(byId(unsubscribed.id).text)![0];
    await request(t.app).post(unsubscribe).expect(200);

    t.clock.now = at(3);
    expect(await dispatch()).toMatchObject({ reminded: 1, suppressed: 2 });
    expect(sink.messages.filter((m) => m.messageId.startsWith("<reminder-")).map((m) => m.messageId)).toEqual([
      `<reminder-${other.id}.${TEST_SHOP}@reviews.example.test>`,
    ]);
    expect(await t.db.reminder.findUniqueOrThrow({ where: { invitationId: clicked.id } })).toMatchObject({ status: "canceled" });
    expect(await t.db.reminder.findUniqueOrThrow({ where: { invitationId: unsubscribed.id } })).toMatchObject({ status: "canceled", lastError: "unsubscribed" });
    expect(await eventTypes(t.db, clicked.id)).toEqual(["sending", "sent", "clicked", "reminder_canceled"]);
    expect(await eventTypes(t.db, unsubscribed.id)).toEqual(["sending", "sent", "suppressed", "reminder_canceled"]);
    expect(await t.db.reminder.findUniqueOrThrow({ where: { invitationId: erased.id } })).toMatchObject({ status: "canceled" });
    expect(sink.messages.some((m) => m.to.includes(placeholderEmail(erased.id)))).toBe(false);
    // The invitations themselves stay sent.
    expect(await t.db.invitation.count({ where: { status: "sent" } })).toBe(4);
  });

  it("is cancelled by cancel all pending, held by the pause, and sent for a cancelled order like any other", async () => {
    await enableReminders(3);
    const cancelledOrder = await addInvitation(t.db);
    await t.db.invitation.update({ where: { id: cancelledOrder.id }, data: { orderCancelledAt: T0 } });
    await dispatch();

    // Paused: the due reminder waits; nothing is lost.
    await t.db.shop.update({ where: { domain: TEST_SHOP }, data: { paused: true } });
    t.clock.now = at(4);
    expect(await dispatch()).toMatchObject({ claimed: 0 });
    await t.db.shop.update({ where: { domain: TEST_SHOP }, data: { paused: false } });
    expect(await dispatch()).toMatchObject({ reminded: 1 });
    expect(await eventTypes(t.db, cancelledOrder.id)).toContain("reminder_sent");

    // Cancel all pending: the reminders still waiting go too.
    const waiting = await addInvitation(t.db, { sendAt: at(4) });
    await dispatch();
    expect(await t.db.reminder.findUniqueOrThrow({ where: { invitationId: waiting.id } })).toMatchObject({ status: "queued" });
    const admin = await adminClient(t.app);
    const res = await admin.post("/api/invitations/cancel-pending", { confirm: true }).expect(200);
    expect(res.body).toMatchObject({ canceled: 0, remindersCanceled: 1 });
    t.clock.now = at(10);
    expect(await dispatch()).toMatchObject({ claimed: 0 });
    expect(await t.db.reminder.findUniqueOrThrow({ where: { invitationId: waiting.id } })).toMatchObject({ status: "canceled" });
    expect(await eventTypes(t.db, waiting.id)).toEqual(["sending", "sent", "reminder_canceled"]);
  });

  it("is retried on a temporary refusal and fails alone on a permanent one; the invitation stays sent", async () => {
    await enableReminders(1);
    const greylisted = await addInvitation(t.db, { email: "grey@example.com" });
    const gone = await addInvitation(t.db, { email: "gone@example.com" });
    await dispatch();
    sink.onRecipient = (address) =>
      address === "grey@example.com" ? { kind: "reject", code: 451, message: "4.7.1 Try again later" } : address === "gone@example.com" ? { kind: "reject", code: 550, message: "5.1.1 No such user" } : { kind: "accept" };
    t.clock.now = at(1);
    expect(await dispatch()).toMatchObject({ retried: 1, failed: 1, reminded: 0 });
    expect(await t.db.reminder.findUniqueOrThrow({ where: { invitationId: gone.id } })).toMatchObject({ status: "failed" });
    expect(await t.db.reminder.findUniqueOrThrow({ where: { invitationId: greylisted.id } })).toMatchObject({ status: "queued", attempts: 1 });
    expect(await eventTypes(t.db, gone.id)).toEqual(["sending", "sent", "reminder_failed"]);
    sink.onRecipient = () => ({ kind: "accept" });
    t.clock.now = at(1.1);
    expect(await dispatch()).toMatchObject({ reminded: 1 });
    expect(await eventTypes(t.db, greylisted.id)).toEqual(["sending", "sent", "reminder_retry_scheduled", "reminder_sent"]);
    expect(await t.db.invitation.count({ where: { status: "sent" } })).toBe(2);
  });

  it("is off by default, and turning it off cancels those waiting", async () => {
    const before = await addInvitation(t.db);
    await dispatch();
    expect(await t.db.reminder.count()).toBe(0);

    const admin = await adminClient(t.app);
    const on = await admin.put("/api/settings", { reminder: { enabled: true, afterDays: 2 } }).expect(200);
    expect(on.body.settings.reminder).toEqual({ enabled: true, afterDays: 2, subject: null, body: null });
    const after = await addInvitation(t.db, { sendAt: at(1) });
    t.clock.now = at(1);
    await dispatch();
    expect(await t.db.reminder.count()).toBe(1);
    await admin.put("/api/settings", { reminder: { enabled: false } }).expect(200);
    t.clock.now = at(5);
    expect(await dispatch()).toMatchObject({ claimed: 0 });
    expect(await t.db.reminder.findUniqueOrThrow({ where: { invitationId: after.id } })).toMatchObject({ status: "canceled" });
    expect(await eventTypes(t.db, before.id)).toEqual(["sending", "sent"]);
  });

  it("uses the shop's own reminder template, and settings name the field of a bad one", async () => {
    const admin = await adminClient(t.app);
    const bad = await admin.put("/api/settings", { reminder: { enabled: true, afterDays: 0, body: "{% if %}" } }).expect(422);
    expect(bad.body.error.message).toMatch(/reminder\.afterDays/);
    const badBody = await admin.put("/api/settings", { reminder: { body: "<p>{{ custmer_name }}</p>" } }).expect(422);
    expect(badBody.body.error.field).toBe("reminder.body");
    expect(badBody.body.error.message).toMatch(/^Reminder body/);
    await admin
      .put("/api/settings", { reminder: { enabled: true, afterDays: 1, subject: "Still thinking about {{ order_name }}?", body: "<p>Psst, {{ customer_name }}: <a href=\"{{ review_link }}\">review</a></p>" } })
      .expect(200);
    await addInvitation(t.db, { orderName: "#77", customerName: "Ana" });
    await dispatch();
    t.clock.now = at(1);
    await dispatch();
    const reminder = sink.messages[1]!;
    expect(reminder.subject).toBe("Still thinking about #77?");
    expect(reminder.html).toContain("Psst, Ana");
    expect(reviewPath(reminder)).toMatch(/^\/r\/review\//);
  });
});

describe("the funnel", () => {
  it("shows sent, clicked, click rate, reminders and clicks after a reminder for 30 and 90 days and by week, in the summary and the CSV", async () => {
    await enableReminders(2);
    // Sent 60 days ago: in the 90 days, not the 30.
    const old = await addInvitation(t.db, { sendAt: at(0) });
    await dispatch();
    t.clock.now = at(0.5);
    await request(t.app).get(reviewPath(sink.messages[0]!)).expect(302);
    // Sent 5 days ago: reminded, then clicked; and one that nobody clicked (reminded).
    t.clock.now = at(55);
    const recent = await addInvitation(t.db, { sendAt: at(55) });
    const ignored = await addInvitation(t.db, { sendAt: at(55) });
    await dispatch();
    t.clock.now = at(57);
    await dispatch();
    const reminderOf = (id: number) => sink.messages.find((m) => m.messageId.startsWith(`<reminder-${id}.`))!;
    await request(t.app).get(reviewPath(reminderOf(recent.id))).expect(302);
    expect(reminderOf(ignored.id)).toBeDefined();
    t.clock.now = at(60);

    const admin = await adminClient(t.app);
    const { body } = await admin.get("/api/invitations/summary").expect(200);
    expect(body.funnel.last30Days).toEqual({ sent: 2, clicked: 1, clickRate: 0.5, reminded: 2, clickedAfterReminder: 1 });
    expect(body.funnel.last90Days).toEqual({ sent: 3, clicked: 2, clickRate: 2 / 3, reminded: 2, clickedAfterReminder: 1 });
    expect(body.funnel.weeks).toHaveLength(13);
    expect(body.funnel.weeks.reduce((n: number, w: { sent: number }) => n + w.sent, 0)).toBe(3);
    // Weeks start on Monday (UTC); T0 + 55 days (2026-04-26) is a Sunday, so its week began 2026-04-20.
    expect(body.funnel.weeks.find((w: { weekStart: string }) => w.weekStart === "2026-04-20")).toMatchObject({ sent: 2, clicked: 1, reminded: 2 });

    const csv = await admin.get("/api/invitations/export.csv").expect(200);
    const [header, ...lines] = csv.text.replace(/^\uFEFF/, "").trim().split("\r\n");
    const columns = header!.split(",");
    const row = (id: number) => lines.find((l) => l.startsWith(`${id},`))!.split(",");
    expect(row(recent.id)[columns.indexOf("clickedAt")]).toBe(at(57).toISOString());
    expect(row(recent.id)[columns.indexOf("remindedAt")]).toBe(at(57).toISOString());
    expect(row(old.id)[columns.indexOf("remindedAt")]).toBe("");
  });
});
