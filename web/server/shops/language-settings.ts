/**
 * The customer's language in the settings (issue 18), as the admin API shows and takes it:
 *
 *   primaryLocale  the shop's language: the template fields (emailSubject, emailBody,
 *                  noticeText, reminder.subject/body) are its words, and customers whose
 *                  language the app does not speak get it
 *   translations   { fr: { emailSubject, emailBody, noticeText, reminderSubject,
 *                  reminderBody }, … } for every other language, null = that language's
 *                  shipped default (web/server/mail/wording/)
 *
 * A PUT names any languages and fields; the others are kept. Changing primaryLocale keeps
 * every word where it belongs: the old primary language's words become its translation and
 * the new one's translation becomes the template fields (which the same PUT may then change).
 */
import { z } from "zod";
import type { ShopSettings } from "../db/queries/shops.ts";
import type { ShopRow } from "../db/schema.ts";
import { APP_LOCALES, type AppLocale } from "../../shared/locales.ts";
import { validateTemplateSandboxed } from "../mail/sandbox.ts";
import {
  CHECKED_AS,
  EMPTY_TRANSLATION,
  readTranslations,
  TRANSLATED_FIELD_MAX,
  TRANSLATED_FIELDS,
  writeTranslations,
  type TemplateTranslation,
  type TranslatedField,
  type Translations,
} from "../mail/translations.ts";
import { emailLocaleFor } from "../mail/wording.ts";

/** English names, for the merchant's error messages (the admin page shows its own). */
export const LANGUAGE_NAMES: Record<AppLocale, string> = {
  en: "English",
  fr: "French",
  de: "German",
  es: "Spanish",
  it: "Italian",
  nl: "Dutch",
  "pt-BR": "Portuguese (Brazil)",
  ja: "Japanese",
};

const localeMessage = `must be one of ${APP_LOCALES.join(", ")}`;
const locale = z.enum(APP_LOCALES, { message: localeMessage });

const wordingText = (max: number) =>
  z
    .string({ message: "must be text (or null for this language's default)" })
    .max(max, { message: `must be at most ${max} characters` })
    .nullable()
    .transform((v) => (v === null || v.trim() === "" ? null : v));

const translationPatch = z
  .strictObject(
    Object.fromEntries(TRANSLATED_FIELDS.map((f) => [f, wordingText(TRANSLATED_FIELD_MAX[f])])) as Record<TranslatedField, ReturnType<typeof wordingText>>,
  )
  .partial();

export const languagePatchShape = {
  primaryLocale: locale,
  translations: z.partialRecord(locale, translationPatch),
};

type LanguagePatch = { primaryLocale?: AppLocale | undefined; translations?: Partial<Record<AppLocale, Partial<TemplateTranslation>>> | undefined };

export function primaryLocaleOf(row: Pick<ShopRow, "primaryLocale">): AppLocale {
  return emailLocaleFor(row.primaryLocale, null);
}

/**
 * What cannot be told from the values alone: the primary language has no translation (its
 * words are the template fields), and every translated template parses as sending will.
 */
export async function languageProblems(patch: LanguagePatch, current: Pick<ShopRow, "primaryLocale">) {
  const problems: { field: string; message: string; line?: number | null; column?: number | null; limit?: string }[] = [];
  const primary = patch.primaryLocale ?? primaryLocaleOf(current);
  for (const [language, translation] of Object.entries(patch.translations ?? {}) as [AppLocale, Partial<TemplateTranslation>][]) {
    if (language === primary) {
      problems.push({
        field: `translations.${language}`,
        message: `translations.${language}: ${LANGUAGE_NAMES[language]} is the shop's primary language; its words are emailSubject, emailBody, noticeText and reminder.`,
      });
      continue;
    }
    for (const field of TRANSLATED_FIELDS) {
      const source = translation[field];
      if (typeof source !== "string") continue;
      const check = await validateTemplateSandboxed(source, CHECKED_AS[field]);
      if (!check.ok) {
        problems.push({
          field: `translations.${language}.${field}`,
          message: `${LANGUAGE_NAMES[language]} ${field}: ${check.message}`,
          line: check.line,
          column: check.column,
          ...(check.limit ? { limit: check.limit } : {}),
        });
      }
    }
  }
  return problems;
}

/** Every language but the primary one, with nulls where the default is used. */
export function presentTranslations(row: Pick<ShopRow, "primaryLocale" | "templateTranslations">): Partial<Record<AppLocale, TemplateTranslation>> {
  const stored = readTranslations(row.templateTranslations);
  const primary = primaryLocaleOf(row);
  return Object.fromEntries(APP_LOCALES.filter((l) => l !== primary).map((l) => [l, { ...(stored[l] ?? EMPTY_TRANSLATION) }]));
}

/** The primary language's words as the template columns hold them. */
function primaryWords(row: Pick<ShopRow, TranslatedField>): TemplateTranslation {
  return Object.fromEntries(TRANSLATED_FIELDS.map((f) => [f, row[f]])) as TemplateTranslation;
}

/**
 * The Shop columns a patch writes for languages. `columns` are the template columns the rest
 * of the patch writes; on a change of primary language they are applied over the new
 * language's words (they are that language's words now).
 */
export function languageColumns(current: ShopRow, patch: LanguagePatch, columns: Partial<ShopSettings>): Partial<ShopSettings> {
  if (patch.primaryLocale === undefined && patch.translations === undefined) return {};
  const all: Translations = { ...readTranslations(current.templateTranslations) };
  const before = primaryLocaleOf(current);
  const after = patch.primaryLocale ?? before;
  const out: Partial<ShopSettings> = {};
  if (after !== before) {
    all[before] = primaryWords(current);
    const words = { ...(all[after] ?? EMPTY_TRANSLATION) };
    delete all[after];
    for (const f of TRANSLATED_FIELDS) out[f] = columns[f] !== undefined ? columns[f] : words[f];
    out.primaryLocale = after;
  }
  for (const [language, fields] of Object.entries(patch.translations ?? {}) as [AppLocale, Partial<TemplateTranslation>][]) {
    const merged: TemplateTranslation = { ...(all[language] ?? EMPTY_TRANSLATION) };
    for (const f of TRANSLATED_FIELDS) if (fields[f] !== undefined) merged[f] = fields[f]!;
    all[language] = merged;
  }
  out.templateTranslations = writeTranslations(all);
  return out;
}
