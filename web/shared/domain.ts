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

/** Why an order got no invitation (stored on the order as `skipReason`). */
export const SKIP_REASONS = ["no_email", "test_order", "customer_erased", "unsubscribed"] as const;
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
