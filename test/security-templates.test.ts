/**
 * Issue 13, item 1: a merchant's Liquid runs under hard limits. A hostile template is refused
 * when saved (naming the limit), shown as an error in the preview, fails its own shop's
 * invitations with template_error at send time (no retry), and never holds up another shop.
 */
import request from "supertest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import { closeSandbox } from "../web/server/mail/sandbox.ts";
import {
  parseCacheSize,
  PARSE_CACHE_BYTES,
  renderInvitation,
  SAMPLE_FACTS,
  TEMPLATE_LIMITS,
  type TemplateSettings,
} from "../web/server/mail/templates.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addInvitation, addShop, dispatchDeps, sinkTransport, T0 } from "./support/dispatch.ts";
import { fixture, mintSessionToken, sendWebhook, TEST_SHOP } from "./support/shopify.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";
import { OTHER_SHOP } from "./privacy-support.ts";

/** Nested loops: ~9 million iterations, seconds of CPU without limits. */
const HOSTILE = "{% for a in (1..3000) %}{% for b in (1..3000) %}{{ a }}{% endfor %}{% endfor %}";
/** Quick to run, but a quarter of a megabyte of email. */
const HUGE = `{% for a in (1..250) %}${"x".repeat(1000)}{% endfor %}`;

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());
afterAll(() => closeSandbox());

const auth = async (shop = TEST_SHOP) => `Bearer ${await mintSessionToken({ shop })}`;

describe("saving and previewing a template over the limits", () => {
  it("refuses to save a template that takes too long, naming the time limit", async () => {
    const res = await request(t.app).put("/api/settings").set("Authorization", await auth()).send({ emailBody: HOSTILE });
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe("emailBody");
    expect(res.body.error.message).toContain(`longer than ${TEMPLATE_LIMITS.renderMs} ms`);
    expect(res.body.error.problems[0].limit).toBe("time");
    expect((await t.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).emailBody).toBeNull();
  });

  it("refuses a template whose output is too large, naming the size limit", async () => {
    const res = await request(t.app).put("/api/settings").set("Authorization", await auth()).send({ emailBody: HUGE });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain("200,000 characters");
  });

  it("previews with the default body and says why", async () => {
    const res = await request(t.app).post("/api/settings/preview").set("Authorization", await auth()).send({ emailBody: HOSTILE });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: "emailBody", limit: "time" })]);
    expect(res.body.html).toContain("We would love to hear how it went.");
  });

  it("keeps another shop's webhook fast while one shop previews a hostile template", async () => {
    await addShop(t.db, OTHER_SHOP, { trigger: "order_created" });
    const webhook = (id: string) => {
      const started = performance.now();
      return sendWebhook(t.app, "orders/create", fixture("orders.create").replace("820982911946154508", id), { shop: OTHER_SHOP })
        .then((res) => ({ status: res.status, ms: performance.now() - started }));
    };
    await webhook("1"); // warm
    const baseline = await webhook("2");

    const token = await auth();
    // The longest the event loop goes without running a 1 ms timer: what every request waits.
    let last = performance.now();
    let stall = 0;
    const probe = setInterval(() => {
      const now = performance.now();
      stall = Math.max(stall, now - last);
      last = now;
    }, 1);
    const preview = request(t.app).post("/api/settings/preview").set("Authorization", token).send({ emailBody: HOSTILE, emailSubject: HOSTILE });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the preview is rendering now
    const during = await webhook("3");
    const answered = await preview;
    clearInterval(probe);

    expect(during.status).toBe(200);
    expect(answered.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["emailBody", "emailSubject"]);
    // Without the sandbox this preview held the event loop for seconds, and the webhook with it.
    expect(stall).toBeLessThan(TEMPLATE_LIMITS.renderMs);
    expect(during.ms).toBeLessThan(baseline.ms + 5 * TEMPLATE_LIMITS.renderMs);
  });
});

describe("the parse cache", () => {
  it("stays within its byte budget however many large templates it sees", async () => {
    const settings: TemplateSettings = { domain: "a.myshopify.com", name: "A", emailSubject: null, emailBody: null, noticeEnabled: true, noticeText: null, reviewUrl: null };
    const links = { unsubscribe: "https://x.example/u", notReceived: null };
    for (let i = 0; i < 150; i++) {
      const body = `<p>${i}</p>` + "<p>{{ customer_name }} thanks for {{ order_name }}</p>".repeat(100);
      await renderInvitation({ ...settings, emailBody: body }, SAMPLE_FACTS, links);
    }
    const size = parseCacheSize();
    expect(size.bytes).toBeLessThanOrEqual(PARSE_CACHE_BYTES);
    expect(size.entries).toBeLessThan(150);
  });
});

describe("sending a stored template over the limits", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());

  it("fails that shop's invitations with template_error, once, and sends the other shop's", async () => {
    await sink.start();
    // Saved before the limits existed: the database has it, validation never saw it.
    await addShop(t.db, TEST_SHOP, { emailBody: HOSTILE });
    await addShop(t.db, OTHER_SHOP);
    const hostile = [await addInvitation(t.db), await addInvitation(t.db), await addInvitation(t.db)];
    const fine = await addInvitation(t.db, { shop: OTHER_SHOP, email: "fine@example.com" });
    const transport = sinkTransport(sink);
    const clock = { now: T0 };
    const started = performance.now();
    const summary = await runOnce(dispatchDeps(t.db, transport, clock));
    await transport.close();

    expect(summary).toMatchObject({ sent: 1, failed: 3, retried: 0 });
    // Checked once in the sandbox: nothing of it was rendered on the event loop.
    expect(performance.now() - started).toBeLessThan(TEMPLATE_LIMITS.sendRenderMs);
    for (const invitation of hostile) {
      const row = await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
      expect(row.status).toBe("failed");
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(/^template_error: Body takes longer than 100 ms/);
    }
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: fine.id } })).status).toBe("sent");
    expect(sink.messages.map((m) => m.to)).toEqual([["fine@example.com"]]);
  });
});
