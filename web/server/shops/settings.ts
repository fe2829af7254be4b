/**
 * The shop's settings as the admin reads and changes them. A PUT carries any subset of
 * the fields; every value is checked before anything is written, and each problem names
 * its field and the allowed values, so the merchant fixes them all at once.
 *
 * Checking happens in two steps: `settingsPatchSchema` (types, ranges, formats) and
 * `validateSettingsPatch` (checks that need more than the value itself, such as parsing
 * the Liquid templates the way sending will).
 */
import { z } from "zod";
import type { Db, Queryable } from "../db/client.ts";
import { updateShopSettings, type ShopSettings } from "../db/queries/shops.ts";
import type { ShopRow } from "../db/schema.ts";
import { isValidEmail } from "../invitations/manual.ts";
import { triggerSettingsSchema } from "../invitations/settings.ts";
import {
  countryDelaysSchema,
  exclusionsSchema,
  FREQUENCY_CAP_DAYS,
  readCountryDelays,
  readExclusions,
  readSendWindow,
  RESUME_OVER_HOURS,
  sendWindowSchema,
} from "../invitations/rules.ts";
import { renderPreviewSandboxed, validateTemplateSandboxed } from "../mail/sandbox.ts";
import type { TemplateField } from "../mail/templates.ts";
import { cancelRemindersOnDisable, presentReminder, reminderColumns, reminderPatchSchema, reminderTemplateProblems, type ReminderSettingsJson } from "../reminders/settings.ts";
import { resumeSending } from "../invitations/resume.ts";
import { languageColumns, languagePatchShape, languageProblems, presentTranslations, primaryLocaleOf } from "./language-settings.ts";
import { emailDraft, emailDraftShape } from "./email-draft.ts";
import { ensureShopKnown } from "./shops.ts";
import { APP_LOCALES } from "../../shared/locales.ts";

export const RETENTION_DAYS = { min: 30, max: 3650 } as const;

export function isIanaTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

/** null = "use the default"; an empty string is read the same way. */
const optionalText = (max: number, what: string) =>
  z
    .string({ message: `must be text (or null for the default ${what})` })
    .max(max, { message: `must be at most ${max} characters` })
    .nullable()
    .transform((v) => (v === null || v.trim() === "" ? null : v));

const trigger = triggerSettingsSchema.shape;

function wholeNumber(bounds: { min: number; max: number }, unit: string, note = "") {
  const message = `must be a whole number of ${unit} from ${bounds.min} to ${bounds.max}${note}`;
  return z.number({ message }).int({ message }).min(bounds.min, { message }).max(bounds.max, { message });
}

/**
 * The day counts' bounds come from the shared trigger schema; every problem with them
 * (too small, too large, not whole, not a number) is told the same way, with the range.
 */
const DAY_COUNT_MESSAGES: Record<string, string> = Object.fromEntries(
  (["delayDays", "deliveredFallbackDays"] as const).map((field) => [
    field,
    `must be a whole number of days from ${trigger[field].minValue} to ${trigger[field].maxValue}`,
  ]),
);

