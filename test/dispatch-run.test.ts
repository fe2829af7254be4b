/**
 * Delivery against a real SMTP server and the real database: each invitation leaves once,
 * on its date, looking right; failures are retried or explained; nothing is lost.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { claimDueInvitations } from "../web/server/dispatch/claim.ts";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import type { MailTransport } from "../web/server/mail/transport.ts";
import { DEFAULT_NOTICE } from "../web/server/mail/templates.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import {
  addInvitation,
  addShop,
  DAY,
  deliveryConfig,
  dispatchDeps,
  eventTypes,
  expectCountersMatchRows,
  MINUTE,
  sinkTransport,
  T0,
} from "./support/dispatch.ts";
import { TEST_SHOP } from "./support/shopify.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";

let sink: SmtpSink;
let database: TestDatabase;
let transport: MailTransport;
const clock = { now: T0 };

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(async () => {
  await sink.start();
  sink.messages.length = 0;
  sink.onRecipient = () => ({ kind: "accept" });
  sink.onMessage = () => ({ kind: "accept" });
  database = await createTestDatabase();
  transport = sinkTransport(sink);
  clock.now = T0;
  await addShop(database.db);
});
afterEach(async () => {
  // Whatever the test did, the summary's counters moved with every status change (claim,
  // sent, retry, failure, unsubscribed, expired lease).
  await expectCountersMatchRows(database.db);
  await transport.close();
  await database.close();
});

const run = (overrides: Parameters<typeof dispatchDeps>[3] = {}) => runOnce(dispatchDeps(database.db, transport, clock, overrides));

describe("an invitation due now", () => {
  it("is delivered once, with the rendered subject, body, notice, review link and unsubscribe headers", async () => {
    const db = database.db;
    await db.shop.update({
      where: { domain: TEST_SHOP },
      data: {
        emailSubject: "{{ customer_name }}, how was {{ order_name }}?",
        emailBody: "<p>Hello {{ customer_name }}, you bought {{ products | join: ' and ' }}.</p><p><a href=\"{{ review_link }}\">Review us</a></p>",
        reviewUrl: "https://reviews.example.com/{{ shop_domain }}/new?order={{ order_name }}",
        senderName: "Test Shop Team",
        replyTo: "help@test-shop.example",
      },
    });
    const invitation = await addInvitation(db, { email: "Jane@Example.com", orderName: "#1001", products: ["Linen shirt", "Canvas tote"] });

    const summary = await run();
    expect(summary).toMatchObject({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    expect(sink.messages).toHaveLength(1);
    const message = sink.messages[0]!;
    expect(message.to).toEqual(["Jane@example.com"]); // nodemailer normalises the domain part
    expect(message.from).toBe("reviews@reviews.example.test");
    expect(message.headers.get("from")).toContain("Test Shop Team");
    expect(message.headers.get("reply-to")).toBe("help@test-shop.example");
    expect(message.subject).toBe("Jane Doe, how was #1001?");
    expect(message.html).toContain("Hello Jane Doe, you bought Linen shirt and Canvas tote.");
    // The review link goes through the app's signed redirect (issue 18), which leads to the
    // shop's link for this order (test/email-clicks-reminders.test.ts follows it).
    expect(message.html).toMatch(/href="https:\/\/reviews\.example\.test\/r\/review\/\d+\.[0-9a-z]+\.[\w-]{43}"/);
    expect(message.html).not.toContain("reviews.example.com");
    expect(message.text).toContain("Hello Jane Doe, you bought Linen shirt and Canvas tote.");
    expect(message.text).toMatch(/Review us \(https:\/\/reviews\.example\.test\/r\/review\//);
    // R4: the notice is in every invitation, though this template never mentions it.
    expect(message.html).toContain(DEFAULT_NOTICE);
    expect(message.text).toContain(DEFAULT_NOTICE);
    const unsubscribe = /^<(https:\/\/reviews\.example\.test\/r\/unsubscribe\/\d+\.[0-9a-z]+\.[\w-]+)>$/.exec(message.headers.get("list-unsubscribe") ?? "");
    expect(unsubscribe).not.toBeNull();
    expect(message.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(message.html).toContain(unsubscribe![1]);
    expect(message.text).toContain("/r/not-received/");
    expect(message.messageId).toBe(`<invitation-${invitation.id}.${TEST_SHOP}@reviews.example.test>`);

    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ status: "sent", attempts: 1, messageId: message.messageId, leaseUntil: null, lastError: null });
    expect(row.sentAt?.toISOString()).toBe(T0.toISOString());
    expect(await eventTypes(db, invitation.id)).toEqual(["sending", "sent"]);

    // A second pass, later, sends nothing more.
    clock.now = new Date(T0.getTime() + DAY);
    expect(await run()).toMatchObject({ claimed: 0, sent: 0 });
    expect(sink.messages).toHaveLength(1);
  });

  it("uses the default template, and the notice can be reworded or switched off", async () => {
    const db = database.db;
    await addInvitation(db, { customerName: null, orderName: "#2002" });
    await run();
    expect(sink.messages[0]!.subject).toBe("How was your order #2002 from Test Shop?");
    expect(sink.messages[0]!.text).toContain("Hi there,");
    // One product: its own button, through the tracked redirect (issue 18).
    expect(sink.messages[0]!.text).toMatch(/Linen shirt\r?\nReview \(https:\/\/reviews\.example\.test\/r\/review\/[^)\s]+\?p=0\)/);

    await db.shop.update({ where: { domain: TEST_SHOP }, data: { noticeText: "Sent automatically. Sorry if this is a mistake." } });
    await addInvitation(db);
    await run();
    expect(sink.messages[1]!.text).toContain("Sent automatically. Sorry if this is a mistake.");
    expect(sink.messages[1]!.text).not.toContain(DEFAULT_NOTICE);

    await db.shop.update({ where: { domain: TEST_SHOP }, data: { noticeEnabled: false } });
    await addInvitation(db);
    await run();
    expect(sink.messages[2]!.text).not.toContain("Sent automatically");
    expect(sink.messages[2]!.text).not.toContain(DEFAULT_NOTICE);
  });

  it("keeps hostile names as text: escaped in HTML, literal in the plain-text part, one line in the subject", async () => {
    const db = database.db;
    await db.shop.update({ where: { domain: TEST_SHOP }, data: { emailSubject: "Hi {{ customer_name }}" } });
    await addInvitation(db, {
      customerName: '<script>alert("x")</script>\r\nBcc: victim@example.com',
      orderName: '<img src=x onerror="alert(1)">',
      products: ["<b>bold</b> & co"],
    });
    await run();
    const message = sink.messages[0]!;
    expect(message.html).not.toContain("<script>");
    expect(message.html).not.toContain("<img src=x");
    expect(message.html).not.toContain("<b>bold</b>");
    expect(message.html).toContain("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;");
    expect(message.html).toContain("&lt;b&gt;bold&lt;/b&gt; &amp; co");
    expect(message.text).toContain('<script>alert("x")</script>');
    expect(message.subject).toBe('Hi <script>alert("x")</script> Bcc: victim@example.com');
    expect(message.headers.has("bcc")).toBe(false);
    expect(message.to).toHaveLength(1);
  });
});

describe("what is not sent", () => {
  it("leaves invitations that are not due yet in the queue", async () => {
    const db = database.db;
    const later = await addInvitation(db, { sendAt: new Date(T0.getTime() + MINUTE) });
    expect(await run()).toMatchObject({ claimed: 0, sent: 0 });
    expect(sink.messages).toHaveLength(0);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("queued");

    clock.now = new Date(T0.getTime() + MINUTE);
    expect(await run()).toMatchObject({ sent: 1 });
  });

  it("sends nothing of a paused shop, loses nothing, and sends what is due on resume (R5)", async () => {
    const db = database.db;
    await db.shop.update({ where: { domain: TEST_SHOP }, data: { paused: true, pausedAt: T0 } });
    await addShop(db, "other-shop.myshopify.com");
    const paused = [await addInvitation(db), await addInvitation(db)];
    const other = await addInvitation(db, { shop: "other-shop.myshopify.com" });

    expect(await run()).toMatchObject({ sent: 1 });
    expect(sink.messages.map((m) => m.to[0])).toEqual([other.email]);
    for (const invitation of paused) {
      expect(await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: "queued", attempts: 0 });
    }

    clock.now = new Date(T0.getTime() + 3 * DAY);
    await db.shop.update({ where: { domain: TEST_SHOP }, data: { paused: false, pausedAt: null } });
    expect(await run()).toMatchObject({ sent: 2 });
    expect(sink.messages.map((m) => m.to[0]).sort()).toEqual([other.email, ...paused.map((p) => p.email)].sort());
  });

  it("sends nothing for a shop that uninstalled the app", async () => {
    const db = database.db;
    await db.shop.update({ where: { domain: TEST_SHOP }, data: { uninstalledAt: new Date(T0.getTime() - MINUTE) } });
    const invitation = await addInvitation(db);
    expect(await run()).toMatchObject({ claimed: 0 });
    expect(sink.messages).toHaveLength(0);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("queued");
  });

  it("never sends to an unsubscribed address: the invitation fails with the reason, whatever the letter case", async () => {
    const db = database.db;
    await db.suppression.create({ data: { shop: TEST_SHOP, email: "gone@example.com" } });
    const suppressed = await addInvitation(db, { email: "Gone@Example.COM" });
    const elsewhere = await addShop(db, "other-shop.myshopify.com");
    const otherShop = await addInvitation(db, { shop: elsewhere.domain, email: "gone@example.com" });

    expect(await run()).toMatchObject({ suppressed: 1, sent: 1 });
    expect(sink.messages.map((m) => m.to[0])).toEqual(["gone@example.com"]); // the other shop's, not ours
    expect(sink.messages[0]!.messageId).toContain(`invitation-${otherShop.id}.`);
    expect(await db.invitation.findUniqueOrThrow({ where: { id: suppressed.id } })).toMatchObject({ status: "failed", lastError: "unsubscribed" });
    expect(await eventTypes(db, suppressed.id)).toEqual(["suppressed"]);
  });
});

describe("failures", () => {
  it("451: the invitation goes back to the queue with a later date, and is sent then", async () => {
    const db = database.db;
    const invitation = await addInvitation(db);
    sink.onRecipient = () => ({ kind: "reject", code: 451, message: "4.7.1 Greylisted, try again later" });

    expect(await run()).toMatchObject({ retried: 1, sent: 0 });
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ status: "queued", attempts: 1, leaseUntil: null });
    expect(row.lastError).toContain("451");
    expect(row.sendAt.getTime()).toBe(T0.getTime() + MINUTE);
    const retry = await db.invitationEvent.findFirstOrThrow({ where: { invitationId: invitation.id, type: "retry_scheduled" } });
    expect(JSON.parse(retry.details!)).toMatchObject({ attempt: 1, nextAttemptAt: new Date(T0.getTime() + MINUTE).toISOString() });

    // Not before its new date.
    sink.onRecipient = () => ({ kind: "accept" });
    expect(await run()).toMatchObject({ claimed: 0 });
    clock.now = new Date(T0.getTime() + MINUTE);
    expect(await run()).toMatchObject({ sent: 1 });
    expect(await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect(await eventTypes(db, invitation.id)).toEqual(["sending", "retry_scheduled", "sending", "sent"]);
  });

  it("backs off exponentially and gives up after MAX_SEND_ATTEMPTS with the reason", async () => {
    const db = database.db;
    const invitation = await addInvitation(db);
    sink.onMessage = () => ({ kind: "reject", code: 452, message: "4.3.1 Insufficient system storage" });
    const config = deliveryConfig({ MAX_SEND_ATTEMPTS: "3" });

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await run({ config });
      const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
      if (row.status === "queued") {
        delays.push(row.sendAt.getTime() - clock.now.getTime());
        clock.now = row.sendAt;
      }
    }
    expect(delays).toEqual([MINUTE, 2 * MINUTE]);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/^Gave up after 3 attempts\. Last error: .*452/);
    expect(sink.messages).toHaveLength(0);
  });

  it("550: the invitation fails for good with the server's reason", async () => {
    const db = database.db;
    const invitation = await addInvitation(db, { email: "nobody@example.com" });
    const fine = await addInvitation(db);
    sink.onRecipient = (address) =>
      address === "nobody@example.com" ? { kind: "reject", code: 550, message: "5.1.1 No such user here" } : { kind: "accept" };

    expect(await run()).toMatchObject({ failed: 1, sent: 1 });
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.status).toBe("failed");
    expect(row.lastError).toBe("The recipient's mail server refused the address: 550 5.1.1 No such user here");
    const failed = await db.invitationEvent.findFirstOrThrow({ where: { invitationId: invitation.id, type: "failed" } });
    expect(JSON.parse(failed.details!).reason).toContain("550 5.1.1 No such user here");
    expect((await db.invitation.findUniqueOrThrow({ where: { id: fine.id } })).status).toBe("sent");

    clock.now = new Date(T0.getTime() + DAY);
    expect(await run()).toMatchObject({ claimed: 0 });
  });

  it("server down: nothing is claimed or lost, and everything goes out once it is back", async () => {
    const db = database.db;
    const invitations = [await addInvitation(db), await addInvitation(db), await addInvitation(db)];
    await sink.stop();

    const summary = await run();
    expect(summary).toMatchObject({ claimed: 0, sent: 0 });
    expect(summary.transportProblem).toMatch(/refused the connection/);
    for (const invitation of invitations) {
      expect(await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: "queued", attempts: 0 });
    }

    await sink.start();
    clock.now = new Date(T0.getTime() + MINUTE);
    expect(await run()).toMatchObject({ sent: 3 });
    expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(3);
  });

  it("connection dropped mid-message: retried later, then sent once; nothing left in sending", async () => {
    const db = database.db;
    const invitation = await addInvitation(db);
    sink.onMessage = () => ({ kind: "drop" });

    const summary = await run();
    expect(summary).toMatchObject({ retried: 1, sent: 0 });
    expect(summary.transportProblem).toBeDefined();
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ status: "queued", attempts: 1 });

    sink.onMessage = () => ({ kind: "accept" });
    clock.now = row.sendAt;
    expect(await run()).toMatchObject({ sent: 1 });
    expect(sink.messages).toHaveLength(1);
  });

  it("a server that stops answering: the send times out and is retried, not stuck in sending", async () => {
    const db = database.db;
    await transport.close();
    transport = sinkTransport(sink, { socketTimeout: 300 });
    const invitation = await addInvitation(db);
    sink.onMessage = () => ({ kind: "hang" });

    expect(await run()).toMatchObject({ retried: 1 });
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.status).toBe("queued");
    expect(row.lastError).toMatch(/did not answer in time|closed unexpectedly|connection/i);
  });
});

describe("a dispatcher killed between claim and send", () => {
  it("leaves rows that are sent once the lease expires, with the same Message-ID", async () => {
    const db = database.db;
    const invitations = [await addInvitation(db), await addInvitation(db)];
    const config = deliveryConfig({ LEASE_SECONDS: "120" });
    // The dead process: it claimed and never came back.
    const claimed = await claimDueInvitations(db, { now: T0, leaseUntil: new Date(T0.getTime() + 120_000), limit: 10 });
    expect(claimed).toHaveLength(2);

    // Within the lease nobody else touches them.
    clock.now = new Date(T0.getTime() + 60_000);
    expect(await run({ config })).toMatchObject({ claimed: 0, leasesExpired: 0 });
    expect(sink.messages).toHaveLength(0);

    clock.now = new Date(T0.getTime() + 121_000);
    expect(await run({ config })).toMatchObject({ leasesExpired: 2, sent: 2 });
    expect(sink.messages.map((m) => m.messageId).sort()).toEqual(
      invitations.map((i) => `<invitation-${i.id}.${TEST_SHOP}@reviews.example.test>`).sort(),
    );
    for (const invitation of invitations) {
      expect(await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: "sent", attempts: 2 });
      expect(await eventTypes(db, invitation.id)).toEqual(["retry_scheduled", "sending", "sent"]);
    }
  });

  it("fails a row whose lease expired on its last allowed attempt, instead of leaving it in sending", async () => {
    const db = database.db;
    const invitation = await addInvitation(db);
    const config = deliveryConfig({ MAX_SEND_ATTEMPTS: "1", LEASE_SECONDS: "60" });
    await claimDueInvitations(db, { now: T0, leaseUntil: new Date(T0.getTime() + 60_000), limit: 10 });
    clock.now = new Date(T0.getTime() + 61_000);
    expect(await run({ config })).toMatchObject({ leasesExpired: 1, failed: 1, sent: 0 });
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/Gave up after 1 attempts/);
  });
});

describe("fairness and shutdown", () => {
  it("one shop's backlog does not starve another: every shop gets its turn in the first batch", async () => {
    const db = database.db;
    await addShop(db, "small-shop.myshopify.com");
    for (let i = 0; i < 30; i++) await addInvitation(db, { sendAt: new Date(T0.getTime() - DAY + i) });
    const small = [
      await addInvitation(db, { shop: "small-shop.myshopify.com" }),
      await addInvitation(db, { shop: "small-shop.myshopify.com" }),
    ];
    const config = deliveryConfig({ DISPATCH_BATCH_SIZE: "5" });

    expect(await run({ config, maxBatches: 1 })).toMatchObject({ claimed: 5, sent: 5 });
    for (const invitation of small) {
      expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("sent");
    }
  });

  it("stops claiming when asked, and finishes the batch in flight", async () => {
    const db = database.db;
    for (let i = 0; i < 6; i++) await addInvitation(db);
    const config = deliveryConfig({ DISPATCH_BATCH_SIZE: "2" });
    let batches = 0;
    sink.onMessage = () => ({ kind: "accept" });
    const summary = await run({ config, shouldStop: () => batches++ >= 1 });
    expect(summary).toMatchObject({ batches: 1, claimed: 2, sent: 2 });
    const statuses = (await db.invitation.findMany({ select: { status: true } })).map((r) => r.status).sort();
    expect(statuses).toEqual(["queued", "queued", "queued", "queued", "sent", "sent"]);
  });
});
