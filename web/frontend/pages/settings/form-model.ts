/**
 * The settings form as the merchant edits it: what they typed, kept until saved. Numbers stay
 * text until saved and "" means "use the default", so nothing typed is lost or reformatted
 * while typing; the API names the field of anything it refuses, and that message goes under
 * the field. Plain functions, tested without rendering (test/frontend-components.test.tsx).
 */
import type { ApiError } from "../../api/client.ts";
import type { Settings } from "../../api/types.ts";
import { reminderPatch, reminderToForm, type ReminderForm } from "./reminder-form.ts";
import { translationsPatch, translationsToForm, type TranslationForm } from "./language-form.ts";
import { isTimingKey, timingValue, toTimingForm, type TimingForm, type TimingKey } from "./timing-form.ts";

const TEXT_FIELDS = ["emailSubject", "emailBody", "noticeText", "senderName", "replyTo", "reviewUrl"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

const NUMBER_FIELDS = ["delayDays", "deliveredFallbackDays", "retentionDays"] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];

/** The form holds what the merchant typed: numbers stay text until saved, "" means the default. */
export type SettingsForm = Omit<Settings, NumberField | TextField | TimingKey | "reminder" | "translations"> & { [K in TextField | NumberField]: string } & TimingForm & {
  reminder: ReminderForm;
  translations: Record<string, TranslationForm>;
};

export function toForm(settings: Settings): SettingsForm {
  return {
    ...settings,
    emailSubject: settings.emailSubject ?? "",
    emailBody: settings.emailBody ?? "",
    noticeText: settings.noticeText ?? "",
    senderName: settings.senderName ?? "",
    replyTo: settings.replyTo ?? "",
    reviewUrl: settings.reviewUrl ?? "",
    delayDays: String(settings.delayDays),
    deliveredFallbackDays: String(settings.deliveredFallbackDays),
    retentionDays: String(settings.retentionDays),
    ...toTimingForm(settings),
    reminder: reminderToForm(settings.reminder),
    primaryLocale: settings.primaryLocale ?? "en",
    translations: translationsToForm(settings.translations),
  };
}

/** Only what changed is sent; a number the merchant typed badly is sent as typed so the API names the field. */
export function changedFields(saved: SettingsForm, form: SettingsForm): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(form) as Array<keyof SettingsForm>) {
    // The timing fields (issue 17) are objects: equal content is no change.
    if (form[key] === saved[key] || JSON.stringify(form[key]) === JSON.stringify(saved[key])) continue;
    if (key === "reminder") {
      // Issue 18: the reminder's own fields, each sent only when changed.
      const reminder = reminderPatch(saved.reminder, form.reminder);
      if (reminder) patch.reminder = reminder;
      continue;
    }
    if (key === "translations") {
      // Issue 18: each language's changed fields (language-form.ts).
      const translations = translationsPatch(saved, form);
      if (translations) patch.translations = translations;
      continue;
    }
    const value = form[key];
    if (isTimingKey(key)) {
      patch[key] = timingValue(key, form[key]);
    } else if ((NUMBER_FIELDS as readonly string[]).includes(key)) {
      const n = Number(value);
      patch[key] = value !== "" && Number.isFinite(n) ? n : value;
    } else if ((TEXT_FIELDS as readonly string[]).includes(key)) {
      patch[key] = typeof value === "string" && value.trim() === "" ? null : value;
    } else {
      patch[key] = value;
    }
  }
  return patch;
}

/** The API names each field it refused (details.problems, or details.field); the message goes under that field. */
export function fieldErrorOf(saveError: ApiError | null, name: string): string | undefined {
  if (!saveError) return undefined;
  const problems = Array.isArray(saveError.details.problems) ? (saveError.details.problems as Array<{ field?: string; message?: string }>) : [];
  const problem = problems.find((p) => p.field === name);
  if (problem?.message) return problem.message;
  return saveError.details.field === name ? saveError.message : undefined;
}

/** What every section of the page is handed: the form, a setter, and the refusal of a field. */
export interface SectionProps {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
  fieldError: (name: keyof SettingsForm) => string | undefined;
}
