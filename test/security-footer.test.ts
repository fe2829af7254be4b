/**
 * Issue 13, item 8: the footer (unsubscribe link, automated-message notice) cannot be hidden
 * by the merchant's template, customer values stay escaped whatever filter is used, and
 * addresses are parsed, not pattern-matched.
 */
import { parse } from "parse5";
import { describe, expect, it } from "vitest";
import { productLines } from "../web/server/invitations/products.ts";
import { loadConfig } from "../web/server/config/config.ts";
import { customerLinkKey } from "../web/server/customer/links.ts";
import { isValidEmail } from "../web/server/invitations/manual.ts";
import { parseAddress } from "../web/server/mail/addresses.ts";
import { buildInvitationEmail } from "../web/server/mail/message.ts";
import { DEFAULT_NOTICE, renderInvitation, type TemplateSettings } from "../web/server/mail/templates.ts";

const shop: TemplateSettings = {
  domain: "test-shop.myshopify.com",
  name: "Test Shop",
  emailSubject: null,
  emailBody: null,
  noticeEnabled: true,
  noticeText: null,
  reviewUrl: null,
};
const facts = { customerName: "Jane Doe", orderName: "#1001", orderId: "1", products: productLines([{ title: "Linen shirt" }]) };
const links = { unsubscribe: "https://app.example/r/unsubscribe/1.x.sig", notReceived: null };

/** The part of the HTML a mail client shows: comments and what they swallow removed. */
const visible = (html: string) => html.replace(/<!--[\s\S]*?-->/g, "");

type Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Node[] };

/**
 * Whether a mail client shows a link to `href`: the document as a browser parses it (parse5),
 * an <a> element with that href that no comment, raw-text element or hidden element holds.
 */
function linkShown(html: string, href: string): boolean {
  const hidden = (n: Node) =>
    ["style", "script", "textarea", "title", "template", "noscript"].includes(n.nodeName) ||
    !!n.attrs?.some((a) => a.name === "style" && /display\s*:\s*none/i.test(a.value)) ||
    !!n.attrs?.some((a) => a.name === "hidden");
  const walk = (n: Node): boolean => {
    if (hidden(n)) return false;
    if (n.nodeName === "a" && n.attrs?.some((a) => a.name === "href" && a.value === href)) return true;
    return (n.childNodes ?? []).some(walk);
  };
  return walk(parse(html) as unknown as Node);
}

describe("the footer", () => {
  it("is not hidden by a link inside an HTML comment (the comment trick)", async () => {
    const body = `<p>Review us!</p><!-- <a href="{{ unsubscribe_link }}">x</a> {{ notice }} -->`;
    const email = await renderInvitation({ ...shop, emailBody: body }, facts, links);
    expect(linkShown(email.html, links.unsubscribe)).toBe(true);
    expect(visible(email.html)).toContain("This message was sent automatically");
  });

  it("is not swallowed by an unclosed comment, style or hidden element in the template", async () => {
    for (const trap of ["<p>Hi</p><!--", "<p>Hi</p><style>", '<p>Hi</p><div style="display:none">', "<p>Hi</p><textarea>"]) {
      const email = await renderInvitation({ ...shop, emailBody: trap }, facts, links);
      expect(linkShown(email.html, links.unsubscribe), trap).toBe(true);
      expect(email.text).toContain(DEFAULT_NOTICE);
    }
  });
});

describe("customer values", () => {
  it("stay escaped when the template asks for them raw", async () => {
    const hostile = { ...facts, customerName: `<img src=x onerror=alert(1)>`, products: productLines([{ title: "<a href='https://evil.example'>win</a>" }]) };
    const body = "<p>Hi {{ customer_name | raw }}: {{ products | join: ', ' | raw }}</p>";
    const email = await renderInvitation({ ...shop, emailBody: body }, hostile, links);
    expect(email.html).not.toContain("<img");
    expect(email.html).not.toContain("<a href='https://evil.example'");
    expect(email.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("addresses", () => {
  it("are read by an RFC 5322 parser: one mailbox or nothing", () => {
    expect(parseAddress("Reviews <reviews@example.com>")).toEqual({ name: "Reviews", address: "reviews@example.com" });
    expect(parseAddress("a@example.com, b@example.com")).toBeNull();
    expect(parseAddress("x@example.com\r\nBcc: victim@example.com")).toBeNull();
    expect(isValidEmail("help@example.com")).toBe(true);
    expect(isValidEmail("help@example.com,other@example.com")).toBe(false);
    expect(() => loadConfig({ SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://a.example", SCOPES: "x", MAIL_FROM: "a@x.example, b@y.example" })).toThrow(/MAIL_FROM/);
  });

  it("go to nodemailer as { name, address }, never as text it would split", async () => {
    const { email } = await buildInvitationEmail(
      { id: 1, shop: shop.domain, email: "jane@example.com", customerName: "Jane", orderName: "#1", orderId: "1", products: null, customerPostpones: 0 },
      { ...shop, senderName: "Shop, Inc. <x@evil.example>", replyTo: "help@example.com" },
      { appUrl: "https://app.example", mailFrom: "Reviews <reviews@app.example>", linkKey: customerLinkKey("s"), postponeMax: 2 },
    );
    expect(email.to).toEqual({ name: "", address: "jane@example.com" });
    expect(email.replyTo).toEqual({ name: "", address: "help@example.com" });
    expect(email.from).toEqual({ name: "Shop, Inc. <x@evil.example>", address: "reviews@app.example" });
    await expect(
      buildInvitationEmail(
        { id: 2, shop: shop.domain, email: "a@example.com, b@example.com", customerName: null, orderName: null, orderId: null, products: null, customerPostpones: 0 },
        { ...shop, senderName: null, replyTo: null },
        { appUrl: "https://app.example", mailFrom: "Reviews <reviews@app.example>", linkKey: customerLinkKey("s"), postponeMax: 2 },
      ),
    ).rejects.toMatchObject({ code: "EENVELOPE" });
  });
});
