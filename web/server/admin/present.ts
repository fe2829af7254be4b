/**
 * The JSON shapes the admin API answers with, in one place so every route answers the same
 * way: ids as strings, ISO-8601 dates, JSON columns parsed, opaque page cursors.
 */
import type { InvitationEventRow as EventRow, InvitationRow } from "../db/schema.ts";
import type { OrderInvitationState, OrderView } from "../invitations/order-view.ts";
import { productTitles, readProductLines } from "../invitations/products.ts";
import type { InvitationPage } from "../invitations/queries.ts";

export interface InvitationJson {
  id: string;
  status: string;
  sendAt: string;
  email: string;
  customerName: string | null;
  orderId: string | null;
  orderName: string | null;
  locale: string | null;
  products: string[];
  source: string;
  /** "automatic" for the one invitation an order earns; "manual" for Get reviews. */
  kind: "automatic" | "manual";
  orderCancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
  customerPostpones: number;
  /** Issue 18: the review link's first click, how many clicks, and when the reminder went out. */
  clickedAt: string | null;
  clicks: number;
  remindedAt: string | null;
  /** Only a queued invitation's delivery date can change (R6); nothing cancels one (R3). */
  canReschedule: boolean;
}

export interface EventJson {
  id: string;
  type: string;
  at: string;
  actor: string | null;
  details: Record<string, unknown> | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function presentInvitation(row: InvitationRow): InvitationJson {
  return {
    id: String(row.id),
    status: row.status,
    sendAt: row.sendAt.toISOString(),
    email: row.email,
    customerName: row.customerName,
    orderId: row.orderId,
    orderName: row.orderName,
    locale: row.locale,
    // Titles, as before issue 18 stored richer lines: what the history and the order block list.
    products: productTitles(readProductLines(row.products)),
    source: row.source,
    kind: row.autoOrderId ? "automatic" : "manual",
    orderCancelledAt: iso(row.orderCancelledAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    sentAt: iso(row.sentAt),
    attempts: row.attempts,
    lastError: row.lastError,
    customerPostpones: row.customerPostpones,
    clickedAt: iso(row.clickedAt),
    clicks: row.clicks,
    remindedAt: iso(row.remindedAt),
    canReschedule: row.status === "queued",
  };
}

export function presentEvent(row: EventRow): EventJson {
  return {
    id: String(row.id),
    type: row.type,
    at: row.at.toISOString(),
    actor: row.actor,
    details: parseJson<Record<string, unknown> | null>(row.details, row.details ? { text: row.details } : null),
  };
}

export function encodeCursor(id: number): string {
  return Buffer.from(`i:${id}`).toString("base64url");
}

/** The id inside a cursor, or null when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): number | null {
  const match = /^i:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : null;
}

export function presentPage(page: InvitationPage): { invitations: InvitationJson[]; nextCursor: string | null } {
  return {
    invitations: page.invitations.map(presentInvitation),
    nextCursor: page.nextCursor === null ? null : encodeCursor(page.nextCursor),
  };
}

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

/** The order-page block's view of one order (invitations/order-view.ts). */
export function presentOrderView(view: OrderView): OrderInvitationsJson {
  const { order, invitations, settings } = view;
  return {
    orderId: view.orderId,
    state: view.state,
    waitingFor: view.waitingFor,
    order: {
      id: view.orderId,
      known: !!order,
      name: order?.name ?? invitations[0]?.orderName ?? null,
      cancelledAt: iso(order?.cancelledAt ?? invitations.find((r) => r.orderCancelledAt)?.orderCancelledAt ?? null),
      fulfilledAt: iso(order?.fulfilledAt ?? null),
      deliveredAt: iso(order?.deliveredAt ?? null),
      fallbackDueAt: iso(order?.fallbackDueAt ?? null),
      skipReason: order?.skipReason ?? null,
      triggerFired: !!view.triggerFiredAt,
      triggerFiredAt: iso(view.triggerFiredAt),
    },
    invitations: invitations.map(presentInvitation),
    settings: {
      trigger: settings.trigger,
      delayDays: settings.delayDays,
      deliveredFallbackDays: settings.deliveredFallbackDays,
      paused: settings.paused,
      noticeEnabled: settings.noticeEnabled,
      noticeText: settings.noticeText,
      timezone: settings.timezone,
    },
  };
}
