/**
 * The email as the Settings form holds it, saved or not, in one language: what the preview
 * renders and "Send me a test" sends. A field the form leaves out is the saved value of that
 * language; "" or null is that language's default.
 */
import { z } from "zod";
import type { ShopRow } from "../db/schema.ts";
import { APP_LOCALES, type AppLocale } from "../../shared/locales.ts";
import type { TestEmailDraft } from "../mail/test-email.ts";
import { templateIn } from "../mail/translations.ts";
import { primaryLocaleOf } from "./language-settings.ts";

const text = z.string().max(50_000).nullable().optional();

/** The form's fields (the test email adds its address and kind). */
export const emailDraftShape = {
  locale: z.enum(APP_LOCALES, { message: `must be one of ${APP_LOCALES.join(", ")}` }).optional(),
  emailSubject: text,
  emailBody: text,
  noticeEnabled: z.boolean({ message: "must be true or false" }).optional(),
  noticeText: text,
  reviewUrl: text,
  senderName: text,
  replyTo: text,
  reminder: z.strictObject({ subject: text, body: text }).partial().optional(),
};

export type EmailDraftInput = { [K in keyof typeof emailDraftShape]?: z.infer<(typeof emailDraftShape)[K]> };

export function emailDraft(row: ShopRow, input: EmailDraftInput): TestEmailDraft & { locale: AppLocale } {
  const saved = templateIn(row, input.locale ?? primaryLocaleOf(row));
  const blank = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === "" ? null : v);
  const pick = <T>(value: T | undefined, kept: T): T => (value === undefined ? kept : value);
  return {
    domain: row.domain,
    name: row.name,
    locale: saved.locale,
    emailSubject: pick(blank(input.emailSubject), saved.emailSubject),
    emailBody: pick(blank(input.emailBody), saved.emailBody),
    noticeEnabled: pick(input.noticeEnabled, row.noticeEnabled),
    noticeText: pick(blank(input.noticeText), saved.noticeText),
    reviewUrl: pick(blank(input.reviewUrl), row.reviewUrl),
    senderName: pick(blank(input.senderName), row.senderName),
    replyTo: pick(blank(input.replyTo), row.replyTo),
    reminderSubject: pick(blank(input.reminder?.subject), saved.reminderSubject),
    reminderBody: pick(blank(input.reminder?.body), saved.reminderBody),
  };
}
