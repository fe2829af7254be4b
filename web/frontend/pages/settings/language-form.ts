/**
 * The email in each language (issue 18), as the settings form edits it. The shop's template
 * fields (subject, body, notice, the reminder's subject and body) are the primary language's
 * words; every other language's are in `translations`. The sections edit "a view" of the form
 * in the language being edited: the same fields, holding that language's words, so the
 * template, reminder, preview and test-email sections need not know about languages.
 */
import type { Settings, TemplateTranslation } from "../../api/types.ts";
import type { SettingsForm } from "./form-model.ts";

export type TranslationForm = { [K in keyof TemplateTranslation]: string };
export const TRANSLATED_FIELDS = ["emailSubject", "emailBody", "noticeText", "reminderSubject", "reminderBody"] as const;
const BLANK: TranslationForm = { emailSubject: "", emailBody: "", noticeText: "", reminderSubject: "", reminderBody: "" };

export function translationsToForm(translations: Settings["translations"] | undefined): Record<string, TranslationForm> {
  return Object.fromEntries(
    Object.entries(translations ?? {}).map(([locale, t]) => [locale, Object.fromEntries(TRANSLATED_FIELDS.map((f) => [f, t[f] ?? ""])) as TranslationForm]),
  );
}

/** The changed fields per language, or null; "" is sent as null (the language's default). */
export function translationsPatch(saved: SettingsForm, form: SettingsForm): Record<string, Partial<Record<keyof TranslationForm, string | null>>> | null {
  const patch: Record<string, Partial<Record<keyof TranslationForm, string | null>>> = {};
  for (const [locale, words] of Object.entries(form.translations)) {
    if (locale === form.primaryLocale) continue;
    const before = saved.translations[locale] ?? (locale === saved.primaryLocale ? primaryWords(saved) : BLANK);
    for (const f of TRANSLATED_FIELDS) {
      if (words[f] === before[f]) continue;
      (patch[locale] ??= {})[f] = words[f].trim() === "" ? null : words[f];
    }
  }
  return Object.keys(patch).length > 0 ? patch : null;
}

function primaryWords(form: SettingsForm): TranslationForm {
  return {
    emailSubject: form.emailSubject,
    emailBody: form.emailBody,
    noticeText: form.noticeText,
    reminderSubject: form.reminder.subject,
    reminderBody: form.reminder.body,
  };
}

function withWords(form: SettingsForm, words: TranslationForm): SettingsForm {
  return {
    ...form,
    emailSubject: words.emailSubject,
    emailBody: words.emailBody,
    noticeText: words.noticeText,
    reminder: { ...form.reminder, subject: words.reminderSubject, body: words.reminderBody },
  };
}

/** The form as the sections see it while `locale` is being edited. */
export function languageView(form: SettingsForm, locale: string): SettingsForm {
  if (locale === form.primaryLocale) return form;
  return withWords(form, form.translations[locale] ?? BLANK);
}

/** A section's change to the view, written where that language's words live. */
export function setInLanguage<K extends keyof SettingsForm>(form: SettingsForm, locale: string, key: K, value: SettingsForm[K]): SettingsForm {
  if (locale === form.primaryLocale) return { ...form, [key]: value };
  const words = { ...(form.translations[locale] ?? BLANK) };
  if (key === "emailSubject" || key === "emailBody" || key === "noticeText") {
    words[key as "emailSubject" | "emailBody" | "noticeText"] = value as string;
  } else if (key === "reminder") {
    const reminder = value as SettingsForm["reminder"];
    words.reminderSubject = reminder.subject;
    words.reminderBody = reminder.body;
    // On/off and the delay are the same in every language.
    form = { ...form, reminder: { ...reminder, subject: form.reminder.subject, body: form.reminder.body } };
  } else {
    return { ...form, [key]: value };
  }
  return { ...form, translations: { ...form.translations, [locale]: words } };
}

/** The API's name for a field of the view (a translation's fields are `translations.fr.emailSubject`). */
export function fieldInLanguage(form: SettingsForm, locale: string, name: string): string {
  if (locale === form.primaryLocale) return name;
  const translated: Record<string, keyof TranslationForm> = {
    emailSubject: "emailSubject",
    emailBody: "emailBody",
    noticeText: "noticeText",
    "reminder.subject": "reminderSubject",
    "reminder.body": "reminderBody",
  };
  return translated[name] ? `translations.${locale}.${translated[name]}` : name;
}

/**
 * A new primary language: the words stay with their language. The old primary's become its
 * translation and the new one's become the template fields (as the API does on save).
 */
export function withPrimaryLocale(form: SettingsForm, next: string): SettingsForm {
  if (next === form.primaryLocale) return form;
  const translations = { ...form.translations, [form.primaryLocale]: primaryWords(form) };
  const words = translations[next] ?? BLANK;
  delete translations[next];
  return { ...withWords(form, words), primaryLocale: next, translations };
}
