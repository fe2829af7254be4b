/**
 * GET /metrics as an operator's Prometheus sees it: absent without METRICS_TOKEN, 401
 * without the right token, and counters that move when a webhook arrives and an email goes
 * out (real database, real SMTP server in-process, the dispatcher main.ts starts).
 */
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../web/server/app.ts";
import { startDispatcher, type Dispatcher } from "../web/server/dispatch/scheduler.ts";
import { createLogger } from "../web/server/logger.ts";
import { createMetrics } from "../web/server/metrics/metrics.ts";
import { createShopify } from "../web/server/shopify.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { addInvitation, deliveryConfig } from "./support/dispatch.ts";
import { fixture, sendWebhook, TEST_SHOP, testConfig } from "./support/shopify.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";

const TOKEN = "metrics-token-0123456789abcdef";

let database: TestDatabase;
let sink: SmtpSink;
let dispatcher: Dispatcher | null = null;

beforeEach(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
});
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = null;
  await sink.close();
  await database.close();
});

/** The app and its dispatcher sharing one registry, wired as main.ts wires them. */
function startApp(env: Record<string, string> = { METRICS_TOKEN: TOKEN }) {
  const config = deliveryConfig({ SMTP_URL: sink.url, DISPATCH_CRON: "0 0 1 1 *", ...env });
  const logger = createLogger("silent");
  const metrics = config.METRICS_TOKEN ? createMetrics({ db: database.db, logger }) : undefined;
  const app = createApp({ config, db: database.db, shopify: createShopify(config), logger, metrics });
  dispatcher = startDispatcher({ db: database.db, config, logger, metrics });
  return { app, dispatcher };
}

async function scrape(app: Parameters<typeof request>[0]): Promise<string> {
  const res = await request(app).get("/metrics").set("Authorization", `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text;
}

/** One sample's value from the text format, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? "").split(",").filter(Boolean);
    if (wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

describe("GET /metrics", () => {
  it("does not exist when METRICS_TOKEN is not set", async () => {
    const { app } = startApp({});
    const res = await request(app).get("/metrics").set("Authorization", `Bearer ${TOKEN}`);
    expect(res.status).toBe(404);
  });

  it("answers 401 without the token or with another one", async () => {
    const { app } = startApp();
    const none = await request(app).get("/metrics");
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(none.text).not.toContain("review_invitations_");
    for (const header of [`Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN]) {
      expect((await request(app).get("/metrics").set("Authorization", header)).status).toBe(401);
    }
  });

  it("refuses a short token at start-up", () => {
    expect(() => testConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: at least 16 characters/);
  });

  it("counts webhooks by topic and outcome, with their intake time, and the invitations they create", async () => {
    const { app } = startApp();
    await database.db.shop.create({ data: { domain: TEST_SHOP, trigger: "order_created" } });
    const before = await scrape(app);
    expect(sample(before, "review_invitations_webhooks_total", { topic: "orders/create" })).toBeUndefined();

    // The fixture is a test order; a live one is invited.
    const order = fixture("orders.create").replace('"test": true', '"test": false');
    expect((await sendWebhook(app, "orders/create", order, { webhookId: "w-1" })).body).toMatchObject({ outcome: "invitation_created" });
    expect((await sendWebhook(app, "orders/create", order, { webhookId: "w-1" })).body).toEqual({ status: "duplicate" });
    expect((await sendWebhook(app, "orders/create", order, { secret: "forged" })).status).toBe(401);

    const after = await scrape(app);
    expect(sample(after, "review_invitations_webhooks_total", { topic: "orders/create", outcome: "invitation_created" })).toBe(1);
    expect(sample(after, "review_invitations_webhooks_total", { topic: "orders/create", outcome: "duplicate" })).toBe(1);
    // The topic of a forged delivery is not trusted (nor allowed to grow the label set).
    expect(sample(after, "review_invitations_webhooks_total", { topic: "unverified", outcome: "unauthorized" })).toBe(1);
    expect(sample(after, "review_invitations_webhook_intake_seconds_count", { topic: "orders/create" })).toBe(2);
    expect(sample(after, "review_invitations_webhook_intake_seconds_bucket", { topic: "orders/create", le: "5" })).toBe(2);
    expect(sample(after, "review_invitations_invitations", { status: "queued" })).toBe(1);
  });

  it("counts sends, their SMTP time and the invitations' new status after a dispatch pass", async () => {
    const { app, dispatcher } = startApp();
    await database.db.shop.create({ data: { domain: TEST_SHOP, name: "Test Shop" } });
    await addInvitation(database.db, { sendAt: new Date(Date.now() - 60_000) });
    await addInvitation(database.db, { sendAt: new Date(Date.now() - 60_000), email: "refused@example.com" });
    sink.onRecipient = (address) => (address === "refused@example.com" ? { kind: "reject", code: 550, message: "No such user" } : { kind: "accept" });
    const before = await scrape(app);
    expect(sample(before, "review_invitations_dispatch_total", { outcome: "sent" })).toBe(0);
    expect(sample(before, "review_invitations_invitations", { status: "queued" })).toBe(2);

    const pass = await dispatcher.runNow();
    expect(pass).toMatchObject({ sent: 1, failed: 1 });
    expect(sink.messages).toHaveLength(1);

    const after = await scrape(app);
    expect(sample(after, "review_invitations_dispatch_total", { outcome: "sent" })).toBe(1);
    expect(sample(after, "review_invitations_dispatch_total", { outcome: "failed" })).toBe(1);
    expect(sample(after, "review_invitations_dispatch_total", { outcome: "retried" })).toBe(0);
    expect(sample(after, "review_invitations_mail_send_seconds_count", { result: "accepted" })).toBe(1);
    expect(sample(after, "review_invitations_mail_send_seconds_count", { result: "error" })).toBe(1);
    expect(sample(after, "review_invitations_invitations", { status: "sent" })).toBe(1);
    expect(sample(after, "review_invitations_invitations", { status: "failed" })).toBe(1);
    expect(sample(after, "review_invitations_invitations", { status: "queued" })).toBe(0);
  });

  it("reports event-loop lag and the process's memory", async () => {
    const { app } = startApp();
    const text = await scrape(app);
    expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(sample(text, "nodejs_eventloop_lag_p99_seconds")).toBeGreaterThanOrEqual(0);
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
  });
});
