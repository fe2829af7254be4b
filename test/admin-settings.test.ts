import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminClient, ensureShop, type AdminClient } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { TEST_SHOP } from "./support/shopify.ts";

let t: TestApp;
let api: AdminClient;
const NOW = new Date("2026-11-26T12:00:00Z");

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  api = await adminClient(t.app);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.shop.deleteMany();
});

describe("GET /api/settings", () => {
  it("returns every setting with its default for a new shop", async () => {
    const res = await api.get("/api/settings");
    expect(res.status).toBe(200);
    expect(res.body.settings).toEqual({
      trigger: "order_fulfilled",
      delayDays: 7,
      deliveredFallbackDays: 14,
      inviteTestOrders: false,
      paused: false,
      pausedAt: null,
      emailSubject: null,
      emailBody: null,
      noticeEnabled: true,
      noticeText: null,
      senderName: null,
      replyTo: null,
      reviewUrl: null,
      timezone: "UTC",
      retentionDays: 365,
      reminder: { enabled: false, afterDays: 7, subject: null, body: null },
      sendWindow: null,
      countryDelays: [],
      exclusions: { orderTags: [], customerTags: [], productIds: [], vendors: [], channels: [], minOrderTotal: null, requireMarketingConsent: false },
      frequencyCapDays: 30,
      resumeOverHours: 6,
      primaryLocale: "en",
      translations: Object.fromEntries(
        ["fr", "de", "es", "it", "nl", "pt-BR", "ja"].map((l) => [l, { emailSubject: null, emailBody: null, noticeText: null, reminderSubject: null, reminderBody: null }]),
      ),
      updatedAt: expect.any(String),
    });
  });
});

