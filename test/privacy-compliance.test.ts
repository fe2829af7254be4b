/**
 * The three compliance topics, driven through the real webhook route with Shopify's sample
 * payloads, checked by scanning every table of the database for the customer.
 */
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertEvent } from "../web/server/db/queries/events.ts";
import { readInvitationCounts } from "../web/server/db/queries/invitation-counts.ts";
import { PURGED_MODELS } from "../web/server/privacy/redact-shop.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { fixture, mintSessionToken, sendWebhook, TEST_SHOP } from "./support/shopify.ts";
import { countsByStatus, orderBody, OTHER_SHOP, scanDatabase, shopOf, tableNames } from "./privacy-support.ts";

// The customer of Shopify's sample compliance payloads (id 191167, john@example.com), with
// orders under several addresses: every way the app can know them.
const JOHN = {
  id: "191167",
  email: "john@example.com",
  oldEmail: "j.quistgaard@oldmail.example", // found only through the customer id
  giftEmail: "jq-gift@example.org", // found only through orders_to_redact
  name: "Johan Quistgaard",
};
const JOHN_NEEDLES = [JOHN.email, JOHN.oldEmail, JOHN.giftEmail, JOHN.name];
const JANE = { id: "9007199254740993", email: "jane.doe@example.net", name: "Jane Ramirez" };
// One past 2^53 from Jane's id: JSON.parse would round Jane's id onto theirs.
const NEIGHBOUR = { id: "9007199254740992", email: "neighbour@example.net", name: "Nils Neighbour" };

let t: TestApp;
const start = new Date("2026-03-01T10:00:00Z");

beforeEach(async () => {
  t = await createTestApp({ now: start });
  await t.db.shop.create({ data: { domain: TEST_SHOP, trigger: "order_created", delayDays: 7 } });
  await t.db.shop.create({ data: { domain: OTHER_SHOP, trigger: "order_created", delayDays: 7 } });
});
afterEach(() => t.close());

async function order(shop: string, spec: Parameters<typeof orderBody>[0]) {
  const res = await sendWebhook(t.app, "orders/create", orderBody(spec), { shop });
  expect(res.status).toBe(200);
  return t.db.invitation.findFirstOrThrow({ where: { shop, orderId: spec.orderId } });
}

/** John's history in the test shop: every status, an address in an error and in event details. */
async function seedJohn() {
  const [first, last] = JOHN.name.split(" ") as [string, string];
  const queued = await order(TEST_SHOP, { orderId: "299938", email: "John@Example.com", customerId: JOHN.id, firstName: first, lastName: last });
  const sent = await order(TEST_SHOP, { orderId: "280263", email: JOHN.oldEmail, customerId: JOHN.id, firstName: first, lastName: last });
  const failed = await order(TEST_SHOP, { orderId: "555001", email: JOHN.email, customerId: null, firstName: first, lastName: last });
  const gift = await order(TEST_SHOP, { orderId: "220458", email: JOHN.giftEmail, customerId: null, firstName: first, lastName: last });
  // What dispatch and unsubscribe leave behind (those features are tested elsewhere).
  await t.db.invitation.update({ where: { id: sent.id }, data: { status: "sent", sentAt: start, messageId: "<m1@reviews.example.test>" } });
  await insertEvent(t.db, { invitationId: sent.id, shop: sent.shop, type: "sent", actor: "system", at: start, details: { to: JOHN.oldEmail, messageId: "<m1@reviews.example.test>" } });
  const smtpError = `550 5.1.1 <${JOHN.email}>: mailbox unavailable`;
  await t.db.invitation.update({ where: { id: failed.id }, data: { status: "failed", lastError: smtpError } });
  await insertEvent(t.db, { invitationId: failed.id, shop: failed.shop, type: "failed", actor: "system", at: start, details: { error: smtpError, permanent: true } });
  // A bounce report that came back later (issue 19): its diagnostic quotes the address.
  await t.db.deliveryReport.create({
    data: { shop: TEST_SHOP, invitationId: failed.id, kind: "soft_bounce", status: "4.2.2", diagnostic: `452 4.2.2 <${JOHN.email}>: mailbox full`, via: "smtp", receivedAt: start },
  });
  await t.db.invitation.update({ where: { id: gift.id }, data: { status: "sent", sentAt: start } });
  const manual = await t.db.invitation.create({
    data: { shop: TEST_SHOP, email: "JOHN@example.com", customerName: JOHN.name, sendAt: start, source: "manual" },
  });
  await insertEvent(t.db, { invitationId: manual.id, shop: manual.shop, type: "created", actor: "42", at: start, details: { source: "manual", note: `invited ${JOHN.name} by hand` } });
  await t.db.suppression.create({ data: { shop: TEST_SHOP, email: JOHN.email } });
  return { queued, sent, failed, gift, manual };
}

