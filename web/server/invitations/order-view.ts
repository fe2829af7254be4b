/**
 * What the order-page block shows for one order: its invitations, and when there is none
 * yet, why (skipped, or the shop's trigger has not fired for it), plus the settings the
 * cancelled-order guidance depends on (R4). The admin presents it (admin/present.ts).
 */
import type { Queryable } from "../db/client.ts";
import { listInvitationsOfOrder } from "../db/queries/invitation-lists.ts";
import { findOrder } from "../db/queries/orders.ts";
import { findShop } from "../db/queries/shops.ts";
import type { InvitationRow, OrderRow } from "../db/schema.ts";
import { emptyOrderState, triggerTime } from "./orders.ts";
import { DEFAULT_TRIGGER_SETTINGS, toTriggerSettings, type TriggerSettings } from "./settings.ts";

export type OrderInvitationState = "invited" | "skipped" | "waiting_for_trigger";

export interface OrderView {
  orderId: string;
  state: OrderInvitationState;
  /** With state waiting_for_trigger: what the shop's trigger waits for. */
  waitingFor: "order_created" | "fulfillment" | "delivery" | null;
  /** null when no webhook about this order reached the app (only manual invitations name it). */
  order: OrderRow | null;
  /** When the shop's trigger fired for this order; null when it has not (yet). */
  triggerFiredAt: Date | null;
  /** Newest first. */
  invitations: InvitationRow[];
  /** The shop's settings the block's guidance depends on. */
  settings: TriggerSettings & { noticeEnabled: boolean; noticeText: string | null; timezone: string };
}

const WAITING_FOR = { order_created: "order_created", order_fulfilled: "fulfillment", order_delivered: "delivery" } as const;

/** null when the app knows nothing of this order for this shop (another shop's, or never seen). */
export async function orderView(db: Queryable, shop: string, orderId: string, now: Date): Promise<OrderView | null> {
  const [order, invitations, shopRow] = await Promise.all([
    findOrder(db, shop, orderId),
    listInvitationsOfOrder(db, shop, orderId),
    findShop(db, shop),
  ]);
  if (!order && invitations.length === 0) return null;

  // The block shows the trigger settings; the intake rules (issue 17) are the admin's.
  const { rules: _rules, ...settings } = toTriggerSettings(shopRow ?? DEFAULT_TRIGGER_SETTINGS);
  let fired: { at: Date } | null = null;
  if (order) {
    const state = {
      ...emptyOrderState(orderId),
      seenCreate: order.seenCreate,
      orderedAt: order.orderedAt,
      fulfilledAt: order.fulfilledAt,
      deliveredAt: order.deliveredAt,
    };
    fired = triggerTime(state, settings, now);
  }
  const state: OrderInvitationState = invitations.length > 0 ? "invited" : order?.skipReason ? "skipped" : "waiting_for_trigger";
  return {
    orderId,
    state,
    waitingFor: state === "waiting_for_trigger" ? WAITING_FOR[settings.trigger] : null,
    order: order ?? null,
    triggerFiredAt: fired?.at ?? null,
    invitations,
    settings: {
      ...settings,
      noticeEnabled: shopRow?.noticeEnabled ?? true,
      noticeText: shopRow?.noticeText ?? null,
      timezone: shopRow?.timezone ?? "UTC",
    },
  };
}
