/**
 * The merchant's own words per language (issue 18). The Shop's template columns
 * (emailSubject, emailBody, noticeText, reminderSubject, reminderBody) are the template in the
 * shop's primary language; `templateTranslations` (JSON) holds the same five fields for any
 * other language the merchant edited. A field left empty in a language is that language's
 * shipped default (wording.ts), never another language's text.
 *
 * One email's language: emailLocaleFor (the order's `customer_locale`, else the shop's
 * primary language, else English).
 */
import { z } from "zod";
import { APP_LOCALES, isAppLocale, type AppLocale } from "../../shared/locales.ts";
import type { TemplateField, TemplateSettings } from "./template-defaults.ts";
import { emailLocaleFor } from "./wording.ts";

export const TRANSLATED_FIELDS = ["emailSubject", "emailBody", "noticeText", "reminderSubject", "reminderBody"] as const;
export type TranslatedField = (typeof TRANSLATED_FIELDS)[number];
export type TemplateTranslation = Record<TranslatedField, string | null>;
export type Translations = Partial<Record<AppLocale, TemplateTranslation>>;

/** The same bounds as the primary language's fields (shops/settings.ts, reminders/settings.ts). */
export const TRANSLATED_FIELD_MAX: Record<TranslatedField, number> = {
  emailSubject: 500,
  emailBody: 50_000,
  noticeText: 2_000,
  reminderSubject: 500,
  reminderBody: 50_000,
};

const stored = z.record(z.string(), z.record(z.string(), z.string().nullable()));

/**
 * Stored JSON → translations; unknown languages and fields are dropped, never thrown on: a row
 * must always be sendable. Parsed once per distinct value (the dispatcher reads it per batch).
 */
const parsed = new Map<string, Translations>();
export function readTranslations(json: string | null | undefined): Translations {
  if (!json) return {};
  let value = parsed.get(json);
  if (value) return value;
  value = {};
  try {
    const raw = stored.safeParse(JSON.parse(json));
    if (raw.success) {
      for (const [locale, fields] of Object.entries(raw.data)) {
        if (!isAppLocale(locale)) continue;
        value[locale] = Object.fromEntries(TRANSLATED_FIELDS.map((f) => [f, blankToNull(fields[f])])) as TemplateTranslation;
      }
    }
  } catch {
    // unreadable: every language uses its defaults
  }
  if (parsed.size >= 1_000) parsed.clear();
  parsed.set(json, value);
  return value;
}

function blankToNull(value: string | null | undefined): string | null {
  return value == null || value.trim() === "" ? null : value;
}

/** What the translations column should hold: languages with at least one field, in APP_LOCALES order. */
export function writeTranslations(translations: Translations): string | null {
  const kept: Translations = {};
  for (const locale of APP_LOCALES) {
    const t = translations[locale];
    if (t && TRANSLATED_FIELDS.some((f) => t[f] !== null)) kept[locale] = t;
  }
  return Object.keys(kept).length > 0 ? JSON.stringify(kept) : null;
}

export const EMPTY_TRANSLATION: TemplateTranslation = Object.freeze(
  Object.fromEntries(TRANSLATED_FIELDS.map((f) => [f, null])),
) as TemplateTranslation;

/** The shop as the choice of a language needs it. */
export interface MultilingualTemplate extends TemplateSettings, TemplateTranslation {
  primaryLocale: string;
  templateTranslations: string | null;
}

/**
 * The shop's template in one language: the primary language's columns, another language's
 * translation, or (fields left empty) that language's defaults.
 */
export function templateIn<T extends MultilingualTemplate>(shop: T, locale: AppLocale): T & { locale: AppLocale } {
  if (locale === emailLocaleFor(shop.primaryLocale, null)) return { ...shop, locale };
  const translation = readTranslations(shop.templateTranslations)[locale] ?? EMPTY_TRANSLATION;
  return { ...shop, ...translation, locale };
}

/** The shop's template for one order's customer (the order's language, else the shop's, else English). */
export function templateForCustomer<T extends MultilingualTemplate>(shop: T, customerLocale: string | null | undefined): T & { locale: AppLocale } {
  return templateIn(shop, emailLocaleFor(customerLocale, shop.primaryLocale));
}

/** Which kind of template each translated field is checked as (the reminder's are a subject and a body). */
export const CHECKED_AS: Record<TranslatedField, TemplateField> = {
  emailSubject: "emailSubject",
  emailBody: "emailBody",
  noticeText: "noticeText",
  reminderSubject: "emailSubject",
  reminderBody: "emailBody",
};

/** Every Liquid template the shop can send, in every language, as the sandbox checks them (sandbox.ts checkForSending). */
export function* sendableTemplates(shop: MultilingualTemplate): Generator<readonly [TemplateField, string | null]> {
  yield ["reviewUrl", shop.reviewUrl];
  for (const translation of [shop, ...Object.values(readTranslations(shop.templateTranslations))]) {
    for (const field of TRANSLATED_FIELDS) if (field !== "noticeText") yield [CHECKED_AS[field], translation[field]];
  }
}
