/**
 * Issue 18 item 5, products in the email: the order's lines (title, variant, quantity, image,
 * product id and handle) from a webhook or the Admin API, stored in the same columns as the
 * titles were (old rows still read), shown by the default bodies as up to 3 products with a
 * button each, listed in the text part, each button through the tracked redirect to that
 * product's own review link.
 */
import request from "supertest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import { MAX_STORED_LINES, productLines, readProductLines, type ProductLine } from "../web/server/invitations/products.ts";
import { DEFAULT_REMINDER_BODY } from "../web/server/mail/reminder-template.ts";
import { renderInvitation, renderPreview, validateTemplate, type TemplateSettings } from "../web/server/mail/templates.ts";
import type { MailTransport } from "../web/server/mail/transport.ts";
import { adminClient } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addInvitation, addShop, DAY, eventTypes, expectCountersMatchRows, sinkTransport, T0 } from "./support/dispatch.ts";
import { startFakeAdminApi, type FakeAdminApi } from "./support/fake-admin-api.ts";
import { sendWebhook, TEST_SHOP } from "./support/shopify.ts";
import { startSmtpSink, type ReceivedMessage, type SmtpSink } from "./support/smtp.ts";

const line = (title: string, more: Partial<ProductLine> = {}): ProductLine => ({
  title, variantTitle: null, quantity: 1, productId: null, handle: null, imageUrl: null, ...more,
});
const shirt = line("Linen shirt", { variantTitle: "Natural / M", productId: "111", handle: "linen-shirt", imageUrl: "https://cdn.example.com/shirt.jpg?v=1&w=160" });
const tote = line("Canvas tote", { variantTitle: "Olive", quantity: 2, productId: "222", handle: "canvas-tote", imageUrl: "https://cdn.example.com/tote.jpg" });
const mug = line("Mug", { productId: "333" });
const cap = line("Cap", { productId: "444", handle: "cap" });

const shop: TemplateSettings = {
  domain: "test-shop.myshopify.com", name: "Test Shop", emailSubject: null, emailBody: null, noticeEnabled: true, noticeText: null, reviewUrl: null,
};
const facts = (products: ProductLine[]) => ({ customerName: "Jane Doe", orderName: "#1001", orderId: "820982911946154508", products });
const TRACKED = "https://app.example/r/review/1.x.sig";
const links = { unsubscribe: "https://app.example/r/unsubscribe/1.x.sig", notReceived: null, review: TRACKED };

/** The product buttons of a rendered HTML body: [label, href] in order. */
const buttons = (html: string) => [...html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]);

describe("product lines", () => {
  it("keeps what an email shows, one line per product and variant with quantities summed, ids exact", () => {
    const lines = productLines([
      { title: "Linen shirt", variantTitle: "Natural / M", quantity: 1, productId: "gid://shopify/Product/820982911946154508", imageUrl: "https://cdn.example.com/a.jpg" },
      { title: "Linen shirt", variantTitle: "Natural / M", quantity: 2, productId: "820982911946154508", handle: "linen-shirt" },
      { title: "Linen shirt", variantTitle: "Sand / L", quantity: 1, productId: "820982911946154508" },
      { name: "Gift card", quantity: 0, imageUrl: "http://insecure.example/img.png" },
      { title: "   " },
    ]);
    expect(lines).toEqual([
      line("Linen shirt", { variantTitle: "Natural / M", quantity: 3, productId: "820982911946154508", handle: "linen-shirt", imageUrl: "https://cdn.example.com/a.jpg" }),
      line("Linen shirt", { variantTitle: "Sand / L", productId: "820982911946154508" }),
      // No title: the line's name; a quantity that is not positive reads as 1; only https images.
      line("Gift card"),
    ]);
    expect(productLines(Array.from({ length: 500 }, (_, i) => ({ title: `Item ${i}` })))).toHaveLength(MAX_STORED_LINES);
  });

  it("reads rows written before issue 18 (titles) and now (lines); anything else reads as no lines", () => {
    expect(readProductLines('["Lamp","Desk"]')).toEqual([line("Lamp"), line("Desk")]);
    expect(readProductLines(JSON.stringify([shirt, tote]))).toEqual([shirt, tote]);
    expect(readProductLines(JSON.stringify([{ title: "Lamp", quantity: "9", imageUrl: "javascript:alert(1)" }, 42, null, { quantity: 2 }]))).toEqual([line("Lamp")]);
    for (const broken of [null, "", "not json", '{"title":"Lamp"}']) expect(readProductLines(broken)).toEqual([]);
  });
});

