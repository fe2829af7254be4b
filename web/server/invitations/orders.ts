/**
 * What the app knows about an order, merged from every webhook that mentions it, and the
 * pure rules that decide when that order earns its automatic invitation. No I/O here:
 * the intake (invitations/intake.ts) loads the state, calls these, and stores the result.
 */
import { DAY_MS } from "../../shared/dates.ts";
import type { ProductLine } from "./products.ts";
import { excludedBy, type OrderAttributes } from "./rules.ts";
import { effectiveSendAt } from "./send-window.ts";
import type { TriggerSettings } from "./settings.ts";

export interface OrderState {
  orderId: string;
  name: string | null;
  email: string | null;
  customerId: string | null;
  customerName: string | null;
  locale: string | null;
  products: ProductLine[] | null;
  test: boolean;
  seenCreate: boolean;
  orderedAt: Date | null;
  cancelledAt: Date | null;
  fulfilledAt: Date | null;
  deliveredAt: Date | null;
  fallbackDueAt: Date | null;
  skipReason: SkipReason | null;
  /** What the exclusion rules and country delays read (issue 17); null until an order webhook came. */
  attributes: OrderAttributes | null;
}

/** customer_erased / unsubscribed: a tombstone of customers/redact matched (privacy/tombstones.ts). */
import type { SkipReason } from "../../shared/domain.ts";

export type { SkipReason };

/** Order details as an order webhook carries them (already reduced from the payload). */
export interface OrderSnapshot {
  orderId: string;
  name: string | null;
  email: string | null;
  customerId: string | null;
  customerName: string | null;
  locale: string | null;
  products: ProductLine[];
  test: boolean;
  createdAt: Date | null;
  /** Absent when the caller has no attributes to give (tests of the trigger rules). */
  attributes?: OrderAttributes | null;
}

/** One webhook, reduced to the facts the invitation rules need. The topic decides the kind. */
export type OrderEvent =
  | { kind: "order_created"; topic: string; order: OrderSnapshot }
  | { kind: "order_cancelled"; topic: string; order: OrderSnapshot; cancelledAt: Date }
  | {
      kind: "fulfillment";
      topic: string;
      orderId: string;
      /** true for a fulfillment that shipped (status success) */
      successful: boolean;
      delivered: boolean;
      at: Date;
      email: string | null;
      customerName: string | null;
      orderName: string | null;
      products: ProductLine[];
    }
  | { kind: "delivery_event"; topic: string; orderId: string; delivered: boolean; at: Date };

export function emptyOrderState(orderId: string): OrderState {
  return {
    orderId,
    name: null,
    email: null,
    customerId: null,
    customerName: null,
    locale: null,
    products: null,
    test: false,
    seenCreate: false,
    orderedAt: null,
    cancelledAt: null,
    fulfilledAt: null,
    deliveredAt: null,
    fallbackDueAt: null,
    skipReason: null,
    attributes: null,
  };
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}

/**
 * Folds one event into the order's state. Order webhooks are authoritative for the
 * customer and the order; a fulfillment only fills what is still unknown, so the
 * result is the same whatever order the webhooks arrive in.
 */
export function applyOrderEvent(current: OrderState | null, event: OrderEvent): OrderState {
  const orderId = event.kind === "order_created" || event.kind === "order_cancelled" ? event.order.orderId : event.orderId;
  const state: OrderState = { ...(current ?? emptyOrderState(orderId)) };

  switch (event.kind) {
    case "order_created":
    case "order_cancelled": {
      const o = event.order;
      state.name = o.name ?? state.name;
      state.email = o.email ?? state.email;
      state.customerId = o.customerId ?? state.customerId;
      state.customerName = o.customerName ?? state.customerName;
      state.locale = o.locale ?? state.locale;
      state.products = o.products.length > 0 ? o.products : state.products;
      state.test = o.test;
      state.orderedAt = o.createdAt ?? state.orderedAt;
      state.attributes = o.attributes ?? state.attributes;
      if (event.kind === "order_created") state.seenCreate = true;
      else state.cancelledAt = state.cancelledAt ?? event.cancelledAt;
      break;
    }
    case "fulfillment": {
      state.email = state.email ?? event.email;
      state.customerName = state.customerName ?? event.customerName;
      state.name = state.name ?? event.orderName;
      state.products = state.products ?? (event.products.length > 0 ? event.products : null);
      if (event.successful || event.delivered) state.fulfilledAt = earliest(state.fulfilledAt, event.at);
      if (event.delivered) state.deliveredAt = earliest(state.deliveredAt, event.at);
      break;
    }
    case "delivery_event": {
      if (event.delivered) state.deliveredAt = earliest(state.deliveredAt, event.at);
      break;
    }
  }
  return state;
}

/** The moment the shop's trigger fired for this order, or null if it has not (yet). */
export function triggerTime(state: OrderState, settings: TriggerSettings, now: Date): { at: Date; fallback: boolean } | null {
  switch (settings.trigger) {
    case "order_created":
      return state.seenCreate && state.orderedAt ? { at: state.orderedAt, fallback: false } : null;
    case "order_fulfilled":
      return state.fulfilledAt ? { at: state.fulfilledAt, fallback: false } : null;
    case "order_delivered": {
      if (state.deliveredAt) return { at: state.deliveredAt, fallback: false };
      const due = fallbackDueAt(state, settings);
      return due && due.getTime() <= now.getTime() ? { at: due, fallback: true } : null;
    }
  }
}

/** Delivered trigger: when to give up waiting for a delivery event. */
export function fallbackDueAt(state: OrderState, settings: TriggerSettings): Date | null {
  if (settings.trigger !== "order_delivered" || state.deliveredAt || !state.fulfilledAt) return null;
  return new Date(state.fulfilledAt.getTime() + settings.deliveredFallbackDays * DAY_MS);
}

export type InvitationDecision =
  | { action: "none" }
  | { action: "skip"; reason: SkipReason }
  | { action: "create"; sendAt: Date; fallback: boolean; email: string };

/**
 * Whether this order should get its automatic invitation now. Called after every event;
 * the caller guarantees at most one automatic invitation per order (a unique index).
 */
export function decideInvitation(
  state: OrderState,
  settings: TriggerSettings,
  hasAutomaticInvitation: boolean,
  now: Date,
): InvitationDecision {
  if (hasAutomaticInvitation) return { action: "none" };
  const fired = triggerTime(state, settings, now);
  if (!fired) return { action: "none" };
  if (state.test && !settings.inviteTestOrders) return { action: "skip", reason: "test_order" };
  if (!state.email) return { action: "skip", reason: "no_email" };
  const rules = settings.rules;
  if (!rules) {
    return { action: "create", sendAt: new Date(fired.at.getTime() + settings.delayDays * DAY_MS), fallback: fired.fallback, email: state.email };
  }
  const excluded = excludedBy(state.attributes, rules.exclusions);
  if (excluded) return { action: "skip", reason: excluded };
  return {
    action: "create",
    // The stored date is the effective one: the shipping country's delay, then the send window.
    sendAt: effectiveSendAt(fired.at, state.attributes?.country ?? null, { ...rules.schedule, delayDays: settings.delayDays }),
    fallback: fired.fallback,
    email: state.email,
  };
}
