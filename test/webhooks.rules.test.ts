/**
 * Issue 17 at intake, through the real webhook route and database, with Shopify's sample
 * order changed only where a rule looks: tags, customer tags and marketing consent, POS and
 * draft-order source_name, a B2B company, product ids beyond 2^53, vendors, the total, the
 * shipping country. A skipped order records which rule skipped it; nothing is cancelled.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.ts";
import { fixture, sendWebhook, TEST_SHOP } from "./support/shopify.ts";
import { adminClient } from "./support/admin-fixtures.ts";

const ORDER_ID = "820982911946154508";
const PRODUCT_ID = "788032119674292922";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ now: new Date("2026-12-01T10:00:00Z") });
});
afterEach(() => t.close());

interface Change {
  id?: string;
  email?: string;
  createdAt?: string;
  tags?: string;
  sourceName?: string;
  company?: boolean;
  customer?: { tags?: string; consent?: string };
  vendor?: string;
  totalPrice?: string;
  country?: string;
}

/** Shopify's sample order, live (not a test, not cancelled), changed where the rule looks. */
function order(c: Change = {}): string {
  let body = fixture("orders.create")
    .replace('"test": true', '"test": false')
    .replace('"cancelled_at": "2021-12-31T19:00:00-05:00"', '"cancelled_at": null');
  if (c.id) body = body.replaceAll(ORDER_ID, c.id);
  if (c.email) body = body.replace('"email": "jon@example.com"', `"email": ${JSON.stringify(c.email)}`);
  if (c.createdAt) body = body.replace('"created_at": "2021-12-31T19:00:00-05:00"', `"created_at": "${c.createdAt}"`);
  if (c.tags !== undefined) body = body.replace('"tags": "tag1, tag2"', `"tags": ${JSON.stringify(c.tags)}`);
  if (c.sourceName) body = body.replace('"source_name": "web"', `"source_name": "${c.sourceName}"`);
  // B2B orders carry the purchasing company (REST: order.company with id and location_id).
  if (c.company) body = body.replace('"source_name": "web"', '"company": {"id": 4500, "location_id": 8800}, "source_name": "web"');
  if (c.customer) {
    const extra = [
      c.customer.tags !== undefined ? `"tags": ${JSON.stringify(c.customer.tags)}` : null,
      c.customer.consent
        ? `"email_marketing_consent": {"state": "${c.customer.consent}", "opt_in_level": "single_opt_in", "consent_updated_at": "2026-01-01T00:00:00Z"}`
        : null,
    ].filter(Boolean);
    body = body.replace('"customer": {', `"customer": {${extra.join(", ")},`);
  }
  if (c.vendor) body = body.replace('"vendor": null', `"vendor": ${JSON.stringify(c.vendor)}`);
  if (c.totalPrice) body = body.replace('"total_price": "404.95"', `"total_price": "${c.totalPrice}"`);
  if (c.country) body = body.replace(/"country_code": "US"/g, `"country_code": "${c.country}"`);
  return body;
}

async function shopWith(settings: Record<string, unknown>) {
  const api = await adminClient(t.app);
  const res = await api.put("/api/settings", { trigger: "order_created", delayDays: 2, ...settings });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return api;
}

async function outcome(body: string) {
  const res = await sendWebhook(t.app, "orders/create", body);
  expect(res.status).toBe(200);
  const id = /"id": (\d+),/.exec(body)![1]!;
  const row = await t.db.order.findUniqueOrThrow({ where: { shop_orderId: { shop: TEST_SHOP, orderId: id } } });
  const invitation = await t.db.invitation.findFirst({ where: { shop: TEST_SHOP, autoOrderId: id } });
  return { skipReason: row.skipReason, invitation };
}

