/**
 * What the order-page block shows for one order: its invitations, and when there is none
 * yet, why (skipped, or the shop's trigger has not fired for it), plus the settings the
 * cancelled-order guidance depends on (R4).
 */
import type { Db } from "../db/client.ts";
import { emptyOrderState, triggerTime } from "../invitations/orders.ts";
import { toTriggerSettings } from "../invitations/settings.ts";
import { presentInvitation, type InvitationJson } from "./present.ts";

export type OrderInvitationState = "invited" | "skipped" | "waiting_for_trigger";

export interface OrderInvitationsJson {
  orderId: string;
  state: OrderInvitationState;
  /** With state waiting_for_trigger: what the shop's trigger waits for. */
  waitingFor: "order_created" | "fulfillment" | "delivery" | null;
  order: {
    id: string;
    /** false when no webhook about this order reached the app (only manual invitations name it). */
    known: boolean;
    name: string | null;
    cancelledAt: string | null;
    fulfilledAt: string | null;
    deliveredAt: string | null;
    /** Delivered trigger: when the invitation is created anyway if no delivery event comes. */
    fallbackDueAt: string | null;
    skipReason: string | null;
    triggerFired: boolean;
    triggerFiredAt: string | null;
  };
  invitations: InvitationJson[];
  /** The shop's settings the block's guidance depends on. */
  settings: {
    trigger: string;
    delayDays: number;
    deliveredFallbackDays: number;
    paused: boolean;
    noticeEnabled: boolean;
    /** null = the default notice text. */
    noticeText: string | null;
    timezone: string;
  };
}

const WAITING_FOR = { order_created: "order_created", order_fulfilled: "fulfillment", order_delivered: "delivery" } as const;

/** null when the app knows nothing of this order for this shop (another shop's, or never seen). */
export async function orderInvitations(db: Db, shop: string, orderId: string, now: Date): Promise<OrderInvitationsJson | null> {
  const [order, rows, shopRow] = await Promise.all([
    db.order.findUnique({ where: { shop_orderId: { shop, orderId } } }),
    db.invitation.findMany({ where: { shop, orderId }, orderBy: { id: "desc" } }),
    db.shop.findUnique({ where: { domain: shop } }),
  ]);
  if (!order && rows.length === 0) return null;

  const settings = toTriggerSettings(shopRow ?? { trigger: "order_fulfilled", delayDays: 7, deliveredFallbackDays: 14, inviteTestOrders: false, paused: false });
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
  const state: OrderInvitationState = rows.length > 0 ? "invited" : order?.skipReason ? "skipped" : "waiting_for_trigger";
  return {
    orderId,
    state,
    waitingFor: state === "waiting_for_trigger" ? WAITING_FOR[settings.trigger] : null,
    order: {
      id: orderId,
      known: !!order,
      name: order?.name ?? rows[0]?.orderName ?? null,
      cancelledAt: (order?.cancelledAt ?? rows.find((r) => r.orderCancelledAt)?.orderCancelledAt)?.toISOString() ?? null,
      fulfilledAt: order?.fulfilledAt?.toISOString() ?? null,
      deliveredAt: order?.deliveredAt?.toISOString() ?? null,
      fallbackDueAt: order?.fallbackDueAt?.toISOString() ?? null,
      skipReason: order?.skipReason ?? null,
      triggerFired: !!fired,
      triggerFiredAt: fired?.at.toISOString() ?? null,
    },
    invitations: rows.map(presentInvitation),
    settings: {
      trigger: settings.trigger,
      delayDays: settings.delayDays,
      deliveredFallbackDays: settings.deliveredFallbackDays,
      paused: settings.paused,
      noticeEnabled: shopRow?.noticeEnabled ?? true,
      noticeText: shopRow?.noticeText ?? null,
      timezone: shopRow?.timezone ?? "UTC",
    },
  };
}