async function seedOthers() {
  await order(TEST_SHOP, { orderId: "700001", email: JANE.email, customerId: JANE.id, firstName: "Jane", lastName: "Ramirez" });
  await order(TEST_SHOP, { orderId: "700002", email: NEIGHBOUR.email, customerId: NEIGHBOUR.id, firstName: "Nils", lastName: "Neighbour" });
  await t.db.suppression.create({ data: { shop: TEST_SHOP, email: JANE.email } });
  // The same person as a customer of another shop: that shop's data is not this request's.
  const [first, last] = JOHN.name.split(" ") as [string, string];
  await order(OTHER_SHOP, { orderId: "299938", email: JOHN.email, customerId: JOHN.id, firstName: first, lastName: last });
  await t.db.suppression.create({ data: { shop: OTHER_SHOP, email: JOHN.email } });
}

async function admin(path: string, shop = TEST_SHOP) {
  return request(t.app).get(path).set("Authorization", `Bearer ${await mintSessionToken({ shop })}`);
}

/** Shopify's sample payloads name a placeholder shop; a real delivery's body names its shop. */
const forShop = (name: string, shop = TEST_SHOP) => fixture(name).replace("{shop}.myshopify.com", shop);
const compliance = (topic: string, name: string, shop = TEST_SHOP) => sendWebhook(t.app, topic, forShop(name, shop), { shop });

