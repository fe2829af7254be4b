/**
 * Issue 13, item 5: unsafe set-ups are refused at start, and the outbox's files (addresses,
 * signed links) are erased with the data they belong to.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../web/server/config/config.ts";
import { demoEnvironment } from "../web/server/demo/environment.ts";
import { invitationMessageId } from "../web/server/mail/message.ts";
import { outboxFileName } from "../web/server/mail/transport.ts";
import { anonymiseExpired } from "../web/server/privacy/retention.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { fixture, sendWebhook, TEST_SHOP } from "./support/shopify.ts";
import { orderBody, OTHER_SHOP } from "./privacy-support.ts";

const KEY = Buffer.alloc(32, 7).toString("base64");
const base = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://reviews.example.com", SCOPES: "read_orders" };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return "";
}

describe("refused set-ups", () => {
  it("production without SMTP_URL, naming it", () => {
    expect(problemsOf({ ...base, NODE_ENV: "production" })).toMatch(/SMTP_URL is not set: NODE_ENV=production requires a mail server/);
    expect(problemsOf({ ...base, NODE_ENV: "production" })).toMatch(/TOKEN_ENCRYPTION_KEY is not set/);
    expect(problemsOf({ ...base, NODE_ENV: "production", SMTP_URL: "smtps://u:p@mail.example.com:465", TOKEN_ENCRYPTION_KEY: KEY })).toBe("");
    expect(problemsOf({ ...base, TOKEN_ENCRYPTION_KEY: "too-short" })).toMatch(/TOKEN_ENCRYPTION_KEY: 32 random bytes/);
  });

  it("DEMO_MODE with an app URL that is not loopback", () => {
    expect(problemsOf({ ...base, DEMO_MODE: "true" })).toMatch(/DEMO_MODE needs a loopback SHOPIFY_APP_URL/);
    expect(problemsOf({ ...base, DEMO_MODE: "true", SHOPIFY_APP_URL: "http://127.0.0.1:3000" })).toBe("");
    expect(problemsOf({ ...base, DEMO_MODE: "true", SHOPIFY_APP_URL: "http://localhost:3000" })).toBe("");
  });

  it("the demo signs with a random secret of its own, never the real app's", () => {
    const real = { SHOPIFY_API_SECRET: "the-real-app-secret", SHOPIFY_API_SECRET_PREVIOUS: "the-old-one" };
    const one = loadConfig(demoEnvironment(real));
    const two = loadConfig(demoEnvironment(real));
    expect(one.SHOPIFY_API_SECRET).not.toBe("the-real-app-secret");
    expect(one.SHOPIFY_API_SECRET).not.toBe(two.SHOPIFY_API_SECRET);
    expect(one.SHOPIFY_API_SECRET.length).toBeGreaterThanOrEqual(40);
    expect(one.SHOPIFY_API_SECRET_PREVIOUS).toBeUndefined();
    expect(one).toMatchObject({ DEMO_MODE: true, HOST: "127.0.0.1", SHOPIFY_APP_URL: "http://127.0.0.1:3000" });
    expect(() => loadConfig(demoEnvironment({ SHOPIFY_APP_URL: "https://reviews.example.com" }))).toThrow(/loopback/);
  });
});

describe("outbox files", () => {
  let t: TestApp;
  let outbox: string;
  afterEach(async () => {
    await t.close();
    rmSync(outbox, { recursive: true, force: true });
  });

  async function setUp() {
    outbox = mkdtempSync(path.join(os.tmpdir(), "ri-outbox-"));
    t = await createTestApp({ now: new Date("2026-03-01T10:00:00Z"), config: { OUTBOX_DIR: outbox } });
    await t.db.shop.create({ data: { domain: TEST_SHOP, trigger: "order_created" } });
    await t.db.shop.create({ data: { domain: OTHER_SHOP, trigger: "order_created" } });
  }

  /** What the outbox transport writes for this invitation (and a customer's second round). */
  function writeEml(invitation: { id: number; shop: string }, round = 0): string {
    const name = outboxFileName(invitationMessageId({ ...invitation, customerPostpones: round }, t.config.SHOPIFY_APP_URL));
    writeFileSync(path.join(outbox, name), "To: someone@example.com\n\nhello\n");
    return name;
  }

  async function invite(shop: string, orderId: string, email: string) {
    await sendWebhook(t.app, "orders/create", orderBody({ orderId, email, customerId: orderId, firstName: "A", lastName: "B" }), { shop });
    return t.db.invitation.findFirstOrThrow({ where: { shop, orderId } });
  }

  it("customers/redact deletes the erased customer's files, shop/redact the shop's", async () => {
    await setUp();
    const anna = await invite(TEST_SHOP, "11", "anna@example.com");
    const ben = await invite(TEST_SHOP, "12", "ben@example.com");
    const other = await invite(OTHER_SHOP, "11", "anna@example.com");
    writeEml(anna);
    writeEml(anna, 1);
    const benFile = writeEml(ben);
    const otherFile = writeEml(other);

    const body = JSON.stringify({ shop_domain: TEST_SHOP, customer: { email: "anna@example.com" }, orders_to_redact: [] });
    expect((await sendWebhook(t.app, "customers/redact", body)).body.outcome).toBe("customer_redacted:1");
    expect(readdirSync(outbox).sort()).toEqual([benFile, otherFile].sort());

    await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"));
    expect((await sendWebhook(t.app, "shop/redact", JSON.stringify({ shop_domain: TEST_SHOP }))).body.outcome).toBe("shop_redacted");
    expect(readdirSync(outbox)).toEqual([otherFile]);
  });

  it("retention deletes the files of the invitations it anonymises", async () => {
    await setUp();
    const old = await invite(TEST_SHOP, "21", "old@example.com");
    const recent = await invite(TEST_SHOP, "22", "recent@example.com");
    const longAgo = new Date("2025-01-01T00:00:00Z");
    await t.db.invitation.update({ where: { id: old.id }, data: { status: "sent", sentAt: longAgo, updatedAt: longAgo } });
    const oldFile = writeEml(old);
    const recentFile = writeEml(recent);
    await anonymiseExpired(t.db, new Date("2026-03-01T10:00:00Z"), outbox);
    expect(existsSync(path.join(outbox, oldFile))).toBe(false);
    expect(existsSync(path.join(outbox, recentFile))).toBe(true);
  });
});
