/**
 * Issue 18, products in the email for webhook orders: Shopify's order webhooks carry no
 * product handle or image, so the dispatcher asks the Admin API (with the offline token the
 * merchant's last visit stored) once per shop and batch, and the review link's redirect does
 * the same for a product's button. Best effort: without a token, or with Shopify down, the
 * email still goes out, without images, each button to the order's review link.
 */
import request from "supertest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encryptToken, tokenKeysOf } from "../web/server/auth/token-crypto.ts";
import { storeOfflineToken } from "../web/server/db/queries/sessions.ts";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import type { MailTransport } from "../web/server/mail/transport.ts";
import { createLogger } from "../web/server/logger.ts";
import { createShopProductCatalog, type ProductCatalog } from "../web/server/shopify-admin/product-details.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addShop, DAY, expectCountersMatchRows, sinkTransport, T0 } from "./support/dispatch.ts";
import { startFakeAdminApi, type FakeAdminApi } from "./support/fake-admin-api.ts";
import { sendWebhook, TEST_SHOP } from "./support/shopify.ts";
import { startSmtpSink, type ReceivedMessage, type SmtpSink } from "./support/smtp.ts";

const SHIRT = "9007199254740993"; // beyond 2^53: the id must stay exact all the way
const TOTE = "632910392";

let sink: SmtpSink;
let shopify: FakeAdminApi;
let t: TestApp;
let transport: MailTransport;
let catalog: ProductCatalog;

beforeAll(async () => {
  sink = await startSmtpSink();
  shopify = await startFakeAdminApi();
});
afterAll(async () => {
  await sink.close();
  await shopify.close();
});
beforeEach(async () => {
  sink.messages.length = 0;
  shopify.failGraphqlWith = null;
  shopify.calls.graphql = 0;
  shopify.products.set(TEST_SHOP, [
    { productId: SHIRT, handle: "linen-shirt", imageUrl: "https://cdn.shopify.com/s/files/shirt.jpg" },
    { productId: TOTE, handle: "canvas-tote", imageUrl: null },
  ]);
  t = await createTestApp({ now: T0, config: { SHOPIFY_ADMIN_API_ORIGIN: shopify.origin } });
  transport = sinkTransport(sink);
  catalog = createShopProductCatalog({ config: t.config, db: t.db, logger: createLogger("silent") });
  await addShop(t.db, TEST_SHOP, { trigger: "order_created", delayDays: 0, reviewUrl: null });
});
afterEach(async () => {
  await expectCountersMatchRows(t.db);
  await transport.close();
  await t.close();
});

/** The merchant opened the app once: token exchange stored the shop's offline token. */
async function merchantOpenedTheApp() {
  await storeOfflineToken(t.db, {
    id: `offline_${TEST_SHOP}`,
    shop: TEST_SHOP,
    accessToken: encryptToken(tokenKeysOf(t.config), shopify.issueToken(TEST_SHOP)),
    scope: "read_orders",
    expires: null,
  });
}

async function ordersFromWebhooks(count: number) {
  for (let n = 1; n <= count; n++) {
    const order = `{"id": ${820982911946154508n + BigInt(n)}, "name": "#100${n}", "email": "customer${n}@example.com",
      "created_at": "${T0.toISOString()}", "test": false, "customer": {"id": ${n}, "first_name": "Jane", "last_name": "Doe"},
      "line_items": [
        {"title": "Linen shirt", "variant_title": "Natural / M", "quantity": 1, "product_id": ${SHIRT}},
        {"title": "Canvas tote", "quantity": 1, "product_id": ${TOTE}}
      ]}`;
    expect((await sendWebhook(t.app, "orders/create", order)).status).toBe(200);
  }
}

const dispatch = () => runOnce({ db: t.db, transport, config: t.config, clock: () => t.clock.now, productCatalog: catalog });

function productPath(message: ReceivedMessage, p: number): string {
  const match = new RegExp(`https://reviews\\.example\\.test(/r/review/[\\w.-]+\\?p=${p})\\)`).exec(message.text);
  if (!match) throw new Error(`no tracked link of product ${p} in the email`);
  return match[1]!;
}

describe("products of webhook orders", () => {
  it("get their images from the Admin API, one request per shop and batch, and each button leads to its product's page", async () => {
    await merchantOpenedTheApp();
    await ordersFromWebhooks(3);
    expect(await dispatch()).toMatchObject({ sent: 3 });

    expect(shopify.calls.graphql).toBe(1);
    expect(shopify.lastGraphqlBody!.variables.ids).toEqual([`gid://shopify/Product/${SHIRT}`, `gid://shopify/Product/${TOTE}`]);
    for (const message of sink.messages) {
      expect(message.html).toContain('<img src="https://cdn.shopify.com/s/files/shirt.jpg" alt="Linen shirt" width="80"');
      expect(message.html.match(/<img /g)).toHaveLength(1); // the tote has no image: none is shown
    }

    // Known products are not asked for again.
    await ordersFromWebhooks(4);
    expect(await dispatch()).toMatchObject({ sent: 1 });
    expect(shopify.calls.graphql).toBe(1);

    // The buttons: each product's own page (the shop set no review link), as the email promised.
    t.clock.now = new Date(T0.getTime() + DAY);
    const message = sink.messages[0]!;
    expect((await request(t.app).get(productPath(message, 0)).expect(302)).headers.location).toBe(`https://${TEST_SHOP}/products/linen-shirt#reviews`);
    expect((await request(t.app).get(productPath(message, 1)).expect(302)).headers.location).toBe(`https://${TEST_SHOP}/products/canvas-tote#reviews`);

  });

  it("still go out when Shopify cannot be asked (no token yet, or Shopify down): without images, buttons to the order's link", async () => {
    await ordersFromWebhooks(1);
    expect(await dispatch()).toMatchObject({ sent: 1 });
    expect(shopify.calls.graphql).toBe(0); // no token: nothing to ask with
    expect(sink.messages[0]!.html).not.toContain("<img ");
    expect(sink.messages[0]!.text).toContain("Linen shirt");

    // A shop that could not be asked is left alone for a few minutes; a new worker asks at once.
    await merchantOpenedTheApp();
    await ordersFromWebhooks(2);
    expect(await dispatch()).toMatchObject({ sent: 1 });
    expect(shopify.calls.graphql).toBe(0);
    catalog = createShopProductCatalog({ config: t.config, db: t.db, logger: createLogger("silent") });
    shopify.failGraphqlWith = 503;
    await ordersFromWebhooks(3);
    expect(await dispatch()).toMatchObject({ sent: 1 }); // #1001 and #1002 were invited already, #1003 now
    expect(shopify.calls.graphql).toBe(1);
    expect(sink.messages[2]!.html).not.toContain("<img ");
    t.clock.now = new Date(T0.getTime() + DAY);
    const res = await request(t.app).get(productPath(sink.messages[2]!, 0)).expect(302);
    expect(res.headers.location).toBe(`https://${TEST_SHOP}/pages/reviews?order=%231003`);
  });
});
