/**
 * The reminder's part of the settings form (issue 18): what the merchant typed (the day
 * count stays text until saved), and the `reminder` patch of only what changed.
 */
import type { ReminderSettings } from "../../api/types.ts";

export interface ReminderForm {
  enabled: boolean;
  afterDays: string;
  subject: string;
  body: string;
}

export function reminderToForm(reminder: ReminderSettings | undefined): ReminderForm {
  return {
    enabled: reminder?.enabled ?? false,
    afterDays: String(reminder?.afterDays ?? 7),
    subject: reminder?.subject ?? "",
    body: reminder?.body ?? "",
  };
}

/** The changed fields, or null; a day count typed badly is sent as typed so the API names the field. */
export function reminderPatch(saved: ReminderForm, form: ReminderForm): Record<string, unknown> | null {
  const patch: Record<string, unknown> = {};
  if (form.enabled !== saved.enabled) patch.enabled = form.enabled;
  if (form.afterDays !== saved.afterDays) {
    const n = Number(form.afterDays);
    patch.afterDays = form.afterDays !== "" && Number.isFinite(n) ? n : form.afterDays;
  }
  if (form.subject !== saved.subject) patch.subject = form.subject.trim() === "" ? null : form.subject;
  if (form.body !== saved.body) patch.body = form.body.trim() === "" ? null : form.body;
  return Object.keys(patch).length > 0 ? patch : null;
}
