/**
 * Issue 13, item 2: the app is no mail relay. Invitations by email count against a daily
 * quota per shop, admin writes are rate limited per shop, and the review link is https.
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { renderReviewUrl, SAMPLE_FACTS } from "../web/server/mail/templates.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { mintSessionToken, TEST_SHOP } from "./support/shopify.ts";
import { OTHER_SHOP } from "./privacy-support.ts";

let t: TestApp;
afterEach(() => t?.close());

const auth = async (shop = TEST_SHOP) => `Bearer ${await mintSessionToken({ shop })}`;

describe("the daily quota of invitations by email", () => {
  it("answers 429 with Retry-After and a message once a shop used its day, and not for other shops", async () => {
    t = await createTestApp({ now: new Date("2026-03-01T18:00:00Z"), config: { MANUAL_INVITATIONS_PER_DAY: "3" } });
    const invite = async (email: string, shop = TEST_SHOP) =>
      request(t.app).post("/api/invitations").set("Authorization", await auth(shop)).send({ email });
    for (const n of [1, 2, 3]) expect((await invite(`c${n}@example.com`)).status).toBe(201);

    const refused = await invite("c4@example.com");
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe(String(6 * 60 * 60)); // until midnight UTC
    expect(refused.body.error).toMatchObject({ code: "daily_quota", limit: 3 });
    expect(refused.body.error.message).toContain("at most 3 customers by email per day");
    expect(await t.db.invitation.count({ where: { shop: TEST_SHOP } })).toBe(3);

    expect((await invite("c1@example.com", OTHER_SHOP)).status).toBe(201);
    t.clock.now = new Date("2026-03-02T00:00:01Z");
    expect((await invite("c5@example.com")).status).toBe(201);
  });
});

describe("admin writes per shop", () => {
  it("are limited per minute with 429 and Retry-After; reads and other shops go on", async () => {
    t = await createTestApp({ config: { ADMIN_WRITES_PER_MINUTE: "4" } });
    const token = await auth();
    const write = () => request(t.app).put("/api/settings").set("Authorization", token).send({ delayDays: 5 });
    for (let i = 0; i < 4; i++) expect((await write()).status).toBe(200);
    const limited = await write();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.body.error.message).toContain("Too many changes from this store");
    expect((await request(t.app).get("/api/settings").set("Authorization", token)).status).toBe(200);
    const other = await request(t.app).put("/api/settings").set("Authorization", await auth(OTHER_SHOP)).send({ delayDays: 5 });
    expect(other.status).toBe(200);
  });
});

describe("the review link", () => {
  it("must be https when saved", async () => {
    t = await createTestApp();
    const res = await request(t.app).put("/api/settings").set("Authorization", await auth()).send({ reviewUrl: "http://reviews.example.com/{{ order_name }}" });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain("must be an https:// address");
  });

  it("is never sent as plain http, even if stored before the rule", async () => {
    const url = await renderReviewUrl(
      { domain: "shop.myshopify.com", name: null, emailSubject: null, emailBody: null, noticeEnabled: true, noticeText: null, reviewUrl: "http://evil.example/x" },
      SAMPLE_FACTS,
    );
    expect(url.startsWith("https://shop.myshopify.com/")).toBe(true);
  });
});