export const settingsPatchSchema = z.strictObject(
  {
    trigger: trigger.trigger,
    delayDays: trigger.delayDays,
    deliveredFallbackDays: trigger.deliveredFallbackDays,
    inviteTestOrders: z.boolean({ message: "must be true or false" }),
    paused: z.boolean({ message: "must be true or false" }),
    emailSubject: optionalText(500, "subject"),
    emailBody: optionalText(50_000, "body"),
    noticeEnabled: z.boolean({ message: "must be true or false" }),
    noticeText: optionalText(2_000, "notice"),
    senderName: optionalText(100, "sender name").refine((v) => v === null || !/[\r\n<>"]/.test(v), {
      message: 'must be a plain name on one line, without < > or "',
    }),
    replyTo: optionalText(254, "reply-to address").refine((v) => v === null || isValidEmail(v), {
      message: "must be an email address such as support@example.com (or null for none)",
    }),
    reviewUrl: optionalText(2_000, "review link"),
    timezone: z.string({ message: "must be an IANA time zone name such as Europe/Paris" }).refine(isIanaTimeZone, {
      message: "must be an IANA time zone name such as Europe/Paris or America/New_York",
    }),
    // Issue 17: when and whom. Each is replaced whole by a PUT that names it.
    sendWindow: sendWindowSchema,
    countryDelays: countryDelaysSchema,
    exclusions: exclusionsSchema,
    frequencyCapDays: wholeNumber(FREQUENCY_CAP_DAYS, "days", " (0 turns the cap off)"),
    resumeOverHours: wholeNumber(RESUME_OVER_HOURS, "hours", " (0 sends the backlog at once)"),
    retentionDays: z
      .number({ message: `must be a whole number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}` })
      .int({ message: `must be a whole number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}` })
      .min(RETENTION_DAYS.min, { message: `must be a whole number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}` })
      .max(RETENTION_DAYS.max, { message: `must be a whole number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}` }),
    // Issue 18: the one reminder (web/server/reminders/settings.ts).
    reminder: reminderPatchSchema,
    // Issue 18: the customer's language (web/server/shops/language-settings.ts).
    ...languagePatchShape,
  },
).partial();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export interface SettingsProblem {
  field: string;
  /** A whole sentence that names the field. */
  message: string;
  line?: number | null;
  column?: number | null;
  /** The limit a template exceeded (time, memory, output), when that is the problem. */
  limit?: string;
}

export type PatchCheck = { ok: true; patch: SettingsPatch } | { ok: false; problems: SettingsProblem[] };

const TEMPLATE_FIELDS: TemplateField[] = ["emailSubject", "emailBody", "noticeText", "reviewUrl"];

/** The seam for checks beyond the value's shape: the Liquid templates, parsed as sending will. */
export async function validateSettingsPatch(input: unknown, current: Pick<ShopRow, "primaryLocale"> = { primaryLocale: "en" }): Promise<PatchCheck> {
  const parsed = settingsPatchSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        if (issue.code === "unrecognized_keys") {
          // Nested (exclusions.country): the field is the object that got the unknown key.
          const at = issue.path.join(".");
          const keys = issue.keys.map((k) => (at ? `${at}.${k}` : k)).join(", ");
          if (at === "translations") {
            return { field: keys, message: `Unknown language: ${keys}; the languages are ${APP_LOCALES.join(", ")}.` };
          }
          return { field: at || keys, message: `Unknown setting: ${keys}.` };
        }
        const field = issue.path.join(".") || "body";
        return { field, message: `${field} ${DAY_COUNT_MESSAGES[field] ?? issue.message}.` };
      }),
    };
  }
  const patch = parsed.data;
  const problems: SettingsProblem[] = [];
  for (const field of TEMPLATE_FIELDS) {
    const source = patch[field];
    if (typeof source !== "string") continue;
    // In the sandbox: a template over the time or memory limit is refused here, by name.
    const check = await validateTemplateSandboxed(source, field);
    if (!check.ok) {
      problems.push({ field, message: check.message, line: check.line, column: check.column, ...(check.limit ? { limit: check.limit } : {}) });
    }
  }
  problems.push(...(await reminderTemplateProblems(patch.reminder)));
  problems.push(...(await languageProblems(patch, current)));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, patch };
}

export type SettingsJson = Required<{ [K in Exclude<keyof SettingsPatch, "reminder" | "translations">]: Exclude<SettingsPatch[K], undefined> }> & {
  reminder: ReminderSettingsJson;
  /** Every language but the primary one; a null field is that language's default. */
  translations: ReturnType<typeof presentTranslations>;
  pausedAt: string | null;
  updatedAt: string;
};