describe("exclusion rules, each with a Shopify sample payload", () => {
  const cases: [string, Record<string, unknown>, Change, string][] = [
    ["order tags (the sample's \"tag1, tag2\")", { orderTags: ["TAG2"] }, {}, "excluded_order_tag"],
    ["customer tags", { customerTags: ["wholesale"] }, { customer: { tags: "vip, Wholesale" } }, "excluded_customer_tag"],
    ["a product id beyond 2^53, exact", { productIds: [PRODUCT_ID] }, {}, "excluded_product"],
    ["a vendor", { vendors: ["burton"] }, { vendor: "Burton" }, "excluded_vendor"],
    ["point of sale (source_name pos)", { channels: ["pos"] }, { sourceName: "pos" }, "excluded_pos"],
    ["draft orders (source_name shopify_draft_order)", { channels: ["draft"] }, { sourceName: "shopify_draft_order" }, "excluded_draft"],
    ["B2B (the order's company)", { channels: ["b2b"] }, { company: true }, "excluded_b2b"],
    ["a minimum order total", { minOrderTotal: 500 }, {}, "below_min_total"],
    ["marketing consent required, none given", { requireMarketingConsent: true }, {}, "no_marketing_consent"],
    ["marketing consent required, unsubscribed", { requireMarketingConsent: true }, { customer: { consent: "unsubscribed" } }, "no_marketing_consent"],
  ];
  for (const [name, exclusions, change, reason] of cases) {
    it(`skips by ${name} and records ${reason}`, async () => {
      await shopWith({ exclusions });
      const result = await outcome(order(change));
      expect(result).toEqual({ skipReason: reason, invitation: null });
    });
  }

  it("invites the orders no rule matches", async () => {
    await shopWith({
      exclusions: {
        orderTags: ["gift"], customerTags: ["staff"], productIds: ["788032119674292921"], vendors: ["Acme"],
        channels: ["pos", "draft", "b2b"], minOrderTotal: 400, requireMarketingConsent: true,
      },
    });
    const result = await outcome(order({ customer: { tags: "vip", consent: "subscribed" }, vendor: "Burton" }));
    expect(result.skipReason).toBeNull();
    expect(result.invitation?.status).toBe("queued");
  });

  it("lists skipped orders by reason in the summary and page by page", async () => {
    const api = await shopWith({ exclusions: { channels: ["pos"], orderTags: ["tag1"] }, frequencyCapDays: 0 });
    await outcome(order({ id: "9100000000000000001", sourceName: "pos" }));
    await outcome(order({ id: "9100000000000000002", sourceName: "pos" }));
    await outcome(order({ id: "9100000000000000003" }));
    const summary = await api.get("/api/invitations/summary");
    expect(summary.body.skippedOrders).toEqual({ total: 3, byReason: { excluded_pos: 2, excluded_order_tag: 1 } });
    const first = await api.get("/api/orders/skipped?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.orders).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.get(`/api/orders/skipped?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.orders).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.orders, ...second.body.orders];
    expect(all.map((o: { orderId: string }) => o.orderId).sort()).toEqual(["9100000000000000001", "9100000000000000002", "9100000000000000003"]);
    expect(all[0]).toMatchObject({ name: "#9999", skipReason: expect.any(String) });
    const pos = await api.get("/api/orders/skipped?reason=excluded_pos");
    expect(pos.body.orders.map((o: { skipReason: string }) => o.skipReason)).toEqual(["excluded_pos", "excluded_pos"]);
    expect((await api.get("/api/orders/skipped?reason=nonsense")).status).toBe(400);
  });
});

describe("send window and country delays at intake", () => {
  it("stores the effective time: delay of the shipping country, then the window's next opening", async () => {
    await shopWith({
      timezone: "Europe/Paris",
      delayDays: 0,
      countryDelays: [{ country: "US", delayDays: 3 }],
      sendWindow: { start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5] },
      frequencyCapDays: 0,
    });
    // Friday 4 December 21:30 in Paris, shipped to France: no delay → Monday 09:00 (08:00Z).
    const fr = await outcome(order({ id: "9200000000000000001", createdAt: "2026-12-04T21:30:00+01:00", country: "FR" }));
    expect(fr.invitation!.sendAt.toISOString()).toBe("2026-12-07T08:00:00.000Z");
    // The same order shipped to the US: 3 days → Monday 21:30 → Tuesday 09:00.
    const us = await outcome(order({ id: "9200000000000000002", createdAt: "2026-12-04T21:30:00+01:00" }));
    expect(us.invitation!.sendAt.toISOString()).toBe("2026-12-08T08:00:00.000Z");
    const created = await t.db.invitationEvent.findFirstOrThrow({ where: { invitationId: us.invitation!.id, type: "created" } });
    expect(JSON.parse(created.details!).sendAt).toBe("2026-12-08T08:00:00.000Z");
  });
});

describe("frequency cap", () => {
  it("does not invite an address invited within the cap, and records recently_invited", async () => {
    await shopWith({ frequencyCapDays: 30 });
    const first = await outcome(order({ id: "9300000000000000001" }));
    expect(first.invitation?.status).toBe("queued");
    const second = await outcome(order({ id: "9300000000000000002", email: "JON@example.com" }));
    expect(second).toEqual({ skipReason: "recently_invited", invitation: null });
    // The first invitation is untouched (R2: no rule cancels a queued invitation).
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: first.invitation!.id } })).status).toBe("queued");
  });

  it("invites again once the last invitation was sent longer ago than the cap; 0 turns it off", async () => {
    await shopWith({ frequencyCapDays: 30 });
    const first = await outcome(order({ id: "9300000000000000011" }));
    await t.db.invitation.update({ where: { id: first.invitation!.id }, data: { status: "sent", sentAt: new Date("2026-10-20T10:00:00Z") } });
    expect((await outcome(order({ id: "9300000000000000012" }))).invitation?.status).toBe("queued");
    await shopWith({ frequencyCapDays: 0 });
    expect((await outcome(order({ id: "9300000000000000013" }))).invitation?.status).toBe("queued");
  });
});