describe("customers/data_request", () => {
  it("exports everything stored about the customer in that shop, for the merchant to download", async () => {
    const john = await seedJohn();
    await seedOthers();

    const res = await compliance("customers/data_request", "customers.data_request");
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("data_request_exported:5");

    const list = await admin("/api/privacy/data-requests");
    expect(list.status).toBe(200);
    expect(list.body.dataRequests).toHaveLength(1);
    const entry = list.body.dataRequests[0];
    expect(entry).toMatchObject({ requestId: "9999", customerId: JOHN.id, email: JOHN.email, exportAvailable: true });

    const download = await admin(entry.exportUrl);
    expect(download.status).toBe(200);
    expect(download.headers["content-disposition"]).toBe('attachment; filename="customer-data-request-9999.json"');
    const document = JSON.parse(download.text);
    expect(document.shop).toBe(TEST_SHOP);
    expect(document.invitations.map((i: { id: number }) => i.id).sort()).toEqual(
      [john.queued.id, john.sent.id, john.failed.id, john.gift.id, john.manual.id].sort(),
    );
    expect(document.orders.map((o: { orderId: string }) => o.orderId).sort()).toEqual(["220458", "280263", "299938", "555001"]);
    expect(document.suppressions).toEqual([expect.objectContaining({ email: JOHN.email })]);
    const failed = document.invitations.find((i: { id: number }) => i.id === john.failed.id);
    expect(failed.lastError).toContain(JOHN.email);
    expect(failed.events.map((e: { type: string }) => e.type)).toContain("failed");
    expect(document.invitations[0].products).toEqual(expect.arrayContaining([expect.objectContaining({ title: "Aviator sunglasses", quantity: 1 })]));
    for (const needle of JOHN_NEEDLES) expect(download.text.toLowerCase()).toContain(needle.toLowerCase());
    for (const needle of [JANE.email, JANE.name, NEIGHBOUR.email]) expect(download.text).not.toContain(needle);
    // The other shop's copy of John is not part of this shop's export.
    expect(document.invitations.every((i: { shop: string }) => i.shop === TEST_SHOP)).toBe(true);
  });

  it("is visible only to the shop it belongs to", async () => {
    await seedJohn();
    await compliance("customers/data_request", "customers.data_request");
    const { id } = await t.db.dataRequest.findFirstOrThrow();

    expect((await admin("/api/privacy/data-requests", OTHER_SHOP)).body).toEqual({ dataRequests: [] });
    const foreign = await admin(`/api/privacy/data-requests/${id}/export`, OTHER_SHOP);
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain(JOHN.email);
    expect((await admin("/api/privacy/data-requests/999999/export")).status).toBe(404);
    expect((await admin("/api/privacy/data-requests/not-a-number/export")).status).toBe(404);
    const anonymous = await request(t.app).get(`/api/privacy/data-requests/${id}/export`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).not.toContain(JOHN.email);
  });

  it("keeps one record per Shopify request when the request is delivered again under a new webhook id", async () => {
    await seedJohn();
    await compliance("customers/data_request", "customers.data_request");
    await compliance("customers/data_request", "customers.data_request");
    expect(await t.db.dataRequest.count()).toBe(1);
  });

  it("records a request about a customer the app never saw, with an empty export", async () => {
    await seedOthers();
    const body = forShop("customers.data_request").replace("john@example.com", "stranger@example.com").replace("191167", "5").replace(/\[[\s\d,]+\]/, "[]");
    const res = await sendWebhook(t.app, "customers/data_request", body);
    expect(res.status).toBe(200);
    const document = JSON.parse((await t.db.dataRequest.findFirstOrThrow()).export!);
    expect(document).toMatchObject({ invitations: [], orders: [], suppressions: [] });
  });

  it("refuses a payload that names no customer, saying what is missing", async () => {
    const res = await sendWebhook(t.app, "customers/data_request", JSON.stringify({ shop_id: 1, shop_domain: TEST_SHOP, customer: {} }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("customer.id, customer.email or order ids");
    expect(await t.db.dataRequest.count()).toBe(0);
  });
});

describe("customers/redact", () => {
  it("erases the customer from every table of that shop, keeps the counts, and leaves others alone", async () => {
    const john = await seedJohn();
    await seedOthers();
    await compliance("customers/data_request", "customers.data_request");
    const before = await countsByStatus(t.db, TEST_SHOP);
    const keptBefore = await readInvitationCounts(t.db, TEST_SHOP); // the summary's counters (seeding bypassed them)
    const otherShopBefore = await t.db.invitation.findMany({ where: { shop: OTHER_SHOP }, orderBy: { id: "asc" } });
    // Before: the customer is in the database, including in the export.
    const hitsBefore = await scanDatabase(t.db, JOHN_NEEDLES);
    expect(new Set(hitsBefore.filter((h) => shopOf(h.row) === TEST_SHOP).map((h) => h.table))).toEqual(
      new Set(["Invitation", "InvitationEvent", "Order", "Suppression", "DataRequest", "DeliveryReport"]),
    );

    t.clock.now = new Date(start.getTime() + 60_000);
    const res = await compliance("customers/redact", "customers.redact");
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("customer_redacted:5");

    // After: not one trace in any table, except the other shop's own rows.
    const hits = await scanDatabase(t.db, JOHN_NEEDLES);
    expect(hits.filter((h) => shopOf(h.row) !== OTHER_SHOP)).toEqual([]);
    expect(await t.db.invitation.findMany({ where: { shop: OTHER_SHOP }, orderBy: { id: "asc" } })).toEqual(otherShopBefore);
    expect(await t.db.suppression.count({ where: { shop: OTHER_SHOP } })).toBe(1);

    // Rows stay, so statistics stay right; only the queued ones changed, to canceled.
    const after = await countsByStatus(t.db, TEST_SHOP);
    expect(after).toEqual({ ...before, queued: before.queued! - 2, canceled: (before.canceled ?? 0) + 2 });
    expect(await readInvitationCounts(t.db, TEST_SHOP)).toEqual({
      ...keptBefore,
      queued: (keptBefore.queued ?? 0) - 2,
      canceled: (keptBefore.canceled ?? 0) + 2,
    });
    const queued = await t.db.invitation.findUniqueOrThrow({ where: { id: john.queued.id }, include: { events: true } });
    expect(queued).toMatchObject({ status: "canceled", email: `redacted+${john.queued.id}@invalid`, customerName: null, products: null });
    const erasure = queued.events.find((e) => e.type === "redacted")!;
    expect(erasure.actor).toBe("system");
    expect(JSON.parse(erasure.details!)).toMatchObject({ reason: "customers/redact", canceled: true });
    expect(erasure.details).toContain("legal erasure, not the merchant's choice");
    // A sent invitation stays sent; the failure keeps its reason without the address.
    expect(await t.db.invitation.findUniqueOrThrow({ where: { id: john.sent.id } })).toMatchObject({ status: "sent", sentAt: start });
    const failed = await t.db.invitation.findUniqueOrThrow({ where: { id: john.failed.id } });
    expect(failed).toMatchObject({ status: "failed", lastError: "550 5.1.1 <[removed]>: mailbox unavailable" });
    expect(await t.db.deliveryReport.findFirstOrThrow({ where: { invitationId: failed.id } })).toMatchObject({ diagnostic: "452 4.2.2 <[removed]>: mailbox full" });
    expect(await t.db.order.count({ where: { shop: TEST_SHOP } })).toBe(6);

    // Jane and her neighbour (whose id differs from Jane's only beyond 2^53) are untouched.
    const jane = await t.db.invitation.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: "700001" } });
    expect(jane).toMatchObject({ email: JANE.email, customerName: JANE.name, status: "queued" });
    expect(await t.db.suppression.findMany({ where: { shop: TEST_SHOP } })).toEqual([expect.objectContaining({ email: JANE.email })]);

    // The export made before the erasure is gone too; the request itself stays on record.
    const list = await admin("/api/privacy/data-requests");
    expect(list.body.dataRequests).toEqual([expect.objectContaining({ requestId: "9999", exportAvailable: false, email: null })]);
    const download = await admin(`/api/privacy/data-requests/${list.body.dataRequests[0].id}/export`);
    expect(download.status).toBe(410);
    expect(download.body.error.message).toContain("erased");
  });

  it("matches ids beyond 2^53 exactly", async () => {
    await seedOthers();
    const body = JSON.stringify({ shop_id: 954889, shop_domain: TEST_SHOP, customer: { id: 0, email: null }, orders_to_redact: [] })
      .replace('"id":0', `"id":${JANE.id}`);
    const res = await sendWebhook(t.app, "customers/redact", body);
    expect(res.body.outcome).toBe("customer_redacted:1");
    expect(await scanDatabase(t.db, [JANE.email, JANE.name])).toEqual([]);
    const neighbour = await t.db.invitation.findFirstOrThrow({ where: { orderId: "700002" } });
    expect(neighbour).toMatchObject({ email: NEIGHBOUR.email, customerName: NEIGHBOUR.name });
  });

  it("is harmless when delivered again", async () => {
    await seedJohn();
    await compliance("customers/redact", "customers.redact");
    const events = await t.db.invitationEvent.count();
    const again = await compliance("customers/redact", "customers.redact");
    expect(again.status).toBe(200);
    expect(await t.db.invitationEvent.count()).toBe(events); // no second "redacted" entry
    expect(await scanDatabase(t.db, JOHN_NEEDLES)).toEqual([]);
  });
});

