/**
 * The reminder's settings (issue 18) as the admin API shows and takes them:
 * `reminder: { enabled, afterDays, subject, body }` in GET/PUT /api/settings, stored in the
 * Shop's reminder* columns. Off by default; one reminder, the same for every customer.
 */
import { z } from "zod";
import type { Queryable } from "../db/client.ts";
import { cancelQueuedReminders } from "../db/queries/reminders.ts";
import type { ShopRow } from "../db/schema.ts";
import { validateTemplateSandboxed } from "../mail/sandbox.ts";

export const REMINDER_AFTER_DAYS = { min: 1, max: 60 } as const;

const daysMessage = `must be a whole number of days from ${REMINDER_AFTER_DAYS.min} to ${REMINDER_AFTER_DAYS.max}`;

/** null or "" = the default wording. */
const template = (max: number, what: string) =>
  z
    .string({ message: `must be text (or null for the default ${what})` })
    .max(max, { message: `must be at most ${max} characters` })
    .nullable()
    .transform((v) => (v === null || v.trim() === "" ? null : v));

export const reminderPatchSchema = z
  .strictObject({
    enabled: z.boolean({ message: "must be true or false" }),
    afterDays: z
      .number({ message: daysMessage })
      .int({ message: daysMessage })
      .min(REMINDER_AFTER_DAYS.min, { message: daysMessage })
      .max(REMINDER_AFTER_DAYS.max, { message: daysMessage }),
    subject: template(500, "reminder subject"),
    body: template(50_000, "reminder body"),
  })
  .partial();

export type ReminderPatch = z.infer<typeof reminderPatchSchema>;

export interface ReminderSettingsJson {
  enabled: boolean;
  afterDays: number;
  subject: string | null;
  body: string | null;
}

export function presentReminder(row: Pick<ShopRow, "reminderEnabled" | "reminderAfterDays" | "reminderSubject" | "reminderBody">): ReminderSettingsJson {
  return { enabled: row.reminderEnabled, afterDays: row.reminderAfterDays, subject: row.reminderSubject, body: row.reminderBody };
}

/** The Shop columns a patch writes. */
export function reminderColumns(patch: ReminderPatch): Partial<Pick<ShopRow, "reminderEnabled" | "reminderAfterDays" | "reminderSubject" | "reminderBody">> {
  const columns: Partial<Pick<ShopRow, "reminderEnabled" | "reminderAfterDays" | "reminderSubject" | "reminderBody">> = {};
  if (patch.enabled !== undefined) columns.reminderEnabled = patch.enabled;
  if (patch.afterDays !== undefined) columns.reminderAfterDays = patch.afterDays;
  if (patch.subject !== undefined) columns.reminderSubject = patch.subject;
  if (patch.body !== undefined) columns.reminderBody = patch.body;
  return columns;
}

/** The reminder's templates, checked in the sandbox the way sending will render them. */
export async function reminderTemplateProblems(patch: ReminderPatch | undefined) {
  const problems: { field: string; message: string; line?: number | null; column?: number | null; limit?: string }[] = [];
  const fields = [
    ["subject", patch?.subject, "emailSubject"],
    ["body", patch?.body, "emailBody"],
  ] as const;
  for (const [name, source, as] of fields) {
    if (typeof source !== "string") continue;
    const check = await validateTemplateSandboxed(source, as);
    if (!check.ok) {
      problems.push({
        field: `reminder.${name}`,
        message: `Reminder ${check.message.charAt(0).toLowerCase()}${check.message.slice(1)}`,
        line: check.line,
        column: check.column,
        ...(check.limit ? { limit: check.limit } : {}),
      });
    }
  }
  return problems;
}

/**
 * Turning reminders off cancels those waiting (with their events), in the settings'
 * transaction: turned on again later, it never sends old reminders in a burst.
 */
export function cancelRemindersOnDisable(tx: Queryable, shop: string, wasEnabled: boolean, patch: ReminderPatch | undefined, at: Date, actor: string) {
  if (!wasEnabled || patch?.enabled !== false) return Promise.resolve(0);
  return cancelQueuedReminders(tx, { shop }, { actor, at, reason: "Reminders were turned off in Settings." });
}
