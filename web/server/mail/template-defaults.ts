/**
 * What an invitation says when the merchant has written nothing, the variables a template
 * may use, the sample order previews and validation render with, and the shapes every
 * template module shares. Data only: no engine, no rendering.
 */
import type { ProductLine } from "../invitations/products.ts";
import { WORDING, type EmailLocale } from "./wording.ts";

/** The English defaults; every language's, built from its phrases, are in wording.ts. */
export const DEFAULT_SUBJECT = WORDING.en.subject;
export const DEFAULT_BODY = WORDING.en.body;
/** R4: said in every invitation while the setting is on, whatever the merchant's template. */
export const DEFAULT_NOTICE = WORDING.en.notice;

/**
 * Where "Write a review" leads when the merchant has not set a review link: a page of the
 * shop itself. Merchants with a review platform set their own link (docs/delivery.md).
 */
export const DEFAULT_REVIEW_URL = "https://{{ shop_domain }}/pages/reviews?order={{ order_name }}";

/** A product's own review link when the merchant has set none and the product's handle is known: its page's reviews. */
export const DEFAULT_PRODUCT_REVIEW_URL = "https://{{ shop_domain }}/products/{{ product.handle }}#reviews";

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
/** `product.*` is the product a per-product link is for; empty in the order's own link (issue 18). */
export const REVIEW_URL_VARIABLES = ["order_name", "order_id", "shop_domain", "shop_name", "product.id", "product.handle", "product.title"] as const;

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
  /** The order's lines (invitations/products.ts), as stored. */
  products: ProductLine[];
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

/** Products an email can list. */
export const MAX_PRODUCTS = 20;

/** A grey square: previews show where a product's image goes without fetching anything. */
const SAMPLE_IMAGE =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='80' height='80'%3E%3Crect width='80' height='80' fill='%23e3e3e3'/%3E%3C/svg%3E";

/** Every field set, so a template using any of them validates (strict variables: validate.ts). */
export const SAMPLE_FACTS: InvitationFacts = {
  customerName: "Alex Example",
  orderName: "#1001",
  orderId: "820982911946154508",
  products: [
    { title: "Linen shirt", variantTitle: "Natural / M", quantity: 1, productId: "7513594855555", handle: "linen-shirt", imageUrl: SAMPLE_IMAGE },
    { title: "Canvas tote", variantTitle: "Olive", quantity: 2, productId: "7513594855556", handle: "canvas-tote", imageUrl: SAMPLE_IMAGE },
  ],
};

export const SAMPLE_LINKS: CustomerLinks = {
  unsubscribe: "https://example.com/r/unsubscribe/sample",
  notReceived: "https://example.com/r/not-received/sample",
};

export const SAMPLE_SHOP = { domain: "sample-shop.myshopify.com", name: "Sample Shop" };

export function shopDisplayName(shop: { domain: string; name: string | null }): string {
  return shop.name?.trim() || shop.domain.replace(/\.myshopify\.com$/, "");
}

/**
 * The variables of a review link: the order, the shop and, for a product's own link, that
 * product (empty for the order's link); nothing about the customer.
 */
export function reviewUrlScope(facts: InvitationFacts, shop: { domain: string; name: string | null }, product: ProductLine | null = null) {
  return {
    order_name: facts.orderName ?? "",
    order_id: facts.orderId ?? "",
    shop_domain: shop.domain,
    shop_name: shopDisplayName(shop),
    product: { id: product?.productId ?? "", handle: product?.handle ?? "", title: product?.title ?? "" },
  };
}

/**
 * A product as a template sees it (`{% for product in products %}`). Printed, compared or
 * joined it is its title, so templates written when `products` was a list of titles
 * (`{{ products | join: ", " }}`, `{{ p }}`, `products contains "…"`) read the same. The
 * fields are own properties (the engines read nothing else: liquid.ts ownPropertyOnly); the
 * comparison methods are liquidjs' Comparable interface, on the prototype, out of reach.
 */
export class LiquidProduct {
  title: string;
  variant_title: string | null;
  quantity: number;
  image_url: string | null;
  id: string | null;
  handle: string | null;
  review_link: string;
  constructor(line: ProductLine, reviewLink: string) {
    this.title = line.title;
    this.variant_title = line.variantTitle;
    this.quantity = line.quantity;
    this.image_url = line.imageUrl;
    this.id = line.productId;
    this.handle = line.handle;
    this.review_link = reviewLink;
  }
  toString(): string {
    return this.title;
  }
  equals(other: unknown): boolean {
    return this.title === String(other);
  }
  gt(other: unknown): boolean {
    return this.title > String(other);
  }
  geq(other: unknown): boolean {
    return this.title >= String(other);
  }
  lt(other: unknown): boolean {
    return this.title < String(other);
  }
  leq(other: unknown): boolean {
    return this.title <= String(other);
  }
}

/**
 * Each product's review link: the tracked redirect with the product's position (the redirect
 * recomputes the target from the stored line: customer/review-redirect.ts), or, where there is
 * no tracked link (previews, test emails), `productUrls[i]` rendered directly.
 */
export function productReviewLink(links: CustomerLinks, index: number, productUrls: readonly string[], reviewUrl: string): string {
  return links.review ? `${links.review}?p=${index}` : (productUrls[index] ?? reviewUrl);
}

/** The variables of the subject and body (TEMPLATE_VARIABLES, less the notice added by the caller). */
export function templateScope(
  facts: InvitationFacts,
  shop: { domain: string; name: string | null },
  reviewUrl: string,
  links: CustomerLinks,
  /** Each shown product's own review URL (renderInvitation); the order's link where missing. */
  productUrls: readonly string[] = [],
) {
  return {
    customer_name: facts.customerName?.trim() || "",
    order_name: facts.orderName ?? "",
    // A template's loops run over these: an order with hundreds of lines must not make a
    // template that passed validation (two sample products) blow its limits at send time.
    products: facts.products.slice(0, MAX_PRODUCTS).map((line, i) => new LiquidProduct(line, productReviewLink(links, i, productUrls, reviewUrl))),
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
