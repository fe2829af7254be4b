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
  /** Products listed inline after the order's name (empty when the order lists none). */
  productsInline: string;
  /** Thanks for the order; `{products}` is replaced by productsInline. */
  thanks: string;
  ask: string;
  reviewButton: string;
  signOff: string;
  /** R4: the automated-message notice. */
  notice: string;
  reminderSubject: string;
  /** `{products}` as in thanks. */
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

export function invitationBody(p: Phrases): string {
  return [
    `<p>${p.greeting}</p>`,
    `<p>${p.thanks.replace("{products}", p.productsInline)}\n${p.ask}</p>`,
    `<p><a href="{{ review_link }}">${p.reviewButton}</a></p>`,
    `<p>${p.signOff}<br>{{ shop_name }}</p>`,
  ].join("\n");
}

export function reminderBody(p: Phrases): string {
  return [
    `<p>${p.greeting}</p>`,
    `<p>${p.reminderAsk.replace("{products}", p.productsInline)}</p>`,
    `<p><a href="{{ review_link }}">${p.reviewButton}</a></p>`,
    `<p>${p.reminderOnlyOne}</p>`,
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
