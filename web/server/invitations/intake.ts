/**
 * Stores what an order webhook means for invitations: the order's merged state, at most
 * one automatic invitation, skips, and cancellation marks (R4: a cancellation removes
 * nothing). Runs inside the webhook's transaction, so the delivery and its effect are
 * stored together or not at all.
 */
import type { Db, Tx } from "../db/client.ts";
import { insertEvents, type NewEvent } from "../db/queries/events.ts";
import {
  findAutomaticInvitation,
  findRecentInvitationTo,
  insertInvitation,
  markOrderCancelled as markInvitationsOfOrderCancelled,
  updateQueuedInvitationDetails,
} from "../db/queries/invitations.ts";
import { countAdded } from "../db/queries/invitation-counts.ts";
import { findOrder, findOrdersDueForFallback, saveOrder, type OrderFields } from "../db/queries/orders.ts";
import type { InvitationRow, OrderRow } from "../db/schema.ts";
import {
  applyOrderEvent,
  decideInvitation,
  fallbackDueAt,
  type OrderEvent,
  type OrderState,
  type SkipReason,
} from "./orders.ts";
import { readProductLines, storeProductLines } from "./products.ts";
import { readAttributes } from "./rules.ts";
import type { TriggerSettings } from "./settings.ts";
import { erasedCustomer, type ErasureKeys } from "../privacy/tombstones.ts";

function toState(row: OrderRow): OrderState {
  return {
    orderId: row.orderId,
    name: row.name,
    email: row.email,
    customerId: row.customerId,
    customerName: row.customerName,
    locale: row.locale,
    // An unreadable column reads as unknown (null), so a later webhook can still fill it in.
    products: nonEmpty(readProductLines(row.products)),
    test: row.test,
    seenCreate: row.seenCreate,
    orderedAt: row.orderedAt,
    cancelledAt: row.cancelledAt,
    fulfilledAt: row.fulfilledAt,
    deliveredAt: row.deliveredAt,
    fallbackDueAt: row.fallbackDueAt,
    skipReason: row.skipReason as SkipReason | null,
    attributes: readAttributes(row.attributes),
  };
}

function nonEmpty<T>(list: T[]): T[] | null {
  return list.length > 0 ? list : null;
}

function toRow(state: OrderState): OrderFields {
  return {
    name: state.name,
    email: state.email,
    customerId: state.customerId,
    customerName: state.customerName,
    locale: state.locale,
    products: storeProductLines(state.products),
    test: state.test,
    seenCreate: state.seenCreate,
    orderedAt: state.orderedAt,
    cancelledAt: state.cancelledAt,
    fulfilledAt: state.fulfilledAt,
    deliveredAt: state.deliveredAt,
    fallbackDueAt: state.fallbackDueAt,
    skipReason: state.skipReason,
    attributes: state.attributes ? JSON.stringify(state.attributes) : null,
  };
}

export interface IntakeContext {
  shop: string;
  settings: TriggerSettings;
  now: Date;
  /** Where the event came from, for the audit trail. */
  origin: { topic: string; webhookId?: string };
  /** Set when the shop has erasure tombstones to check (customers/redact happened). */
  erasure?: ErasureKeys | null;
}

/** What identifies a person on an order; forgotten when the customer was erased. */
function forgetCustomer(state: OrderState): void {
  state.email = null;
  state.customerId = null;
  state.customerName = null;
  state.locale = null;
  state.products = null;
  state.name = null;
}

/** Applies one order event; returns a short outcome for the delivery log. */
export async function recordOrderEvent(tx: Tx, event: OrderEvent, ctx: IntakeContext): Promise<string> {
  const orderId = event.kind === "order_created" || event.kind === "order_cancelled" ? event.order.orderId : event.orderId;
  const row = await findOrder(tx, ctx.shop, orderId);
  const before = row ? toState(row) : null;
  const state = applyOrderEvent(before, event);
  const outcomes: string[] = [];
  // Erased stays erased: a late webhook about an erased customer's order stores nothing
  // personal and invites nobody; an erased address that had unsubscribed is not invited.
  const blocked = ctx.erasure ? await erasedCustomer(tx, ctx.shop, state, ctx.erasure) : null;
  if (blocked === "customer_erased") forgetCustomer(state);

  if (state.cancelledAt && !before?.cancelledAt) {
    const marked = await markOrderCancelled(tx, ctx, orderId, state.cancelledAt);
    outcomes.push(marked > 0 ? "order_cancelled_marked" : "order_cancelled_remembered");
  }

  const existing = await findAutomaticInvitation(tx, ctx.shop, orderId);
  if (existing && (event.kind === "order_created" || event.kind === "order_cancelled")) {
    await alignQueuedInvitation(tx, existing, state, ctx.now);
  }

  const outcome = blocked ? block(state, blocked) : await applyDecision(tx, ctx, state, !!existing, ctx.origin.topic);
  if (outcome) outcomes.push(outcome);

  await saveOrder(tx, ctx.shop, orderId, toRow(state), ctx.now);
  return outcomes.join(",") || "recorded";
}

function block(state: OrderState, reason: "customer_erased" | "unsubscribed"): string | null {
  const first = state.skipReason !== reason;
  state.skipReason = reason;
  state.fallbackDueAt = null;
  return first ? `skipped:${reason}` : null;
}

