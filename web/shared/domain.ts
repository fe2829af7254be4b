/**
 * The words the server, the admin page and the order block share: an invitation's statuses,
 * the shop's triggers, why an order got no invitation. One list each, so a value the server
 * starts sending can't be missing from a page's filter or a block's switch. Each page turns
 * a value into words through its own translations, under the key named here.
 */

/**
 * An invitation's life (docs/api.md): queued → sending → sent | failed; queued → canceled;
 * sent → bounced when a hard bounce comes back for it (issue 19, web/server/deliverability).
 */
export const INVITATION_STATUSES = ["queued", "sending", "sent", "failed", "canceled", "bounced"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** When an order's automatic invitation is created. Fulfillment is the recommended default (R4). */
export const TRIGGERS = ["order_fulfilled", "order_created", "order_delivered"] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** The shop's exclusion rules that skipped an order (issue 17, web/server/invitations/rules.ts). */
export const EXCLUSION_REASONS = [
  "excluded_order_tag", "excluded_customer_tag", "excluded_product", "excluded_vendor",
  "excluded_pos", "excluded_draft", "excluded_b2b", "below_min_total", "no_marketing_consent",
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/**
 * Why an order got no invitation (stored on the order as `skipReason`); `recently_invited` is
 * the frequency cap: the address was invited within the shop's frequencyCapDays.
 */
export const SKIP_REASONS = ["no_email", "test_order", "customer_erased", "unsubscribed", ...EXCLUSION_REASONS, "recently_invited"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** The translation key of a status's name, in the admin page's and the block's locale files alike. */
export function statusLabelKey(status: InvitationStatus): `status.${InvitationStatus}` {
  return `status.${status}`;
}

export function isInvitationStatus(value: string): value is InvitationStatus {
  return (INVITATION_STATUSES as readonly string[]).includes(value);
}

export function isTrigger(value: string): value is Trigger {
  return (TRIGGERS as readonly string[]).includes(value);
}
