/**
 * GET/PUT /api/settings for issue 17's fields: send window, country delays, exclusions,
 * frequency cap, resume pace. Bad values answer 422 naming the field; nothing is saved.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminClient, type AdminClient } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { TEST_SHOP } from "./support/shopify.ts";

let t: TestApp;
let api: AdminClient;

beforeAll(async () => {
  t = await createTestApp({ now: new Date("2026-12-01T10:00:00Z") });
  api = await adminClient(t.app);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.shop.deleteMany();
});

describe("issue 17 settings", () => {
  it("stores and returns the window, country delays, exclusions, cap and pace", async () => {
    const res = await api.put("/api/settings", {
      sendWindow: { start: "09:00", end: "20:00", days: [5, 1, 2, 3, 4, 1] },
      countryDelays: [{ country: "us", delayDays: 12 }, { country: "FR", delayDays: 3 }],
      exclusions: { orderTags: ["gift"], channels: ["pos", "b2b"], minOrderTotal: 20, requireMarketingConsent: true, productIds: ["gid://shopify/Product/632910392"] },
      frequencyCapDays: 60,
      resumeOverHours: 12,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.settings).toMatchObject({
      sendWindow: { start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5] },
      countryDelays: [{ country: "US", delayDays: 12 }, { country: "FR", delayDays: 3 }],
      exclusions: {
        orderTags: ["gift"], customerTags: [], productIds: ["632910392"], vendors: [], channels: ["pos", "b2b"],
        minOrderTotal: 20, requireMarketingConsent: true,
      },
      frequencyCapDays: 60,
      resumeOverHours: 12,
    });
    expect((await api.get("/api/settings")).body.settings).toEqual(res.body.settings);
    // null turns the window off again; [] the country delays.
    const off = await api.put("/api/settings", { sendWindow: null, countryDelays: [] });
    expect(off.body.settings).toMatchObject({ sendWindow: null, countryDelays: [], frequencyCapDays: 60 });
  });

  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ["a window time that is not HH:MM", { sendWindow: { start: "9am", end: "20:00", days: [1] } }, "sendWindow.start", /HH:MM/],
    ["a window that ends before it starts", { sendWindow: { start: "20:00", end: "09:00", days: [1] } }, "sendWindow.end", /later than start/],
    ["a window without days", { sendWindow: { start: "09:00", end: "20:00", days: [] } }, "sendWindow.days", /at least one weekday/],
    ["a weekday 8", { sendWindow: { start: "09:00", end: "20:00", days: [8] } }, "sendWindow.days.0", /1 \(Monday\) to 7 \(Sunday\)/],
    ["a country that is not alpha-2", { countryDelays: [{ country: "USA", delayDays: 3 }] }, "countryDelays.0.country", /two-letter/],
    ["a country delay over 90 days", { countryDelays: [{ country: "US", delayDays: 91 }] }, "countryDelays.0.delayDays", /0 to 90/],
    ["a country twice", { countryDelays: [{ country: "US", delayDays: 3 }, { country: "us", delayDays: 4 }] }, "countryDelays", /twice/],
    ["an unknown channel", { exclusions: { channels: ["facebook"] } }, "exclusions.channels.0", /pos, draft, b2b/],
    ["a negative minimum total", { exclusions: { minOrderTotal: -1 } }, "exclusions.minOrderTotal", /0 or more/],
    ["a product id that is not one", { exclusions: { productIds: ["snowboard"] } }, "exclusions.productIds.0", /product ids/],
    ["an unknown exclusion", { exclusions: { country: ["US"] } }, "exclusions", /country/],
    ["a cap over a year", { frequencyCapDays: 400 }, "frequencyCapDays", /0 to 365/],
    ["a pace over 72 hours", { resumeOverHours: 100 }, "resumeOverHours", /0 to 72/],
  ];
  for (const [name, body, field, message] of bad) {
    it(`answers 422 naming ${field} for ${name}, and saves nothing`, async () => {
      const res = await api.put("/api/settings", { ...body, delayDays: 3 });
      expect(res.status).toBe(422);
      expect(res.body.error.field).toBe(field);
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.message).toContain(field.split(".")[0]);
      const row = await t.db.shop.findUnique({ where: { domain: TEST_SHOP } });
      expect(row?.delayDays ?? 7).toBe(7);
    });
  }
});

describe("POST /api/settings/schedule-preview", () => {
  it("tells when an order fulfilled Friday 21:30 is invited, with the unsaved values", async () => {
    // 1 December 2026 is a Tuesday: the sample is Friday 4 December 21:30 in Paris (20:30Z).
    const res = await api.post("/api/settings/schedule-preview", {
      timezone: "Europe/Paris",
      delayDays: 0,
      sendWindow: { start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5] },
      countryDelays: [{ country: "US", delayDays: 3 }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      timezone: "Europe/Paris",
      examples: [
        { country: null, triggeredAt: "2026-12-04T20:30:00.000Z", sendAt: "2026-12-07T08:00:00.000Z" },
        { country: "US", triggeredAt: "2026-12-04T20:30:00.000Z", sendAt: "2026-12-08T08:00:00.000Z" },
      ],
    });
    const bad = await api.post("/api/settings/schedule-preview", { sendWindow: { start: "25:00", end: "20:00", days: [1] } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe("sendWindow.start");
  });
});
