/**
 * One invitation → one email: sender, recipient, rendered words, and the headers that make
 * it behave well in inboxes (one-click unsubscribe, automated-message marker, a Message-ID
 * that is the same every time this invitation is sent, so a resend after a crash is
 * recognisable as the same message).
 */
import { customerLinkUrl } from "../customer/links.ts";
import { readProductLines } from "../invitations/products.ts";
import { parseAddress, type Address } from "./addresses.ts";
import { reminderTemplateSettings } from "./reminder-template.ts";
import {
  renderInvitation,
  shopDisplayName,
  type InvitationFacts,
  type RenderedEmail,
  type TemplateSettings,
} from "./templates.ts";
import { templateForCustomer } from "./translations.ts";

export type { Address };

/** What a transport sends; a subset of nodemailer's message options. */
export interface OutgoingEmail {
  from: Address;
  to: Address;
  replyTo?: Address;
  subject: string;
  html: string;
  text: string;
  /** With angle brackets, as in the header. */
  messageId: string;
  headers: Record<string, string>;
  /** SMTP envelope when it differs from the headers: the VERP Return-Path (deliverability/). */
  envelope?: { from: string; to: string };
  /** Signs the message (nodemailer's `dkim` option): a verified sender domain or the operator's key. */
  dkim?: { domainName: string; keySelector: string; privateKey: string };
}

export interface ShopEmailSettings extends TemplateSettings {
  senderName: string | null;
  replyTo: string | null;
  /** Issue 18: the reminder's own words (null: the default reminder). */
  reminderSubject?: string | null;
  reminderBody?: string | null;
  reminderEnabled?: boolean;
  reminderAfterDays?: number;
  /** Issue 18: the language of the columns above, and the merchant's other languages (translations.ts). */
  primaryLocale?: string;
  templateTranslations?: string | null;
}

export interface InvitationForEmail {
  id: number;
  shop: string;
  email: string;
  customerName: string | null;
  orderName: string | null;
  orderId: string | null;
  /** The order's lines as stored (invitations/products.ts; titles only in rows written before issue 18). */
  products: string | null;
  customerPostpones: number;
  /** The order's `customer_locale`: the email's language when the app speaks it. */
  locale?: string | null;
}

export interface MessageConfig {
  appUrl: string;
  mailFrom: string;
  linkKey: Buffer;
  postponeMax: number;
  /** When the email is built: the links carry it (not-received links expire after it). */
  now?: Date;
  /** The invitation's one reminder (issue 18): the reminder template and its own Message-ID. */
  reminder?: boolean;
}

/**
 * `<invitation-42.shop.myshopify.com@reviews.example.com>`. Stable per invitation, so the
 * same invitation sent twice after a crash carries the same id; a customer-requested
 * resend ("not received yet") is a new round and gets its own, or mail clients would
 * discard it as a duplicate.
 */
const hosts = new Map<string, string>();

export function invitationMessageId(invitation: { id: number; shop: string; customerPostpones: number }, appUrl: string): string {
  let host = hosts.get(appUrl);
  if (host === undefined) hosts.set(appUrl, (host = new URL(appUrl).hostname || "localhost"));
  const round = invitation.customerPostpones > 0 ? `-r${invitation.customerPostpones}` : "";
  return `<invitation-${invitation.id}${round}.${invitation.shop}@${host}>`;
}

/** The reminder's: one per invitation, so the same reminder re-sent after a crash keeps it. */
export function reminderMessageId(invitation: { id: number; shop: string }, appUrl: string): string {
  return invitationMessageId({ ...invitation, customerPostpones: 0 }, appUrl).replace("<invitation-", "<reminder-");
}

/**
 * The sender and the shops' reply-to addresses repeat in every message of a pass, and the
 * RFC 5322 parser costs about 5% of the dispatcher's CPU per address (docs/performance.md):
 * each distinct value is parsed once. Bounded, as shops come and go.
 */
const parsedAddresses = new Map<string, Address | null>();

function parseRepeatedAddress(value: string): Address | null {
  let parsed = parsedAddresses.get(value);
  if (parsed === undefined) {
    if (parsedAddresses.size >= 1_000) parsedAddresses.clear();
    parsedAddresses.set(value, (parsed = parseAddress(value)));
  }
  return parsed;
}

/** "Reviews <reviews@example.com>" → its parts (config checked MAIL_FROM parses). */
export function parseMailbox(value: string): Address {
  const parsed = parseRepeatedAddress(value);
  if (!parsed) throw new Error("MAIL_FROM is not one email address");
  return parsed;
}

/** Refused like a recipient the mail server refuses: permanently, for this invitation only. */
class UnusableAddressError extends Error {
  readonly code = "EENVELOPE";
}

export function factsOf(invitation: InvitationForEmail): InvitationFacts {
  return {
    customerName: invitation.customerName,
    orderName: invitation.orderName,
    orderId: invitation.orderId,
    products: readProductLines(invitation.products),
  };
}

export async function buildInvitationEmail(
  invitation: InvitationForEmail,
  shop: ShopEmailSettings,
  config: MessageConfig,
): Promise<{ email: OutgoingEmail; rendered: RenderedEmail }> {
  const link = (action: "unsubscribe" | "not-received" | "review") =>
    customerLinkUrl(config.appUrl, config.linkKey, { action, shop: invitation.shop, invitationId: invitation.id, issuedAt: config.now ?? new Date() });
  const unsubscribe = link("unsubscribe");
  const notReceived = invitation.customerPostpones < config.postponeMax ? link("not-received") : null;
  // The review link goes through the app's signed redirect, which records the click (issue 18).
  const links = { unsubscribe, notReceived, review: link("review") };
  // The customer's language: the order's, else the shop's, else English (translations.ts).
  const template = templateForCustomer(
    {
      ...shop,
      primaryLocale: shop.primaryLocale ?? "en",
      templateTranslations: shop.templateTranslations ?? null,
      reminderSubject: shop.reminderSubject ?? null,
      reminderBody: shop.reminderBody ?? null,
    },
    invitation.locale,
  );
  const rendered = config.reminder
    ? await renderInvitation(reminderTemplateSettings(template), factsOf(invitation), links, "reminder")
    : await renderInvitation(template, factsOf(invitation), links);
  const sender = parseMailbox(config.mailFrom);
  const to = parseAddress(invitation.email);
  if (!to || to.name !== "") throw new UnusableAddressError("the stored address is not one email address");
  const replyTo = shop.replyTo ? parseRepeatedAddress(shop.replyTo) : null;
  const email: OutgoingEmail = {
    // Customers recognise the shop, not the app: its name goes on the sender line.
    from: { name: shop.senderName?.trim() || shopDisplayName(shop) || sender.name, address: sender.address },
    to,
    ...(replyTo ? { replyTo: { ...replyTo } } : {}),
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId: config.reminder ? reminderMessageId(invitation, config.appUrl) : invitationMessageId(invitation, config.appUrl),
    headers: {
      // RFC 2369 / RFC 8058: mail clients show an unsubscribe button that POSTs here.
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      // RFC 3834: an automated message; out-of-office robots should not answer it.
      "Auto-Submitted": "auto-generated",
    },
  };
  return { email, rendered };
}