describe("PUT /api/settings", () => {
  it("updates the given fields, keeps the others, and returns all", async () => {
    await ensureShop(t.db, TEST_SHOP, { senderName: "Kept Name" });
    const res = await api.put("/api/settings", {
      trigger: "order_delivered",
      delayDays: 3,
      deliveredFallbackDays: 21,
      inviteTestOrders: true,
      emailSubject: "How was {{ order_name }}?",
      emailBody: "<p>Hi {{ customer_name }}, <a href=\"{{ review_link }}\">review</a></p>",
      noticeEnabled: false,
      noticeText: "This is an automated message.",
      replyTo: "help@example.com",
      reviewUrl: "https://reviews.example.com/{{ shop_domain }}?order={{ order_name }}",
      timezone: "Europe/Paris",
      retentionDays: 90,
    });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({
      trigger: "order_delivered",
      delayDays: 3,
      deliveredFallbackDays: 21,
      inviteTestOrders: true,
      emailSubject: "How was {{ order_name }}?",
      noticeEnabled: false,
      noticeText: "This is an automated message.",
      senderName: "Kept Name",
      replyTo: "help@example.com",
      timezone: "Europe/Paris",
      retentionDays: 90,
    });
    const row = await t.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
    expect(row).toMatchObject({ trigger: "order_delivered", delayDays: 3, timezone: "Europe/Paris", senderName: "Kept Name" });
    expect((await api.get("/api/settings")).body.settings).toEqual(res.body.settings);
  });

  it("resets text settings to their default with null or an empty string", async () => {
    await ensureShop(t.db, TEST_SHOP, { emailSubject: "Custom", senderName: "Shop" });
    const res = await api.put("/api/settings", { emailSubject: null, senderName: "  " });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ emailSubject: null, senderName: null });
  });

  it("records when sending was paused, and clears it on resume (R5)", async () => {
    const paused = await api.put("/api/settings", { paused: true });
    expect(paused.body.settings).toMatchObject({ paused: true, pausedAt: NOW.toISOString() });
    t.clock.now = new Date(NOW.getTime() + 3600_000);
    // Saving "paused" again does not move the moment it started.
    expect((await api.put("/api/settings", { paused: true })).body.settings.pausedAt).toBe(NOW.toISOString());
    const resumed = await api.put("/api/settings", { paused: false });
    expect(resumed.body.settings).toMatchObject({ paused: false, pausedAt: null });
    t.clock.now = NOW;
  });

  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ["trigger", { trigger: "order_paid" }, /trigger must be one of order_fulfilled, order_created, order_delivered/],
    ["delayDays", { delayDays: 91 }, /delayDays must be a whole number of days from 0 to 90/],
    ["delayDays", { delayDays: 2.5 }, /delayDays/],
    ["delayDays", { delayDays: "7" }, /delayDays/],
    ["deliveredFallbackDays", { deliveredFallbackDays: 0 }, /deliveredFallbackDays must be a whole number of days from 1 to 90/],
    ["paused", { paused: "yes" }, /paused must be true or false/],
    ["timezone", { timezone: "Mars/Olympus_Mons" }, /timezone must be an IANA time zone name such as Europe\/Paris/],
    ["retentionDays", { retentionDays: 5 }, /retentionDays must be a whole number of days from 30 to 3650/],
    ["replyTo", { replyTo: "not an address" }, /replyTo must be an email address/],
    ["senderName", { senderName: "Shop\r\nBcc: victim@example.com" }, /senderName must be a plain name on one line/],
    ["emailSubject", { emailSubject: "x".repeat(501) }, /emailSubject must be at most 500 characters/],
    ["unknown", { colour: "blue" }, /^Unknown setting: colour\.$/],
  ];
  for (const [field, body, message] of invalid) {
    it(`refuses an invalid ${field} with 422 naming the field and the allowed values`, async () => {
      await ensureShop(t.db, TEST_SHOP, { delayDays: 5 });
      const res = await api.put("/api/settings", { ...body, delayDays: "delayDays" in body ? body.delayDays : 6 });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("invalid");
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.field).toBe(field === "unknown" ? "colour" : field);
      // Nothing is saved when any value is wrong, not even the valid ones.
      expect((await t.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).delayDays).toBe(5);
    });
  }

  it("reports every problem at once", async () => {
    const res = await api.put("/api/settings", { delayDays: -1, timezone: "Nowhere" });
    expect(res.status).toBe(422);
    expect(res.body.error.problems.map((p: { field: string }) => p.field).sort()).toEqual(["delayDays", "timezone"]);
    expect(res.body.error.message).toMatch(/^Nothing was saved: delayDays must be a whole number of days from 0 to 90; timezone must be an IANA time zone name/);
  });

  it("checks the Liquid templates as sending will, naming the field and line", async () => {
    const res = await api.put("/api/settings", { emailBody: "<p>Hello</p>\n<p>{% if %}</p>" });
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe("emailBody");
    expect(res.body.error.problems[0]).toMatchObject({ field: "emailBody", line: 2 });
    const url = await api.put("/api/settings", { reviewUrl: "javascript:alert(1)" });
    expect(url.status).toBe(422);
    expect(url.body.error.field).toBe("reviewUrl");
    expect(url.body.error.message).toMatch(/must be an https:\/\/ address/);
  });
});

describe("POST /api/settings/preview", () => {
  it("renders unsaved values with sample data, including the automated-message notice", async () => {
    await ensureShop(t.db, TEST_SHOP, { name: "Demo Shop", emailSubject: "Saved subject" });
    const res = await api.post("/api/settings/preview", {
      emailBody: "<p>Hello {{ customer_name }}, thanks for {{ order_name }}.</p>",
      noticeText: "This is an automated message, sorry if it reached you by mistake.",
      senderName: "Demo Reviews",
    });
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe("Saved subject");
    expect(res.body.html).toContain("This is an automated message, sorry if it reached you by mistake.");
    expect(res.body.text).toMatch(/Hello \S+/);
    expect(res.body.from).toEqual({ name: "Demo Reviews", replyTo: null });
    expect(res.body.errors).toEqual([]);
    // A preview saves nothing.
    expect((await t.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).emailBody).toBeNull();
  });

  it("drops the notice when it is off, and reports a broken template with its line", async () => {
    const off = await api.post("/api/settings/preview", { noticeEnabled: false, noticeText: "Automated notice text" });
    expect(off.body.html).not.toContain("Automated notice text");
    const broken = await api.post("/api/settings/preview", { emailBody: "<p>ok</p>\n{% if %}" });
    expect(broken.status).toBe(200);
    expect(broken.body.errors[0]).toMatchObject({ field: "emailBody", line: 2 });
    const wrongType = await api.post("/api/settings/preview", { noticeEnabled: "yes" });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.error.field).toBe("noticeEnabled");
  });
});
