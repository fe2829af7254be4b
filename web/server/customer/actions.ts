/**
 * What a customer can do from an invitation email, without a login: unsubscribe from the
 * shop's invitations, or say "I haven't received my order yet". Each write is one
 * conditional statement, so a double click or two tabs change nothing twice.
 */
import { isUniqueViolation, type Db } from "../db/client.ts";
import { appendEvent } from "../invitations/events.ts";
import { isPlaceholderEmail } from "../privacy/scrub.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface InvitationForCustomer {
  id: number;
  shop: string;
  email: string;
  status: string;
  sendAt: Date;
  customerPostpones: number;
  orderName: string | null;
}

export async function findInvitation(db: Db, id: number): Promise<InvitationForCustomer | null> {
  return db.invitation.findUnique({
    where: { id },
    select: { id: true, shop: true, email: true, status: true, sendAt: true, customerPostpones: true, orderName: true },
  });
}

export async function isUnsubscribed(db: Db, invitation: InvitationForCustomer): Promise<boolean> {
  const row = await db.suppression.findUnique({
    where: { shop_email: { shop: invitation.shop, email: invitation.email.trim().toLowerCase() } },
  });
  return row !== null;
}

/** Adds the address to the shop's suppression list; true if it was not there yet. */
export async function unsubscribe(db: Db, invitation: InvitationForCustomer, now: Date): Promise<boolean> {
  try {
    await db.suppression.create({
      data: { shop: invitation.shop, email: invitation.email.trim().toLowerCase(), createdAt: now },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  await appendEvent(db, invitation, "suppressed", "customer", {
    note: "The customer unsubscribed with this invitation's link; no invitation of this shop will be sent to the address again.",
  }, now);
  return true;
}

export type PostponeDecision =
  | { action: "postpone"; sendAt: Date; requeue: boolean }
  | { action: "refuse"; reason: "limit" | "final" | "sending" };

/**
 * The rule, pure. A queued invitation moves back by `days` (from its date, or from now if
 * that is later). A sent one is asked again later: it returns to the queue, because the
 * customer is holding it and saying it came too early. It never cancels anything, and it
 * works `max` times per invitation.
 */
export function decidePostpone(
  invitation: { status: string; sendAt: Date; customerPostpones: number; email: string },
  now: Date,
  days: number,
  max: number,
): PostponeDecision {
  // An erased customer (customers/redact, retention) has no address left to invite: an old
  // link must not put the anonymised invitation back in the queue.
  if (isPlaceholderEmail(invitation.email)) return { action: "refuse", reason: "final" };
  if (invitation.status === "sending") return { action: "refuse", reason: "sending" };
  if (invitation.status !== "queued" && invitation.status !== "sent") return { action: "refuse", reason: "final" };
  if (invitation.customerPostpones >= max) return { action: "refuse", reason: "limit" };
  const from = Math.max(invitation.sendAt.getTime(), now.getTime());
  return {
    action: "postpone",
    sendAt: new Date((invitation.status === "sent" ? now.getTime() : from) + days * DAY_MS),
    requeue: invitation.status === "sent",
  };
}

export type PostponeResult =
  | { done: true; sendAt: Date; postponesLeft: number }
  | { done: false; reason: "limit" | "final" | "sending" };

export async function postpone(
  db: Db,
  invitation: InvitationForCustomer,
  now: Date,
  options: { days: number; max: number },
): Promise<PostponeResult> {
  const decision = decidePostpone(invitation, now, options.days, options.max);
  if (decision.action === "refuse") return { done: false, reason: decision.reason };
  // Conditional on the state we decided from: a concurrent click or a dispatcher claiming
  // the row in between makes this a no-op, and we decide again from the fresh row.
  const changed = await db.invitation.updateMany({
    where: { id: invitation.id, status: invitation.status, customerPostpones: invitation.customerPostpones },
    data: {
      sendAt: decision.sendAt,
      customerPostpones: invitation.customerPostpones + 1,
      ...(decision.requeue ? { status: "queued", attempts: 0, lastError: null } : {}),
    },
  });
  if (changed.count === 0) {
    const fresh = await findInvitation(db, invitation.id);
    if (!fresh) return { done: false, reason: "final" };
    if (fresh.customerPostpones > invitation.customerPostpones) {
      return { done: true, sendAt: fresh.sendAt, postponesLeft: Math.max(0, options.max - fresh.customerPostpones) };
    }
    return postpone(db, fresh, now, options);
  }
  await appendEvent(db, invitation, "customer_postponed", "customer", {
    from: invitation.sendAt.toISOString(),
    to: decision.sendAt.toISOString(),
    days: options.days,
    previousStatus: invitation.status,
    note: decision.requeue
      ? "The customer had not received the order yet; the invitation will be sent again on the new date."
      : "The customer had not received the order yet; the delivery date moved.",
  }, now);
  return { done: true, sendAt: decision.sendAt, postponesLeft: options.max - invitation.customerPostpones - 1 };
}
