/**
 * Stores what an order webhook means for invitations: the order's merged state, at most
 * one automatic invitation, skips, and cancellation marks (R4: a cancellation removes
 * nothing). Runs inside the webhook's transaction, so the delivery and its effect are
 * stored together or not at all.
 */
import type { Prisma } from "../db/client.ts";
import { appendEvent } from "./events.ts";
import {
  applyOrderEvent,
  decideInvitation,
  fallbackDueAt,
  type OrderEvent,
  type OrderState,
  type SkipReason,
} from "./orders.ts";
import type { TriggerSettings } from "./settings.ts";

type Tx = Prisma.TransactionClient;
type OrderRow = NonNullable<Awaited<ReturnType<Tx["order"]["findUnique"]>>>;

function toState(row: OrderRow): OrderState {
  return {
    orderId: row.orderId,
    name: row.name,
    email: row.email,
    customerId: row.customerId,
    customerName: row.customerName,
    locale: row.locale,
    products: row.products ? (JSON.parse(row.products) as string[]) : null,
    test: row.test,
    seenCreate: row.seenCreate,
    orderedAt: row.orderedAt,
    cancelledAt: row.cancelledAt,
    fulfilledAt: row.fulfilledAt,
    deliveredAt: row.deliveredAt,
    fallbackDueAt: row.fallbackDueAt,
    skipReason: row.skipReason as SkipReason | null,
  };
}

function toRow(state: OrderState) {
  return {
    name: state.name,
    email: state.email,
    customerId: state.customerId,
    customerName: state.customerName,
    locale: state.locale,
    products: state.products ? JSON.stringify(state.products) : null,
    test: state.test,
    seenCreate: state.seenCreate,
    orderedAt: state.orderedAt,
    cancelledAt: state.cancelledAt,
    fulfilledAt: state.fulfilledAt,
    deliveredAt: state.deliveredAt,
    fallbackDueAt: state.fallbackDueAt,
    skipReason: state.skipReason,
  };
}

export interface IntakeContext {
  shop: string;
  settings: TriggerSettings;
  now: Date;
  /** Where the event came from, for the audit trail. */
  origin: { topic: string; webhookId?: string };
}

/** Applies one order event; returns a short outcome for the delivery log. */
export async function recordOrderEvent(tx: Tx, event: OrderEvent, ctx: IntakeContext): Promise<string> {
  const orderId = event.kind === "order_created" || event.kind === "order_cancelled" ? event.order.orderId : event.orderId;
  const key = { shop_orderId: { shop: ctx.shop, orderId } };
  const row = await tx.order.findUnique({ where: key });
  const before = row ? toState(row) : null;
  const state = applyOrderEvent(before, event);
  const outcomes: string[] = [];

  if (state.cancelledAt && !before?.cancelledAt) {
    const marked = await markOrderCancelled(tx, ctx, orderId, state.cancelledAt);
    outcomes.push(marked > 0 ? "order_cancelled_marked" : "order_cancelled_remembered");
  }

  const existing = await tx.invitation.findUnique({
    where: { shop_autoOrderId: { shop: ctx.shop, autoOrderId: orderId } },
  });
  if (existing && (event.kind === "order_created" || event.kind === "order_cancelled")) {
    await alignQueuedInvitation(tx, existing, state);
  }

  const outcome = await applyDecision(tx, ctx, state, !!existing, ctx.origin.topic);
  if (outcome) outcomes.push(outcome);

  if (row) await tx.order.update({ where: key, data: toRow(state) });
  else await tx.order.create({ data: { shop: ctx.shop, orderId, ...toRow(state) } });
  return outcomes.join(",") || "recorded";
}

