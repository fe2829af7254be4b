/**
 * The links in an invitation email, followed as a customer would: from the email that the
 * real SMTP server received, through the app's public pages. No login anywhere.
 */
import request from "supertest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { customerLinkKey, signCustomerToken } from "../web/server/customer/links.ts";
import { readInvitationCounts } from "../web/server/db/queries/invitation-counts.ts";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import type { MailTransport } from "../web/server/mail/transport.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addInvitation, addShop, DAY, eventTypes, sinkTransport, T0 } from "./support/dispatch.ts";
import { TEST_SECRET, TEST_SHOP } from "./support/shopify.ts";
import { startSmtpSink, type SmtpSink, type ReceivedMessage } from "./support/smtp.ts";

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
  t = await createTestApp({ now: T0 });
  transport = sinkTransport(sink);
  await addShop(t.db);
});
afterEach(async () => {
  await transport.close();
  await t.close();
});

const dispatch = () => runOnce({ db: t.db, transport, config: t.config, clock: () => t.clock.now });

/** The app-relative path of a link in the email, as the customer would click it. */
function link(message: ReceivedMessage, kind: "unsubscribe" | "not-received"): string {
  const match = new RegExp(`https://reviews\\.example\\.test(/r/${kind}/[\\w.-]+)`).exec(message.text);
  if (!match) throw new Error(`no ${kind} link in the email`);
  return match[1]!;
}

describe("unsubscribe", () => {
  it("shows a confirmation first, records the address on POST, and no invitation reaches it again", async () => {
    const first = await addInvitation(t.db, { email: "Jane@Example.com" });
    await dispatch();
    const path = link(sink.messages[0]!, "unsubscribe");
    expect(sink.messages[0]!.headers.get("list-unsubscribe")).toBe(`<https://reviews.example.test${path}>`);

    // A mail scanner following the link changes nothing.
    const page = await request(t.app).get(path).expect(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.text).toContain("Unsubscribe from Test Shop&#39;s review invitations?");
    expect(page.text).toContain(`<form method="post" action="${path}">`);
    expect(await t.db.suppression.count()).toBe(0);

    const done = await request(t.app).post(path).expect(200);
    expect(done.text).toContain("You are unsubscribed");
    expect(await t.db.suppression.findMany()).toEqual([expect.objectContaining({ shop: TEST_SHOP, email: "jane@example.com" })]);
    const event = await t.db.invitationEvent.findFirstOrThrow({ where: { invitationId: first.id, type: "suppressed" } });
    expect(event.actor).toBe("customer");

    const later = await addInvitation(t.db, { email: "jane@example.com", sendAt: new Date(T0.getTime() + DAY) });
    t.clock.now = new Date(T0.getTime() + DAY);
    expect(await dispatch()).toMatchObject({ suppressed: 1, sent: 0 });
    expect(sink.messages).toHaveLength(1);
    expect(await t.db.invitation.findUniqueOrThrow({ where: { id: later.id } })).toMatchObject({ status: "failed", lastError: "unsubscribed" });

    expect((await request(t.app).get(path).expect(200)).text).toContain("You are unsubscribed");
  });

  it("handles the mail client's one-click POST (RFC 8058), once however often it comes", async () => {
    await addInvitation(t.db, { email: "jane@example.com" });
    await dispatch();
    const path = link(sink.messages[0]!, "unsubscribe");
    for (let i = 0; i < 2; i++) {
      await request(t.app).post(path).type("form").send("List-Unsubscribe=One-Click").expect(200);
    }
    expect(await t.db.suppression.count()).toBe(1);
  });
});