describe("shop/redact", () => {
  it("deletes every row of the shop from every table, and nothing of the other shop", async () => {
    await seedJohn();
    await seedOthers();
    await compliance("customers/data_request", "customers.data_request");
    await t.db.bulkCancellation.create({ data: { shop: TEST_SHOP, actor: "42", count: 3 } });
    await t.db.session.create({ data: { id: "offline_test", shop: TEST_SHOP, state: "s", accessToken: "shpat_x" } });
    await t.db.session.create({ data: { id: "offline_other", shop: OTHER_SHOP, state: "s", accessToken: "shpat_y" } });
    await t.db.erasure.create({ data: { shop: TEST_SHOP, hash: "h1", kind: "customer_email", erasedAt: start } });
    await t.db.invitationQuota.create({ data: { shop: TEST_SHOP, day: "2026-03-01", count: 3 } });
    // Issue 18: a reminder, the funnel's counters and the test-email quota.
    const invitation = await t.db.invitation.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    await t.db.reminder.create({ data: { invitationId: invitation.id, shop: TEST_SHOP, sendAt: start } });
    await t.db.invitationFunnel.create({ data: { shop: TEST_SHOP, day: "2026-03-01", slot: 0, sent: 1 } });
    await t.db.testEmailQuota.create({ data: { shop: TEST_SHOP, day: "2026-03-01", count: 1 } });
    await t.db.senderDomain.create({
      data: { shop: TEST_SHOP, fromAddress: "reviews@shop.example", domain: "shop.example", selector: "ri1", publicKey: "MII", privateKey: "enc:v1:x" },
    });
    const otherBefore = await scanDatabase(t.db, [OTHER_SHOP]);
    // Every table of the database holds something of the shop before, so the scan proves something.
    const tablesBefore = new Set((await scanDatabase(t.db, [TEST_SHOP])).map((h) => h.table));
    expect(tablesBefore).toEqual(new Set((await tableNames(t.db)).filter((n) => n !== "_prisma_migrations")));

    // Shopify sends shop/redact 48 hours after the uninstall.
    expect((await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"))).status).toBe(200);
    const webhookId = "shop-redact-1";
    const res = await sendWebhook(t.app, "shop/redact", forShop("shop.redact"), { webhookId });
    expect(res.body).toEqual({ status: "processed", outcome: "shop_redacted" });

    expect(await scanDatabase(t.db, [TEST_SHOP, "test-shop"])).toEqual([]);
    expect(await scanDatabase(t.db, [OTHER_SHOP])).toEqual(otherBefore);
    // Shopify retries until it sees a 2xx: the same delivery again is a duplicate, not an error.
    const again = await sendWebhook(t.app, "shop/redact", forShop("shop.redact"), { webhookId });
    expect(again.body).toEqual({ status: "duplicate" });
  });

  it("covers every table of the database", async () => {
    const tables = (await tableNames(t.db)).filter((n) => n !== "_prisma_migrations");
    expect([...PURGED_MODELS].sort()).toEqual(tables.sort());
  });
});
