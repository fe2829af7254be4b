/**
 * What an invitation says when the merchant has written nothing, the variables a template
 * may use, the sample order previews and validation render with, and the shapes every
 * template module shares. Data only: no engine, no rendering.
 */
import type { EmailLocale } from "./wording.ts";

export const DEFAULT_SUBJECT = "How was your order {{ order_name }} from {{ shop_name }}?";

export const DEFAULT_BODY = `<p>Hi {{ customer_name | default: "there" }},</p>
<p>Thank you for your order {{ order_name }}{% if products.size > 0 %} ({{ products | join: ", " }}){% endif %}.
We would love to hear how it went.</p>
<p><a href="{{ review_link }}">Write a review</a></p>
<p>Thank you,<br>{{ shop_name }}</p>`;

/** R4: said in every invitation while the setting is on, whatever the merchant's template. */
export const DEFAULT_NOTICE =
  "This message was sent automatically after your order. If it reached you in error, for example " +
  "because your order was cancelled, we apologise. You are still welcome to review your experience with us.";

/**
 * Where "Write a review" leads when the merchant has not set a review link: a page of the
 * shop itself. Merchants with a review platform set their own link (docs/delivery.md).
 */
export const DEFAULT_REVIEW_URL = "https://{{ shop_domain }}/pages/reviews?order={{ order_name }}";

/** Variables a merchant may use, for documentation and the settings page. */
export const TEMPLATE_VARIABLES = [
  "customer_name",
  "order_name",
  "products",
  "shop_name",
  "review_link",
  "unsubscribe_link",
  "not_received_link",
  "notice",
] as const;
export const REVIEW_URL_VARIABLES = ["order_name", "order_id", "shop_domain", "shop_name"] as const;

export type TemplateField = "emailSubject" | "emailBody" | "noticeText" | "reviewUrl";

/** How the merchant's messages name each field. */
export const FIELD_LABEL: Record<TemplateField, string> = {
  emailSubject: "Subject",
  emailBody: "Body",
  noticeText: "Automated-message notice",
  reviewUrl: "Review link",
};

/** The shop's email settings as stored (null means "use the default"). */
export interface TemplateSettings {
  domain: string;
  name: string | null;
  emailSubject: string | null;
  emailBody: string | null;
  noticeEnabled: boolean;
  noticeText: string | null;
  reviewUrl: string | null;
  /** The email's language (wording.ts): its default words, notice and footer. English when absent. */
  locale?: EmailLocale;
}

/** What one invitation contributes to its email. */
export interface InvitationFacts {
  customerName: string | null;
  orderName: string | null;
  orderId: string | null;
  products: string[];
}

export interface CustomerLinks {
  unsubscribe: string;
  /** The app's tracked redirect to the review link (issue 18); the review link itself when absent (test emails, previews). */
  review?: string;
  /** null once the customer can no longer postpone (CUSTOMER_POSTPONE_MAX reached). */
  notReceived: string | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  reviewUrl: string;
  /** Set when the stored template failed and the default was used instead. */
  templateFallback?: string;
}

/** Product titles an email can list. */
export const MAX_PRODUCTS = 20;

export const SAMPLE_FACTS: InvitationFacts = {
  customerName: "Alex Example",
  orderName: "#1001",
  orderId: "820982911946154508",
  products: ["Linen shirt", "Canvas tote"],
};

export const SAMPLE_LINKS: CustomerLinks = {
  unsubscribe: "https://example.com/r/unsubscribe/sample",
  notReceived: "https://example.com/r/not-received/sample",
};

export const SAMPLE_SHOP = { domain: "sample-shop.myshopify.com", name: "Sample Shop" };

export function shopDisplayName(shop: { domain: string; name: string | null }): string {
  return shop.name?.trim() || shop.domain.replace(/\.myshopify\.com$/, "");
}

/** The variables of a review link: the order and the shop, nothing about the customer. */
export function reviewUrlScope(facts: InvitationFacts, shop: { domain: string; name: string | null }) {
  return {
    order_name: facts.orderName ?? "",
    order_id: facts.orderId ?? "",
    shop_domain: shop.domain,
    shop_name: shopDisplayName(shop),
  };
}

/** The variables of the subject and body (TEMPLATE_VARIABLES, less the notice added by the caller). */
export function templateScope(facts: InvitationFacts, shop: { domain: string; name: string | null }, reviewUrl: string, links: CustomerLinks) {
  return {
    customer_name: facts.customerName?.trim() || "",
    order_name: facts.orderName ?? "",
    // A template's loops run over these: an order with hundreds of lines must not make a
    // template that passed validation (two sample products) blow its limits at send time.
    products: facts.products.slice(0, MAX_PRODUCTS),
    shop_name: shopDisplayName(shop),
    review_link: links.review ?? reviewUrl,
    unsubscribe_link: links.unsubscribe,
    not_received_link: links.notReceived ?? "",
  };
}

/** Only https: a review link goes out under the operator's domain to every customer (docs/security.md). */
export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.length > 0;
  } catch {
    return false;
  }
}
