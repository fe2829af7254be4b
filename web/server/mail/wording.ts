/**
 * The customer's language (issue 18): what an invitation and its reminder say when the
 * merchant has written nothing for that language, in every language the app ships, and the
 * rule that picks the language of one email — the order's `customer_locale`, else the
 * shop's primary language, else English (web/shared/locales.ts matchLocale).
 *
 * Each language is one data file in wording/ (phrases only); the default bodies are built
 * here from the phrases by one function, so every language has the same structure, links and
 * variables, and a translator never edits markup.
 */
import { APP_LOCALES, matchLocale, type AppLocale } from "../../shared/locales.ts";
import { de } from "./wording/de.ts";
import { en } from "./wording/en.ts";
import { es } from "./wording/es.ts";
import { fr } from "./wording/fr.ts";
import { it } from "./wording/it.ts";
import { ja } from "./wording/ja.ts";
import { nl } from "./wording/nl.ts";
import { ptBR } from "./wording/pt-BR.ts";

export type { AppLocale as EmailLocale } from "../../shared/locales.ts";
export const EMAIL_LOCALES = APP_LOCALES;

/** A sentence with one link in it: the text before the link, the link's words, the text after. */
export type LinkedSentence = readonly [before: string, link: string, after: string];

/** One language's phrases, as a translator writes them. Liquid variables as in the English. */
export interface Phrases {
  subject: string;
  /** The first line, with the customer's name when known. */
  greeting: string;
  /** Thanks for the order. */
  thanks: string;
  ask: string;
  /** Each product's button (productBlock), and the order's own link when the products are not listed. */
  productButton: string;
  reviewButton: string;
  signOff: string;
  /** R4: the automated-message notice. */
  notice: string;
  reminderSubject: string;
  reminderAsk: string;
  reminderOnlyOne: string;
  /** The footer, ours in every email; `{shop}` is the shop's name. */
  notReceived: LinkedSentence;
  unsubscribe: LinkedSentence;
}

/** What one language's email says by default, ready to render. */
export interface Wording {
  subject: string;
  body: string;
  notice: string;
  reminderSubject: string;
  reminderBody: string;
  notReceived: LinkedSentence;
  unsubscribe: LinkedSentence;
}

/**
 * The products of the default emails (issue 18): up to 3, each with its image, title, variant,
 * quantity and a button to its own review link; with none or more than 3, the order's link
 * (labelled `orderLabel`). One function of the words, so every language's default body shows
 * the same block. E-mail-safe: a layout table, inline styles, fixed image width, alt text.
 */
export function productBlock(reviewLabel: string, orderLabel: string): string {
  return `{% if products.size > 0 %}<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:16px 0;">
{% for product in products limit: 3 %}<tr class="product">
<td width="80" style="width:80px;padding:8px 16px 8px 0;vertical-align:top;">{% if product.image_url %}<img src="{{ product.image_url }}" alt="{{ product.title }}" width="80" style="display:block;width:80px;max-width:80px;height:auto;border:0;border-radius:4px;">{% endif %}</td>
<td style="padding:8px 0;vertical-align:top;">
<div style="font-weight:bold;">{{ product.title }}</div>
{% if product.variant_title %}<div style="color:#616161;">{{ product.variant_title }}</div>
{% endif %}{% if product.quantity > 1 %}<div style="color:#616161;">&times; {{ product.quantity }}</div>
{% endif %}<div style="margin-top:8px;"><a href="{{ product.review_link }}" style="display:inline-block;padding:8px 16px;background:#1a1a1a;color:#ffffff;text-decoration:none;border-radius:4px;">${reviewLabel}</a></div>
</td>
</tr>
{% endfor %}</table>
{% endif %}{% if products.size == 0 or products.size > 3 %}<p><a href="{{ review_link }}">${orderLabel}</a></p>
{% endif %}`;
}

export function invitationBody(p: Phrases): string {
  return [
    `<p>${p.greeting}</p>`,
    `<p>${p.thanks} ${p.ask}</p>`,
    `${productBlock(p.productButton, p.reviewButton)}<p>${p.signOff}<br>{{ shop_name }}</p>`,
  ].join("\n");
}

export function reminderBody(p: Phrases): string {
  return [
    `<p>${p.greeting}</p>`,
    `<p>${p.reminderAsk}</p>`,
    `${productBlock(p.productButton, p.reviewButton)}<p>${p.reminderOnlyOne}</p>`,
    `<p>${p.signOff}<br>{{ shop_name }}</p>`,
  ].join("\n");
}

function wordingOf(p: Phrases): Wording {
  return {
    subject: p.subject,
    body: invitationBody(p),
    notice: p.notice,
    reminderSubject: p.reminderSubject,
    reminderBody: reminderBody(p),
    notReceived: p.notReceived,
    unsubscribe: p.unsubscribe,
  };
}

export const PHRASES: Record<AppLocale, Phrases> = { en, fr, de, es, it, nl, "pt-BR": ptBR, ja };

export const WORDING: Record<AppLocale, Wording> = Object.fromEntries(
  APP_LOCALES.map((locale) => [locale, wordingOf(PHRASES[locale])]),
) as Record<AppLocale, Wording>;

/** The language of one email: the order's, else the shop's, else English. */
export function emailLocaleFor(orderLocale: string | null | undefined, shopLocale: string | null | undefined): AppLocale {
  return matchLocale(orderLocale, APP_LOCALES) ?? matchLocale(shopLocale, APP_LOCALES) ?? "en";
}