async function applyDecision(
  tx: Tx,
  ctx: IntakeContext,
  state: OrderState,
  hasAutomaticInvitation: boolean,
  topic: string,
): Promise<string | null> {
  state.fallbackDueAt = hasAutomaticInvitation ? null : fallbackDueAt(state, ctx.settings);
  let decision = decideInvitation(state, ctx.settings, hasAutomaticInvitation, ctx.now);
  // The frequency cap (issue 17): an address invited by this shop within frequencyCapDays
  // is not invited again, whichever order it comes from.
  const capDays = ctx.settings.rules?.frequencyCapDays ?? 0;
  if (decision.action === "create" && capDays > 0) {
    const since = new Date(ctx.now.getTime() - capDays * 24 * 60 * 60 * 1000);
    if (await findRecentInvitationTo(tx, ctx.shop, decision.email, since)) decision = { action: "skip", reason: "recently_invited" };
  }
  if (decision.action === "skip") {
    const first = state.skipReason !== decision.reason;
    state.skipReason = decision.reason;
    state.fallbackDueAt = null; // decided: the fallback sweep has nothing left to do here
    return first ? `skipped:${decision.reason}` : null;
  }
  if (decision.action !== "create") return null;

  state.skipReason = null;
  state.fallbackDueAt = null;
  const source = decision.fallback ? "delivered_fallback" : topic;
  const invitation = await insertInvitation(tx, {
    shop: ctx.shop,
    autoOrderId: state.orderId,
    orderId: state.orderId,
    orderName: state.name,
    email: decision.email,
    customerName: state.customerName,
    locale: state.locale,
    products: storeProductLines(state.products),
    sendAt: decision.sendAt,
    source,
    orderCancelledAt: state.cancelledAt,
  }, ctx.now);
  const events: NewEvent[] = [{
    invitationId: invitation.id,
    shop: ctx.shop,
    type: "created",
    actor: "webhook",
    at: ctx.now,
    details: { source, trigger: ctx.settings.trigger, webhookId: ctx.origin.webhookId, sendAt: decision.sendAt.toISOString() },
  }];
  if (state.cancelledAt) {
    events.push({
      invitationId: invitation.id,
      shop: ctx.shop,
      type: "order_cancelled",
      actor: "webhook",
      at: ctx.now,
      details: {
        cancelledAt: state.cancelledAt.toISOString(),
        note: "The order was cancelled before its invitation was created; the invitation stays (R4).",
      },
    });
  }
  await insertEvents(tx, events);
  await countAdded(tx, [{ id: invitation.id, shop: ctx.shop, status: "queued" }]);
  return "invitation_created";
}

/** Marks every invitation of the order; nothing is cancelled or removed (R4). */
async function markOrderCancelled(tx: Tx, ctx: IntakeContext, orderId: string, cancelledAt: Date): Promise<number> {
  const marked = await markInvitationsOfOrderCancelled(tx, ctx.shop, orderId, cancelledAt, ctx.now);
  await insertEvents(tx, marked.map((invitation) => ({
    invitationId: Number(invitation.id),
    shop: invitation.shop,
    type: "order_cancelled" as const,
    actor: "webhook",
    at: ctx.now,
    details: { cancelledAt: cancelledAt.toISOString(), webhookId: ctx.origin.webhookId, statusAtCancellation: invitation.status },
  })));
  return marked.length;
}

/**
 * The order webhooks are authoritative for who the customer is; a fulfillment's recipient
 * is only a stand-in (it may be a gift). While the invitation is still queued, bring it in
 * line with what the order says.
 */
async function alignQueuedInvitation(tx: Tx, invitation: InvitationRow, state: OrderState, now: Date): Promise<void> {
  if (invitation.status !== "queued") return;
  const wanted = {
    email: state.email ?? invitation.email,
    orderName: state.name ?? invitation.orderName,
    customerName: state.customerName ?? invitation.customerName,
    locale: state.locale ?? invitation.locale,
    products: state.products ? storeProductLines(state.products) : invitation.products,
  };
  const changed = (Object.keys(wanted) as (keyof typeof wanted)[]).some((k) => invitation[k] !== wanted[k]);
  if (changed) await updateQueuedInvitationDetails(tx, invitation.id, wanted, now);
}

/**
 * Delivered trigger: orders whose fallback time passed without a delivery event get their
 * invitation now. Called by the scheduler on every pass; safe to run concurrently because
 * the unique automatic-invitation index refuses a second one.
 */
export async function createDueFallbackInvitations(
  db: Db,
  loadSettings: (tx: Tx, shop: string) => Promise<TriggerSettings>,
  now: Date,
  limit = 200,
): Promise<number> {
  const due = await findOrdersDueForFallback(db, now, limit);
  let created = 0;
  for (const { shop, orderId } of due) {
    const outcome = await db.transaction(async (tx) => {
      const row = await findOrder(tx, shop, orderId);
      if (!row) return null;
      const state = toState(row);
      const settings = await loadSettings(tx, shop);
      const exists = await findAutomaticInvitation(tx, shop, orderId);
      const ctx = { shop, settings, now, origin: { topic: "delivered_fallback" } };
      const result = await applyDecision(tx, ctx, state, !!exists, "delivered_fallback");
      await saveOrder(tx, shop, orderId, toRow(state), now);
      return result;
    });
    if (outcome === "invitation_created") created++;
  }
  return created;
}
