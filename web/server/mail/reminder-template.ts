/**
 * The reminder's words (issue 18): its own subject and body, with defaults, rendered by the
 * same function as the invitation (templates.ts renderInvitation), so the notice (R4), the
 * unsubscribe and "not received yet" links and every safety limit are the same.
 */
import { productBlock } from "./template-defaults.ts";
import type { TemplateSettings } from "./templates.ts";

export const DEFAULT_REMINDER_SUBJECT = "A quick reminder: how was your order {{ order_name }} from {{ shop_name }}?";

export const DEFAULT_REMINDER_BODY = `<p>Hi {{ customer_name | default: "there" }},</p>
<p>A few days ago we asked how your order {{ order_name }} went.
If you have a minute, your review would help us and other customers a lot.</p>
${productBlock("Review", "Write a review")}<p>This is the only reminder we will send about this order.</p>
<p>Thank you,<br>{{ shop_name }}</p>`;

export const REMINDER_DEFAULTS = { subject: DEFAULT_REMINDER_SUBJECT, body: DEFAULT_REMINDER_BODY } as const;

/** The shop's settings with the reminder's subject and body in the template's place. */
export function reminderTemplateSettings<T extends TemplateSettings>(
  shop: T & { reminderSubject: string | null; reminderBody: string | null },
): T {
  return { ...shop, emailSubject: shop.reminderSubject, emailBody: shop.reminderBody };
}
