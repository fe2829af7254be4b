/**
 * What a customer can do from an invitation email, without a login: unsubscribe from the
 * shop's invitations, or say "I haven't received my order yet". Each write is one
 * conditional statement, so a double click or two tabs change nothing twice.
 */
import { DAY_MS } from "../../shared/dates.ts";
import type { Db } from "../db/client.ts";
import { findInvitationForCustomer, postponeByCustomer, type InvitationForCustomer } from "../db/queries/customer-links.ts";
import { insertEvent } from "../db/queries/events.ts";
import { countMoved } from "../db/queries/invitation-counts.ts";
import { insertSuppression, isSuppressed } from "../db/queries/suppressions.ts";
import { isPlaceholderEmail } from "../privacy/scrub.ts";

export type { InvitationForCustomer } from "../db/queries/customer-links.ts";

export async function findInvitation(db: Db, id: number): Promise<InvitationForCustomer | null> {
  return (await findInvitationForCustomer(db, id)) ?? null;
}

function suppressedAddress(invitation: InvitationForCustomer): string {
  return invitation.email.trim().toLowerCase();
}

export async function isUnsubscribed(db: Db, invitation: InvitationForCustomer): Promise<boolean> {
  return isSuppressed(db, invitation.shop, suppressedAddress(invitation));
}

/**
 * Adds the address to the shop's suppression list; true if it was not there yet. The
 * suppression and its entry in the invitation's history are committed together.
 */
export async function unsubscribe(db: Db, invitation: InvitationForCustomer, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await insertSuppression(tx, invitation.shop, suppressedAddress(invitation), now))) return false;
    await insertEvent(tx, {
      invitationId: invitation.id,
      shop: invitation.shop,
      type: "suppressed",
      actor: "customer",
      at: now,
      details: {
        note: "The customer unsubscribed with this invitation's link; no invitation of this shop will be sent to the address again.",
      },
    });
    return true;
  });
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
  // the row in between makes this a no-op, and we decide again from the fresh row. The
  // change and its entry in the history are committed together.
  const changed = await db.transaction(async (tx) => {
    if ((await postponeByCustomer(tx, invitation, decision, now)) === 0) return false;
    if (decision.requeue) await countMoved(tx, [invitation], invitation.status, "queued");
    await insertEvent(tx, {
      invitationId: invitation.id,
      shop: invitation.shop,
      type: "customer_postponed",
      actor: "customer",
      at: now,
      details: {
        from: invitation.sendAt.toISOString(),
        to: decision.sendAt.toISOString(),
        days: options.days,
        previousStatus: invitation.status,
        note: decision.requeue
          ? "The customer had not received the order yet; the invitation will be sent again on the new date."
          : "The customer had not received the order yet; the delivery date moved.",
      },
    });
    return true;
  });
  if (!changed) {
    const fresh = await findInvitation(db, invitation.id);
    if (!fresh) return { done: false, reason: "final" };
    if (fresh.customerPostpones > invitation.customerPostpones) {
      return { done: true, sendAt: fresh.sendAt, postponesLeft: Math.max(0, options.max - fresh.customerPostpones) };
    }
    return postpone(db, fresh, now, options);
  }
  return { done: true, sendAt: decision.sendAt, postponesLeft: options.max - invitation.customerPostpones - 1 };
}