describe("the default body's products", () => {
  it("shows each product with its image, title, variant, quantity and its own tracked button; the text part lists them", async () => {
    const email = await renderInvitation(shop, facts([shirt, tote]), links);
    expect(email.html).toContain('<img src="https://cdn.example.com/shirt.jpg?v=1&amp;w=160" alt="Linen shirt" width="80"');
    expect(email.html).toContain('alt="Canvas tote" width="80"');
    expect(email.html).toContain("Natural / M");
    expect(email.html).toContain("&times; 2");
    expect(buttons(email.html).slice(0, 2)).toEqual([["Review", `${TRACKED}?p=0`], ["Review", `${TRACKED}?p=1`]]);
    // Up to 3 products: their buttons replace the order's "Write a review".
    expect(email.html).not.toContain("Write a review");

    const body = email.text.split("\n---\n")[0]!;
    expect(body).toContain(`Linen shirt\nNatural / M\nReview (${TRACKED}?p=0)\n\nCanvas tote\nOlive\n× 2\nReview (${TRACKED}?p=1)`);
    expect(body).not.toContain("cdn.example.com"); // images are not text
  });

  it("shows the first 3 of more products and then the order's link; with none, only the order's link", async () => {
    const many = await renderInvitation(shop, facts([shirt, tote, mug, cap]), links);
    expect(buttons(many.html).filter(([label]) => label === "Review").map(([, href]) => href)).toEqual([0, 1, 2].map((i) => `${TRACKED}?p=${i}`));
    expect(many.html).not.toContain(">Cap<");
    expect(many.text).toContain(`Write a review (${TRACKED})`);

    const none = await renderInvitation(shop, facts([]), links);
    expect(none.html).not.toContain("<table");
    expect(buttons(none.html)[0]).toEqual(["Write a review", TRACKED]);
    expect(none.text).toContain(`Write a review (${TRACKED})`);
  });

  it("escapes what the order says, in the text and in the image's alt", async () => {
    const email = await renderInvitation(shop, facts([line(`"><script>x</script>`, { imageUrl: "https://cdn.example.com/x.jpg" })]), links);
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain('alt="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(email.text).toContain(`"><script>x</script>\nReview (`);
  });

  it("is in the reminder's default body too", async () => {
    const email = await renderInvitation({ ...shop, emailBody: DEFAULT_REMINDER_BODY }, facts([shirt]), links);
    expect(email.text).toContain(`Linen shirt\nNatural / M\nReview (${TRACKED}?p=0)`);
    expect(email.text).toContain("This is the only reminder");
  });
});

describe("templates written when products were titles", () => {
  it("still print titles: join, a loop, size, contains, first; the objects' methods stay out of reach", async () => {
    const body = `<p>{{ products | join: ", " }}|{% for p in products %}[{{ p }}]{% endfor %}|{{ products.size }}|{% if products contains "Canvas tote" %}yes{% endif %}|{{ products.first }}|</p>`;
    expect(await validateTemplate(body, "emailBody")).toEqual({ ok: true });
    const email = await renderInvitation({ ...shop, emailBody: body }, facts([shirt, tote]), links);
    expect(email.templateFallback).toBeUndefined();
    expect(email.text).toContain("Linen shirt, Canvas tote|[Linen shirt][Canvas tote]|2|yes|Linen shirt|\n");

    // Methods are no variables: refused on save, nothing at send time.
    const methods = "<p>[{{ products.first.toString }}{{ products.first.constructor }}{{ products.first.equals }}]</p>";
    expect(await validateTemplate(methods, "emailBody")).toMatchObject({ ok: false, field: "emailBody" });
    const sent = await renderInvitation({ ...shop, emailBody: methods }, facts([shirt]), links);
    expect(sent.templateFallback).toBeUndefined();
    expect(sent.text).toContain("[]\n");
  });

  it("can use every product variable, which validation knows", async () => {
    const body = `{% for product in products %}{{ product.title }}/{{ product.variant_title }}/{{ product.quantity }}/{{ product.id }}/{{ product.handle }}/{{ product.image_url }}/{{ product.review_link }};{% endfor %}`;
    expect(await validateTemplate(body, "emailBody")).toEqual({ ok: true });
    expect(await validateTemplate("{{ product.nonsense }}", "emailBody")).toMatchObject({ ok: false });
    const email = await renderInvitation({ ...shop, emailBody: body }, facts([tote]), links);
    expect(email.text).toContain(`Canvas tote/Olive/2/222/canvas-tote/https://cdn.example.com/tote.jpg/${TRACKED}?p=0;`);
  });
});

describe("a product's own review link", () => {
  it("renders the shop's link with product.id / product.handle / product.title, encoded; the order's link with an empty product", async () => {
    const reviewUrl = "https://reviews.example.com/{{ product.handle }}?id={{ product.id }}&t={{ product.title }}&o={{ order_name }}";
    expect(await validateTemplate(reviewUrl, "reviewUrl")).toEqual({ ok: true });
    // A preview has no tracked link: each button shows where it leads.
    const preview = await renderPreview({ ...shop, reviewUrl }, { products: [shirt, mug] });
    expect(buttons(preview.html).filter(([label]) => label === "Review").map(([, href]) => href)).toEqual([
      "https://reviews.example.com/linen-shirt?id=111&amp;t=Linen%20shirt&amp;o=%231001",
      "https://reviews.example.com/?id=333&amp;t=Mug&amp;o=%231001",
    ]);
    expect(preview.reviewUrl).toBe("https://reviews.example.com/?id=&t=&o=%231001");
  });

  it("without a link of the shop's: the product's page for a product with a handle, the shop's review page otherwise", async () => {
    const preview = await renderPreview(shop, { products: [shirt, mug] });
    expect(buttons(preview.html).filter(([label]) => label === "Review").map(([, href]) => href)).toEqual([
      "https://test-shop.myshopify.com/products/linen-shirt#reviews",
      "https://test-shop.myshopify.com/pages/reviews?order=%231001",
    ]);
  });
});

describe("end to end: webhook or Admin API → dispatcher → SMTP → the product's link", () => {
  let sink: SmtpSink;
  let shopify: FakeAdminApi;
  let t: TestApp;
  let transport: MailTransport;

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
    t = await createTestApp({ now: T0, config: { SHOPIFY_ADMIN_API_ORIGIN: shopify.origin } });
    transport = sinkTransport(sink);
  });
  afterEach(async () => {
    await expectCountersMatchRows(t.db);
    await transport.close();
    await t.close();
  });

  const dispatch = () => runOnce({ db: t.db, transport, config: t.config, clock: () => t.clock.now });
  const reviewPath = (message: ReceivedMessage, p: number) => {
    const match = new RegExp(`https://reviews\\.example\\.test(/r/review/[\\w.-]+)\\?p=${p}\\)`).exec(message.text);
    if (!match) throw new Error(`no tracked link of product ${p} in the email`);
    return match[1]!;
  };

  it("an orders/create webhook's lines reach the email, HTML and text, and each button leads to its product", async () => {
    await addShop(t.db, TEST_SHOP, {
      trigger: "order_created",
      delayDays: 0,
      reviewUrl: "https://reviews.example.com/p/{{ product.id }}?order={{ order_name }}",
    });
    const order = `{"id": 820982911946154508, "name": "#1001", "email": "jane@example.com", "created_at": "${T0.toISOString()}",
      "test": false, "customer": {"id": 1, "first_name": "Jane", "last_name": "Doe"},
      "line_items": [
        {"title": "Linen shirt", "variant_title": "Natural / M", "quantity": 1, "product_id": 9007199254740993, "image": {"src": "https://cdn.example.com/shirt.jpg"}},
        {"title": "Canvas tote", "variant_title": "Olive", "quantity": 1, "product_id": 632910392},
        {"title": "Canvas tote", "variant_title": "Olive", "quantity": 2, "product_id": 632910392}
      ]}`;
    expect((await sendWebhook(t.app, "orders/create", order)).status).toBe(200);
    expect(await dispatch()).toMatchObject({ sent: 1 });

    const message = sink.messages[0]!;
    expect(message.html).toContain('<img src="https://cdn.example.com/shirt.jpg" alt="Linen shirt" width="80"');
    expect(message.html).toContain("&times; 3"); // the two tote lines, merged
    expect(message.text).toMatch(/Linen shirt\r?\nNatural \/ M\r?\nReview \(https:\/\/reviews\.example\.test\/r\/review\/[\w.-]+\?p=0\)\r?\n\r?\nCanvas tote\r?\nOlive\r?\n× 3\r?\nReview \(/);

    t.clock.now = new Date(T0.getTime() + DAY);
    const shirtClick = await request(t.app).get(`${reviewPath(message, 0)}?p=0`).expect(302);
    expect(shirtClick.headers.location).toBe("https://reviews.example.com/p/9007199254740993?order=%231001");
    const toteClick = await request(t.app).get(`${reviewPath(message, 1)}?p=1`).expect(302);
    expect(toteClick.headers.location).toBe("https://reviews.example.com/p/632910392?order=%231001");
    // A position the email never had, or not a number: the order's link, never an error.
    for (const p of ["2", "99", "-1", "abc", "1e1", "0x1"]) {
      const res = await request(t.app).get(`${reviewPath(message, 0)}?p=${p}`).expect(302);
      expect(res.headers.location).toBe("https://reviews.example.com/p/?order=%231001");
    }
    // Every click counts, the first one alone is recorded.
    const [invitation] = await t.db.invitation.findMany();
    expect(invitation).toMatchObject({ clicks: 8, clickedAt: new Date(T0.getTime() + DAY) });
    expect((await eventTypes(t.db, invitation!.id)).filter((type) => type === "clicked")).toHaveLength(1);
  });

  it("Get reviews' lines come with the Admin API's image and handle; the default link is the product's page", async () => {
    await addShop(t.db, TEST_SHOP, { reviewUrl: null });
    shopify.orders.set(TEST_SHOP, [{
      orderId: "5150000000001", name: "#1001", email: "ann@example.com", customerName: "Ann Lee",
      products: [
        { title: "Snowboard", variantTitle: "156 cm", productId: "7001", handle: "snowboard", featuredImageUrl: "https://cdn.shopify.example/snowboard.png" },
        { title: "Wax", quantity: 2, productId: "7002", handle: "wax", imageUrl: "https://cdn.shopify.example/wax-variant.png", featuredImageUrl: "https://cdn.shopify.example/wax.png" },
      ],
    }]);
    const api = await adminClient(t.app, { user: "31" });
    expect((await api.post("/api/invitations", { orderIds: ["5150000000001"], sendAt: T0.toISOString() })).status).toBe(201);
    expect(shopify.lastGraphqlBody!.query).toMatch(/variantTitle[\s\S]*quantity[\s\S]*image \{ url \}[\s\S]*product \{ id handle featuredImage \{ url \} \}/);
    // The admin keeps listing titles.
    const listed = await api.get("/api/invitations");
    expect(listed.body.invitations[0].products).toEqual(["Snowboard", "Wax"]);

    expect(await dispatch()).toMatchObject({ sent: 1 });
    const message = sink.messages[0]!;
    expect(message.html).toContain('src="https://cdn.shopify.example/snowboard.png" alt="Snowboard"');
    // The line's own (variant) image before the product's.
    expect(message.html).toContain('src="https://cdn.shopify.example/wax-variant.png" alt="Wax"');
    expect(message.text).toMatch(/Snowboard\r?\n156 cm\r?\nReview \(/);
    expect(message.text).toMatch(/Wax\r?\n× 2\r?\nReview \(/);
    const res = await request(t.app).get(`${reviewPath(message, 1)}?p=1`).expect(302);
    expect(res.headers.location).toBe("https://test-shop.myshopify.com/products/wax#reviews");
  });

  it("an invitation stored before issue 18 (titles only) still sends its titles, and its buttons lead to the order's link", async () => {
    await addShop(t.db, TEST_SHOP, { reviewUrl: null });
    await addInvitation(t.db, { orderName: "#1042", products: ["Lamp", "Desk"] });
    await dispatch();
    const message = sink.messages[0]!;
    expect(message.text).toMatch(/Lamp\r?\nReview \(https:\/\/reviews\.example\.test\/r\/review\/[\w.-]+\?p=0\)\r?\n\r?\nDesk\r?\nReview \(/);
    const res = await request(t.app).get(`${reviewPath(message, 0)}?p=0`).expect(302);
    expect(res.headers.location).toBe(`https://${TEST_SHOP}/pages/reviews?order=%231042`);
  });
});
