/**
 * "Send me a test" (issue 18): the current, unsaved template with sample data, through the
 * app's real transport (SMTP_URL pointing at a real in-process SMTP server), marked as a
 * test, never counted in the funnel, at most 10 a day per shop.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminClient, ensureShop, OTHER_SHOP } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { startFakeAdminApi, type FakeAdminApi } from "./support/fake-admin-api.ts";
import { TEST_SHOP } from "./support/shopify.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";

let sink: SmtpSink;
let shopify: FakeAdminApi;
let t: TestApp;
const NOW = new Date("2026-11-26T12:00:00Z");

beforeAll(async () => {
  sink = await startSmtpSink();
  shopify = await startFakeAdminApi();
  shopify.shopEmails.set(TEST_SHOP, "owner@test-shop.example");
});
afterAll(async () => {
  await shopify.close();
  await sink.close();
});
beforeEach(async () => {
  sink.messages.length = 0;
  t = await createTestApp({ now: NOW, config: { SMTP_URL: sink.url, SHOPIFY_ADMIN_API_ORIGIN: shopify.origin, MAIL_FROM: "Reviews <reviews@reviews.example.test>" } });
  await ensureShop(t.db, TEST_SHOP);
  await t.db.shop.update({ where: { domain: TEST_SHOP }, data: { name: "Test Shop", emailSubject: "Saved subject {{ order_name }}" } });
});
afterEach(async () => {
  await t.close();
});

describe("POST /api/settings/test-email", () => {
  it("sends the unsaved template with sample data to the shop's email by default, marked as a test, and counts nothing in the funnel", async () => {
    const admin = await adminClient(t.app);
    const info = await admin.get("/api/settings/test-email").expect(200);
    expect(info.body).toEqual({ defaultTo: "owner@test-shop.example", limit: 10, remaining: 10 });

    const res = await admin
      .post("/api/settings/test-email", { emailSubject: "Unsaved: how was {{ order_name }}, {{ customer_name }}?", emailBody: "<p>Draft body for {{ customer_name }}</p>", senderName: "Draft Sender" })
      .expect(200);
    expect(res.body).toMatchObject({ sent: true, to: "owner@test-shop.example", subject: "[Test] Unsaved: how was #1001, Alex Example?" });

    expect(sink.messages).toHaveLength(1);
    const message = sink.messages[0]!;
    expect(message.to).toEqual(["owner@test-shop.example"]);
    expect(message.subject).toBe("[Test] Unsaved: how was #1001, Alex Example?");
    expect(message.headers.get("x-review-invitations-test")).toBe("invitation");
    expect(message.headers.get("from")).toContain("Draft Sender");
    expect(message.html).toContain("Draft body for Alex Example");
    // Nothing was saved, and nothing belongs to an invitation or the funnel.
    expect((await t.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).emailSubject).toBe("Saved subject {{ order_name }}");
    expect(await t.db.invitation.count()).toBe(0);
    expect(await t.db.invitationFunnel.count()).toBe(0);
    expect((await admin.get("/api/invitations/summary").expect(200)).body.funnel.last30Days.sent).toBe(0);
    expect((await admin.get("/api/settings/test-email").expect(200)).body.remaining).toBe(9);
  });

  it("sends the reminder's words to the address the merchant enters", async () => {
    const admin = await adminClient(t.app);
    await admin
      .post("/api/settings/test-email", { to: "me@example.com", kind: "reminder", reminder: { subject: "Reminder draft {{ order_name }}" } })
      .expect(200);
    expect(sink.messages[0]!.to).toEqual(["me@example.com"]);
    expect(sink.messages[0]!.subject).toBe("[Test] Reminder draft #1001");
    expect(sink.messages[0]!.headers.get("x-review-invitations-test")).toBe("reminder");
  });

  it("names the field of a bad address or template, and sends nothing", async () => {
    const admin = await adminClient(t.app);
    const address = await admin.post("/api/settings/test-email", { to: "not-an-address" }).expect(422);
    expect(address.body.error.field).toBe("to");
    const template = await admin.post("/api/settings/test-email", { emailBody: "<p>{{ custmer_name }}</p>" }).expect(422);
    expect(template.body.error.field).toBe("emailBody");
    expect(template.body.error.message).toMatch(/^Nothing was sent: Body/);
    expect(sink.messages).toHaveLength(0);
    // Without an address from Shopify, the merchant is asked for one.
    await ensureShop(t.db, OTHER_SHOP);
    const other = await adminClient(t.app, { shop: OTHER_SHOP });
    expect((await other.post("/api/settings/test-email", {}).expect(422)).body.error.field).toBe("to");
  });

  it("sends at most 10 a day per shop, then answers 429 with a clear message; the next day works again", async () => {
    const admin = await adminClient(t.app);
    for (let i = 0; i < 10; i++) await admin.post("/api/settings/test-email", { to: "me@example.com" }).expect(200);
    const refused = await admin.post("/api/settings/test-email", { to: "me@example.com" }).expect(429);
    expect(refused.body.error.message).toMatch(/10 test emails a day/);
    expect(Number(refused.headers["retry-after"])).toBe(12 * 3600);
    expect(sink.messages).toHaveLength(10);
    // Another shop has its own ten.
    await ensureShop(t.db, OTHER_SHOP);
    await (await adminClient(t.app, { shop: OTHER_SHOP })).post("/api/settings/test-email", { to: "me@example.com" }).expect(200);
    t.clock.now = new Date("2026-11-27T00:00:01Z");
    await admin.post("/api/settings/test-email", { to: "me@example.com" }).expect(200);
  });

  it("says why when the mail server refuses the test", async () => {
    sink.onRecipient = () => ({ kind: "reject", code: 550, message: "5.1.1 No such user" });
    try {
      const admin = await adminClient(t.app);
      const res = await admin.post("/api/settings/test-email", { to: "nobody@example.com" }).expect(502);
      expect(res.body.error.message).toMatch(/^The test email could not be sent: .*550/);
    } finally {
      sink.onRecipient = () => ({ kind: "accept" });
    }
  });
});

describe("POST /api/settings/reminder-preview", () => {
  it("renders the unsaved reminder (or its default) with sample data, and names a broken field", async () => {
    const admin = await adminClient(t.app);
    const byDefault = await admin.post("/api/settings/reminder-preview", {}).expect(200);
    expect(byDefault.body.subject).toBe("A quick reminder: how was your order #1001 from Test Shop?");
    expect(byDefault.body.text).toContain("This is the only reminder we will send about this order.");
    expect(byDefault.body.text).toContain("sent automatically");
    const drafted = await admin.post("/api/settings/reminder-preview", { reminder: { subject: "Draft {{ order_name }}", body: "<p>{{ custmer_name }}</p>" } }).expect(200);
    expect(drafted.body.subject).toBe("Draft #1001");
    expect(drafted.body.errors).toEqual([expect.objectContaining({ field: "reminder.body" })]);
    expect(sink.messages).toHaveLength(0);
  });
});