async function applyDecision(
  tx: Tx,
  ctx: IntakeContext,
  state: OrderState,
  hasAutomaticInvitation: boolean,
  topic: string,
): Promise<string | null> {
  state.fallbackDueAt = hasAutomaticInvitation ? null : fallbackDueAt(state, ctx.settings);
  const decision = decideInvitation(state, ctx.settings, hasAutomaticInvitation, ctx.now);
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
  const invitation = await tx.invitation.create({
    data: {
      shop: ctx.shop,
      autoOrderId: state.orderId,
      orderId: state.orderId,
      orderName: state.name,
      email: decision.email,
      customerName: state.customerName,
      locale: state.locale,
      products: state.products ? JSON.stringify(state.products) : null,
      status: "queued",
      sendAt: decision.sendAt,
      source,
      orderCancelledAt: state.cancelledAt,
    },
  });
  await appendEvent(tx, invitation, "created", "webhook", {
    source,
    trigger: ctx.settings.trigger,
    webhookId: ctx.origin.webhookId,
    sendAt: decision.sendAt.toISOString(),
  }, ctx.now);
  if (state.cancelledAt) {
    await appendEvent(tx, invitation, "order_cancelled", "webhook", {
      cancelledAt: state.cancelledAt.toISOString(),
      note: "The order was cancelled before its invitation was created; the invitation stays (R4).",
    }, ctx.now);
  }
  return "invitation_created";
}

/** Marks every invitation of the order; nothing is cancelled or removed (R4). */
async function markOrderCancelled(tx: Tx, ctx: IntakeContext, orderId: string, cancelledAt: Date): Promise<number> {
  const invitations = await tx.invitation.findMany({
    where: { shop: ctx.shop, orderId, orderCancelledAt: null },
    select: { id: true, shop: true, status: true },
  });
  if (invitations.length === 0) return 0;
  await tx.invitation.updateMany({
    where: { id: { in: invitations.map((i) => i.id) } },
    data: { orderCancelledAt: cancelledAt },
  });
  for (const invitation of invitations) {
    await appendEvent(tx, invitation, "order_cancelled", "webhook", {
      cancelledAt: cancelledAt.toISOString(),
      webhookId: ctx.origin.webhookId,
      statusAtCancellation: invitation.status,
    }, ctx.now);
  }
  return invitations.length;
}

/**
 * The order webhooks are authoritative for who the customer is; a fulfillment's recipient
 * is only a stand-in (it may be a gift). While the invitation is still queued, bring it in
 * line with what the order says.
 */
async function alignQueuedInvitation(
  tx: Tx,
  invitation: { id: number; status: string; email: string; orderName: string | null; customerName: string | null; locale: string | null; products: string | null },
  state: OrderState,
): Promise<void> {
  if (invitation.status !== "queued") return;
  const wanted = {
    email: state.email ?? invitation.email,
    orderName: state.name ?? invitation.orderName,
    customerName: state.customerName ?? invitation.customerName,
    locale: state.locale ?? invitation.locale,
    products: state.products ? JSON.stringify(state.products) : invitation.products,
  };
  const changed = Object.fromEntries(
    Object.entries(wanted).filter(([k, v]) => invitation[k as keyof typeof wanted] !== v),
  );
  if (Object.keys(changed).length > 0) await tx.invitation.update({ where: { id: invitation.id }, data: changed });
}

/**
 * Delivered trigger: orders whose fallback time passed without a delivery event get their
 * invitation now. Called by the scheduler on every pass; safe to run concurrently because
 * the unique automatic-invitation index refuses a second one.
 */
export async function createDueFallbackInvitations(
  db: { $transaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>; order: Tx["order"] },
  loadSettings: (tx: Tx, shop: string) => Promise<TriggerSettings>,
  now: Date,
  limit = 200,
): Promise<number> {
  const due = await db.order.findMany({
    where: { fallbackDueAt: { lte: now } },
    select: { shop: true, orderId: true },
    take: limit,
  });
  let created = 0;
  for (const { shop, orderId } of due) {
    const outcome = await db.$transaction(async (tx) => {
      const row = await tx.order.findUnique({ where: { shop_orderId: { shop, orderId } } });
      if (!row) return null;
      const state = toState(row);
      const settings = await loadSettings(tx, shop);
      const exists = await tx.invitation.findUnique({ where: { shop_autoOrderId: { shop, autoOrderId: orderId } } });
      const result = await applyDecision(tx, { shop, settings, now, origin: { topic: "delivered_fallback" } }, state, !!exists, "delivered_fallback");
      await tx.order.update({ where: { shop_orderId: { shop, orderId } }, data: toRow(state) });
      return result;
    });
    if (outcome === "invitation_created") created++;
  }
  return created;
}
