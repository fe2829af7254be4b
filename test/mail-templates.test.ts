/**
 * Templates as the merchant meets them: mistakes are reported with their line when saved,
 * values from orders stay text, and the automated-message notice cannot be dropped.
 */
import { describe, expect, it } from "vitest";
import { productLines } from "../web/server/invitations/products.ts";
import {
  DEFAULT_NOTICE,
  htmlToText,
  renderInvitation,
  renderPreview,
  validateTemplate,
  type TemplateSettings,
} from "../web/server/mail/templates.ts";

const shop: TemplateSettings = {
  domain: "test-shop.myshopify.com",
  name: "Test Shop",
  emailSubject: null,
  emailBody: null,
  noticeEnabled: true,
  noticeText: null,
  reviewUrl: null,
};
const facts = { customerName: "Jane Doe", orderName: "#1001", orderId: "820982911946154508", products: productLines([{ title: "Linen shirt" }]) };
const links = { unsubscribe: "https://app.example/r/unsubscribe/1.sig", notReceived: "https://app.example/r/not-received/1.sig" };

describe("validateTemplate", () => {
  it("accepts the variables a merchant is told about", async () => {
    const body = `<p>Hi {{ customer_name }}</p>
{% for product in products %}<li>{{ product }}</li>{% endfor %}
<a href="{{ review_link }}">Review {{ shop_name }}</a> {{ order_name }} {{ notice }}
<a href="{{ not_received_link }}">Not yet</a> <a href="{{ unsubscribe_link }}">Stop</a>`;
    expect(await validateTemplate(body, "emailBody")).toEqual({ ok: true });
    expect(await validateTemplate("{{ customer_name | default: 'there' }}, {{ order_name }}", "emailSubject")).toEqual({ ok: true });
    expect(await validateTemplate("https://reviews.example.com/{{ shop_domain }}?o={{ order_name }}&id={{ order_id }}", "reviewUrl")).toEqual({ ok: true });
  });

  it("names the line of a syntax error", async () => {
    const result = await validateTemplate("<p>Hello</p>\n<p>{% if customer_name %}Hi\n</p>", "emailBody");
    expect(result).toMatchObject({ ok: false, field: "emailBody", line: 2 });
    if (!result.ok) expect(result.message).toBe("Body: tag {% if customer_name %} not closed on line 2.");
  });

  it("names the line of an unclosed output and of an unknown filter", async () => {
    expect(await validateTemplate("Your order {{ order_name", "emailSubject")).toMatchObject({ ok: false, field: "emailSubject", line: 1 });
    const filter = await validateTemplate("line one\nline two\n{{ order_name | shout }}", "emailBody");
    expect(filter).toMatchObject({ ok: false, line: 3 });
    if (!filter.ok) expect(filter.message).toContain("shout");
  });

  it("catches a misspelt variable, which would otherwise send an empty greeting", async () => {
    const result = await validateTemplate("Hi {{ custmer_name }}", "emailBody");
    expect(result).toMatchObject({ ok: false, line: 1 });
    if (!result.ok) expect(result.message).toContain("custmer_name");
  });

  it("refuses includes: templates cannot read files", async () => {
    const result = await validateTemplate("{% include '/etc/passwd' %}", "emailBody");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain("not available");
      expect(result.message).not.toContain("passwd");
    }
  });

  it("wants a review link that is an https address, and a subject", async () => {
    expect(await validateTemplate("javascript:alert(1)", "reviewUrl")).toMatchObject({ ok: false, field: "reviewUrl" });
    expect(await validateTemplate("   ", "emailSubject")).toMatchObject({ ok: false, field: "emailSubject" });
    expect(await validateTemplate("x".repeat(301), "emailSubject")).toMatchObject({ ok: false });
  });
});

