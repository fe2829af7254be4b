/**
 * The pages behind an email's links, in the customer's language (issue 18): the language of
 * the email the link came from (the order's, else the shop's, else English); for a link that
 * names no invitation we can trust, the browser's Accept-Language. One file of sentences per
 * language in wording/; {shop}, {days}, {date}, {order} and {count} are filled in here.
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

/** A page: its title and paragraphs. */
export type PageText = { title: string; paragraphs: string[] };

/** Every sentence of every customer page, as a translator writes them. */
export interface PagePhrases {
  forged: PageText;
  /** A "not received yet" link past its validity: {days}. */
  expired: PageText;
  gone: PageText;
  failed: PageText;
  /** {shop} */
  unsubscribed: PageText;
  /** {shop} */
  unsubscribeAsk: PageText & { button: string };
  /** {order} (the order's name, or empty), {shop}, {days} */
  notReceived: PageText & { button: string };
  /** {shop}, {date} */
  postponed: PageText;
  sending: PageText;
  /** {shop}; the first paragraph is `once` or `many` ({count}) */
  alreadyMoved: { title: string; once: string; many: string; contact: string };
  /** {shop} */
  nothingToChange: PageText;
  /** The review link's own pages: {days} and {shop} for the expired one. */
  reviewForged: PageText;
  reviewGone: PageText;
  reviewFailed: PageText;
  reviewExpired: PageText;
}

export const PAGE_PHRASES: Record<AppLocale, PagePhrases> = { en, fr, de, es, it, nl, "pt-BR": ptBR, ja };

/** The page's language from the browser, when no invitation says it. */
export function browserLocale(acceptLanguage: string | undefined): AppLocale {
  for (const part of (acceptLanguage ?? "").split(",")) {
    const match = matchLocale(part.split(";")[0]!.trim(), APP_LOCALES);
    if (match) return match;
  }
  return "en";
}

/** Fills {placeholders}; an empty one leaves no double space. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
    .replace(/ {2,}/g, " ")
    .replace(/ ([,.、。])/g, "$1");
}

export function filled(page: PageText, values: Record<string, string | number>): PageText {
  return { title: fill(page.title, values), paragraphs: page.paragraphs.map((p) => fill(p, values)) };
}

/** "4 March 2026", "4 mars 2026", "2026年3月4日". */
export function formatPageDate(date: Date, locale: AppLocale): string {
  return date.toLocaleDateString(locale === "en" ? "en-GB" : locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