describe("I haven't received my order yet", () => {
  it("asks again later: the invitation is rescheduled, never cancelled, with an event in its history", async () => {
    const invitation = await addInvitation(t.db, { orderName: "#1001" });
    await dispatch();
    const path = link(sink.messages[0]!, "not-received");

    const page = await request(t.app).get(path).expect(200);
    expect(page.text).toContain("Haven&#39;t received your order yet?");
    expect(page.text).toContain("order #1001 from Test Shop");
    expect(page.text).toContain("Ask me again in 7 days");
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("sent");

    t.clock.now = new Date(T0.getTime() + 2 * DAY);
    const counts = await readInvitationCounts(t.db, TEST_SHOP);
    const done = await request(t.app).post(path).expect(200);
    expect(done.text).toContain("We will ask for your review of Test Shop on 11 March 2026");
    // Back in the queue: the summary's counters move with it.
    expect(await readInvitationCounts(t.db, TEST_SHOP)).toEqual({
      ...counts,
      sent: (counts.sent ?? 0) - 1,
      queued: (counts.queued ?? 0) + 1,
    });
    const row = await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ status: "queued", customerPostpones: 1 });
    expect(row.sendAt.toISOString()).toBe(new Date(T0.getTime() + 9 * DAY).toISOString());
    const event = await t.db.invitationEvent.findFirstOrThrow({ where: { invitationId: invitation.id, type: "customer_postponed" } });
    expect(event.actor).toBe("customer");
    expect(JSON.parse(event.details!)).toMatchObject({ days: 7, previousStatus: "sent", to: row.sendAt.toISOString() });

    // Not before the new date; then once, as a new message the mail client will not drop.
    t.clock.now = new Date(T0.getTime() + 8 * DAY);
    expect(await dispatch()).toMatchObject({ sent: 0 });
    t.clock.now = new Date(T0.getTime() + 9 * DAY);
    expect(await dispatch()).toMatchObject({ sent: 1 });
    expect(sink.messages.map((m) => m.messageId)).toEqual([
      `<invitation-${invitation.id}.${TEST_SHOP}@reviews.example.test>`,
      `<invitation-${invitation.id}-r1.${TEST_SHOP}@reviews.example.test>`,
    ]);
    expect(await eventTypes(t.db, invitation.id)).toEqual(["sending", "sent", "customer_postponed", "sending", "sent"]);
  });

  it("works twice at most; then the page says so and nothing changes", async () => {
    const invitation = await addInvitation(t.db);
    await dispatch();
    for (let round = 1; round <= 2; round++) {
      const path = link(sink.messages.at(-1)!, "not-received");
      await request(t.app).post(path).expect(200);
      t.clock.now = (await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).sendAt;
      await dispatch();
    }
    expect(sink.messages).toHaveLength(3);
    expect(sink.messages[2]!.text).not.toContain("/r/not-received/"); // the last email no longer offers it

    const old = link(sink.messages[0]!, "not-received");
    const refused = await request(t.app).post(old).expect(200);
    expect(refused.text).toContain("already asked us to wait 2 times");
    expect(await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: "sent", customerPostpones: 2 });
  });

  it("does nothing for a customer whose data was erased: the anonymised invitation stays sent", async () => {
    const invitation = await addInvitation(t.db, { email: "erased@example.com" });
    await dispatch();
    const path = link(sink.messages[0]!, "not-received");
    const { placeholderEmail } = await import("../web/server/privacy/scrub.ts");
    await t.db.invitation.update({ where: { id: invitation.id }, data: { email: placeholderEmail(invitation.id), customerName: null } });

    await request(t.app).post(path).expect(200);
    expect(await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: "sent", customerPostpones: 0 });
    t.clock.now = new Date(T0.getTime() + 30 * DAY);
    expect(await dispatch()).toMatchObject({ sent: 0 });
    expect(sink.messages).toHaveLength(1);
  });

  it("moves a still-queued invitation's date further back", async () => {
    const invitation = await addInvitation(t.db, { sendAt: new Date(T0.getTime() + 3 * DAY) });
    const token = signCustomerToken(customerLinkKey(TEST_SECRET), { action: "not-received", shop: TEST_SHOP, invitationId: invitation.id, issuedAt: t.clock.now });
    await request(t.app).post(`/r/not-received/${token}`).expect(200);
    const row = await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ status: "queued", customerPostpones: 1 });
    expect(row.sendAt.toISOString()).toBe(new Date(T0.getTime() + 10 * DAY).toISOString());
  });

  it("changes nothing for a cancelled invitation (cancelled is final)", async () => {
    const invitation = await addInvitation(t.db, { status: "canceled" });
    const token = signCustomerToken(customerLinkKey(TEST_SECRET), { action: "not-received", shop: TEST_SHOP, invitationId: invitation.id, issuedAt: t.clock.now });
    const page = await request(t.app).post(`/r/not-received/${token}`).expect(200);
    expect(page.text).toContain("Nothing to change");
    expect(await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: "canceled", customerPostpones: 0 });
  });
});