describe("renderInvitation", () => {
  it("escapes values from orders in the HTML and gives them back as typed in the text part", async () => {
    const hostile = { ...facts, customerName: `<script>alert('x')</script>`, products: productLines([{ title: "<b>Bold</b> & Co" }]) };
    const email = await renderInvitation({ ...shop, emailBody: "<p>Hi {{ customer_name }}: {{ products | join: ', ' }}</p>" }, hostile, links);
    // (Written back by the HTML parser that closes the merchant's markup: quotes need no escaping in text.)
    expect(email.html).toContain("Hi &lt;script&gt;alert('x')&lt;/script&gt;: &lt;b&gt;Bold&lt;/b&gt; &amp; Co");
    expect(email.html).not.toContain("<script>");
    expect(email.text).toContain("Hi <script>alert('x')</script>: <b>Bold</b> & Co");
  });

  it("appends the notice and the customer links even when the template leaves them out", async () => {
    const email = await renderInvitation({ ...shop, emailBody: "<p>Just a review request.</p>" }, facts, links);
    expect(email.text).toContain(DEFAULT_NOTICE);
    expect(email.html).toContain(links.unsubscribe);
    expect(email.html).toContain(links.notReceived);
  });

  it("appends the notice and the unsubscribe link outside the template even when it shows them too", async () => {
    // Whether the template shows them cannot be told from its text (see test/security-footer.test.ts).
    const body = `<p>{{ notice }}</p><p><a href="{{ unsubscribe_link }}">Stop these emails</a></p>`;
    const email = await renderInvitation({ ...shop, emailBody: body, noticeText: `We're "automated" & sorry` }, facts, links);
    const footer = email.html.slice(email.html.indexOf("<hr"));
    expect(footer).toContain("We&#39;re &#34;automated&#34; &amp; sorry");
    expect(footer).toContain(links.unsubscribe);
    expect(email.text).toContain(`We're "automated" & sorry`);
  });

  it("leaves the not-received link out once the customer cannot postpone any more", async () => {
    const email = await renderInvitation(shop, facts, { ...links, notReceived: null });
    expect(email.html).not.toContain("not-received");
    expect(email.text).not.toContain("Haven't received");
  });

  it("builds the review link from the shop's URL template, URL-encoding the values", async () => {
    const email = await renderInvitation({ ...shop, reviewUrl: "https://reviews.example.com/new?order={{ order_name }}&shop={{ shop_name }}" }, facts, links);
    expect(email.reviewUrl).toBe("https://reviews.example.com/new?order=%231001&shop=Test%20Shop");
    expect(email.html).toContain('href="https://reviews.example.com/new?order=%231001&amp;shop=Test%20Shop"');
  });

  it("falls back to the default wording if a stored template fails, instead of not sending", async () => {
    const email = await renderInvitation({ ...shop, emailSubject: "{% if %}", emailBody: "{{ broken" }, facts, links);
    expect(email.subject).toBe("How was your order #1001 from Test Shop?");
    expect(email.text).toContain("Hi Jane Doe,");
    expect(email.templateFallback).toBeDefined();
  });

  it("keeps the subject on one line", async () => {
    const email = await renderInvitation({ ...shop, emailSubject: "Hello\r\nBcc: x@example.com {{ customer_name }}" }, { ...facts, customerName: "A\nB" }, links);
    expect(email.subject).toBe("Hello Bcc: x@example.com A B");
  });
});

describe("renderPreview", () => {
  it("renders sample values and reports each field's problems with its line", async () => {
    const preview = await renderPreview({ ...shop, emailSubject: "Hi {{ customer_name }}", emailBody: "ok\n{{ oops" });
    expect(preview.subject).toBe("Hi Alex Example");
    expect(preview.errors).toEqual([expect.objectContaining({ field: "emailBody", line: 2 })]);
    expect(preview.html).toContain("Alex Example"); // the default body stands in for the broken one
  });
});

describe("htmlToText", () => {
  it("keeps links readable and paragraphs apart", () => {
    expect(htmlToText('<p>One &amp; two</p><p><a href="https://x.example/?a=1&amp;b=2">Go</a></p><ul><li>A</li><li>B</li></ul>')).toBe(
      "One & two\n\nGo (https://x.example/?a=1&b=2)\n\n- A\n- B\n",
    );
  });
});
