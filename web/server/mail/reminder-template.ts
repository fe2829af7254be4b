/**
 * The reminder's words (issue 18): its own subject and body, with defaults, rendered by the
 * same function as the invitation (templates.ts renderInvitation), so the notice (R4), the
 * unsubscribe and "not received yet" links and every safety limit are the same.
 */
import type { TemplateSettings } from "./templates.ts";
import { WORDING } from "./wording.ts";

/** The English defaults; every language's are in wording.ts. */
export const DEFAULT_REMINDER_SUBJECT = WORDING.en.reminderSubject;
export const DEFAULT_REMINDER_BODY = WORDING.en.reminderBody;

/** The shop's settings with the reminder's subject and body in the template's place. */
export function reminderTemplateSettings<T extends TemplateSettings>(
  shop: T & { reminderSubject: string | null; reminderBody: string | null },
): T {
  return { ...shop, emailSubject: shop.reminderSubject, emailBody: shop.reminderBody };
}