function present(row: ShopRow): SettingsJson {
  return {
    trigger: row.trigger as SettingsJson["trigger"],
    delayDays: row.delayDays,
    deliveredFallbackDays: row.deliveredFallbackDays,
    inviteTestOrders: row.inviteTestOrders,
    paused: row.paused,
    pausedAt: row.pausedAt?.toISOString() ?? null,
    emailSubject: row.emailSubject,
    emailBody: row.emailBody,
    noticeEnabled: row.noticeEnabled,
    noticeText: row.noticeText,
    senderName: row.senderName,
    replyTo: row.replyTo,
    reviewUrl: row.reviewUrl,
    timezone: row.timezone,
    retentionDays: row.retentionDays,
    reminder: presentReminder(row),
    sendWindow: readSendWindow(row.sendWindow),
    countryDelays: readCountryDelays(row.countryDelays),
    exclusions: readExclusions(row.exclusions),
    frequencyCapDays: row.frequencyCapDays,
    resumeOverHours: row.resumeOverHours,
    primaryLocale: primaryLocaleOf(row),
    translations: presentTranslations(row),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function readSettings(db: Queryable, shop: string): Promise<SettingsJson> {
  // requireSessionToken makes sure the row exists; ensureShopKnown keeps this safe on its own.
  return present(await ensureShopKnown(db, shop));
}

export async function updateSettings(db: Db, shop: string, patch: SettingsPatch, now: Date, actor = "admin"): Promise<SettingsJson> {
  if (patch.paused === false) {
    // Issue 17: resuming paces the overdue backlog over resumeOverHours (0 = at once)
    // before the pause is lifted, so the dispatcher never sees it as one burst.
    const current = await ensureShopKnown(db, shop, now);
    if (current.paused) {
      const hours = patch.resumeOverHours ?? current.resumeOverHours;
      await resumeSending(db, { shop, actor, now, plan: { kind: "spread", hours } });
    }
  }
  const row = await db.transaction(async (tx) => {
    const current = await ensureShopKnown(tx, shop, now);
    const { sendWindow, countryDelays, exclusions, reminder, primaryLocale, translations, ...plain } = patch;
    const data: Partial<ShopSettings> = { ...plain, ...(reminder ? reminderColumns(reminder) : {}) };
    Object.assign(data, languageColumns(current, { primaryLocale, translations }, data));
    await cancelRemindersOnDisable(tx, shop, current.reminderEnabled, reminder, now, actor);
    // JSON columns: stored as the validated value; null/empty = the rule is off.
    if (sendWindow !== undefined) data.sendWindow = sendWindow === null ? null : JSON.stringify(sendWindow);
    if (countryDelays !== undefined) data.countryDelays = countryDelays.length === 0 ? null : JSON.stringify(countryDelays);
    if (exclusions !== undefined) data.exclusions = JSON.stringify(exclusions);
    // R5: pausing records when, so the admin can show what became overdue meanwhile.
    if (patch.paused === true && !current.paused) data.pausedAt = now;
    if (patch.paused === false) data.pausedAt = null;
    return (await updateShopSettings(tx, shop, data, now))!;
  });
  return present(row);
}

/** Unsaved form values the preview renders with (email-draft.ts); anything left out comes from the saved settings. */
export const previewInputSchema = z.object(emailDraftShape);

export type PreviewInput = z.infer<typeof previewInputSchema>;

/**
 * The invitation email as a customer would get it, rendered by the same template code the
 * dispatcher uses, with sample order data, in the language asked for (the primary one by
 * default). A broken template is reported in `errors` and the preview falls back to the
 * default, as sending would.
 */
export async function previewEmail(db: Queryable, shop: string, input: PreviewInput) {
  const draft = emailDraft(await ensureShopKnown(db, shop), input);
  const rendered = await renderPreviewSandboxed(draft);
  return {
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    reviewUrl: rendered.reviewUrl,
    locale: draft.locale,
    from: { name: draft.senderName, replyTo: draft.replyTo },
    errors: rendered.errors.map((e) => ({ field: e.field, message: e.message, line: e.line, column: e.column, ...(e.limit ? { limit: e.limit } : {}) })),
  };
}