describe("forged links", () => {
  it("are refused with a plain page: altered signature, another invitation's id, the other action, another secret", async () => {
    const invitation = await addInvitation(t.db);
    const other = await addInvitation(t.db);
    const key = customerLinkKey(TEST_SECRET);
    const good = signCustomerToken(key, { action: "not-received", shop: TEST_SHOP, invitationId: invitation.id, issuedAt: t.clock.now });
    const signature = good.split(".").slice(1).join("."); // issued.signature
    const forged = [
      `/r/not-received/${invitation.id}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`,
      `/r/not-received/${other.id}.${signature}`,
      `/r/unsubscribe/${good}`,
      `/r/not-received/${signCustomerToken(customerLinkKey("another-secret"), { action: "not-received", shop: TEST_SHOP, invitationId: invitation.id, issuedAt: t.clock.now })}`,
      `/r/not-received/${invitation.id}`,
      `/r/not-received/abc.${signature}`,
    ];
    for (const path of forged) {
      for (const method of ["get", "post"] as const) {
        const response = await request(t.app)[method](path).expect(403);
        expect(response.headers["content-type"]).toMatch(/text\/html/);
        expect(response.text).toContain("This link is not valid");
        expect(response.text).not.toMatch(/at .*\.ts:\d+/);
      }
    }
    const rows = await t.db.invitation.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.status, r.customerPostpones, r.sendAt.toISOString()])).toEqual([
      ["queued", 0, T0.toISOString()],
      ["queued", 0, T0.toISOString()],
    ]);
    expect(await t.db.suppression.count()).toBe(0);
  });

  it("a genuine link to an invitation that no longer exists says so", async () => {
    const token = signCustomerToken(customerLinkKey(TEST_SECRET), { action: "unsubscribe", shop: TEST_SHOP, invitationId: 987654, issuedAt: t.clock.now });
    const response = await request(t.app).get(`/r/unsubscribe/${token}`).expect(404);
    expect(response.text).toContain("This link is no longer valid");
  });
});

describe("in the customer's language (issue 18)", () => {
  async function emailIn(locale: string) {
    const invitation = await addInvitation(t.db, { orderName: "#1042" });
    await t.db.invitation.update({ where: { id: invitation.id }, data: { locale } });
    await dispatch();
    return sink.messages.at(-1)!;
  }

  it("shows the unsubscribe pages in the language of the email the link came from", async () => {
    const path = link(await emailIn("fr-FR"), "unsubscribe");
    const ask = await request(t.app).get(path).set("Accept-Language", "en-US").expect(200);
    expect(ask.text).toContain('<html lang="fr">');
    expect(ask.text).toContain("Se désabonner des invitations à donner un avis de Test Shop ?");
    expect(ask.text).toContain('<button type="submit">Se désabonner</button>');
    const done = await request(t.app).post(path).expect(200);
    expect(done.text).toContain("Vous ne recevrez plus d&#39;invitations à donner un avis de Test Shop.");
  });

  it("asks and confirms a later date in Japanese, the date written the Japanese way", async () => {
    const path = link(await emailIn("ja"), "not-received");
    const ask = await request(t.app).get(path).expect(200);
    expect(ask.text).toContain('<html lang="ja">');
    expect(ask.text).toContain("Test Shopでのご注文#1042がまだ届いていない場合は");
    const done = await request(t.app).post(path).expect(200);
    expect(done.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日に、Test Shopのレビューをお願いするご連絡をいたします。/);
  });

  it("answers a link it cannot trust in the browser's language", async () => {
    const page = await request(t.app).get("/r/unsubscribe/not-a-token").set("Accept-Language", "de-CH, de;q=0.9, en;q=0.8").expect(403);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toContain("Dieser Link ist ungültig");
    const unknown = await request(t.app).get("/r/unsubscribe/not-a-token").set("Accept-Language", "ko").expect(403);
    expect(unknown.text).toContain("This link is not valid");
    const review = await request(t.app).get("/r/review/not-a-token").set("Accept-Language", "fr-CA").expect(403);
    expect(review.text).toContain("Veuillez utiliser le lien d&#39;avis exactement tel qu&#39;il figure dans votre e-mail.");
  });
});
