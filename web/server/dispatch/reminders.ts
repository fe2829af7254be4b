/**
 * The one reminder of a sent invitation (issue 18), delivered by the same dispatcher as the
 * invitations: claimed in ONE statement (Dialect.claimDue, the invitations' own fair claim,
 * with `reminderQueue`), rendered with the reminder template, sent through the same
 * transport, and recorded by the same group commit (complete.ts → writeReminderOutcomes).
 *
 * Why a table of its own (docs/decisions.md): the invitation row's status machine, its
 * counters and every statement conditional on `status = 'queued'` stay as they are; a
 * reminder has its own status, lease and attempts, and its primary key (the invitation's
 * id) is what makes "never more than one reminder per invitation" a database fact.
 *
 * A reminder is due while its invitation is `sent` and unclicked, its shop installed, not
 * paused (R5: the pause holds reminders too), not in a "cancel all" being written, and with
 * reminders on. A click or cancel-all cancels it; an unsubscribe or an erasure ends it at
 * claim time, like an invitation. A cancelled order changes nothing (R4: the notice is in
 * the reminder as in every email).
 */
import type { Db, Tx } from "../db/client.ts";
import type { ClaimArgs } from "../db/dialect.ts";
import { insertEvents, type InvitationEventType, type NewEvent } from "../db/queries/events.ts";
import { addFunnelFacts } from "../db/queries/funnel.ts";
import {
  claimDueReminders as claimStatement,
  endClaimedReminder,
  findInvitationsOfReminders,
  markRemindersSent,
  releaseExpiredReminderLeases,
  requeueClaimedReminder,
} from "../db/queries/reminders.ts";
import type { ClaimedInvitation } from "./claim.ts";

export { hasDueReminders } from "../db/queries/reminders.ts";

/** A claimed reminder, shaped like a claimed invitation so the send path is the same. */
export type ClaimedReminderJob = ClaimedInvitation & { reminder: true; sentAt: Date | null };

export function claimDueReminders(db: Db, options: ClaimArgs): Promise<ClaimedReminderJob[]> {
  return db.transaction(async (tx) => {
    const claimed = await claimStatement(tx, options);
    if (claimed.length === 0) return [];
    const invitations = new Map((await findInvitationsOfReminders(tx, claimed.map((c) => c.invitationId))).map((i) => [Number(i.id), i]));
    return claimed.flatMap((c): ClaimedReminderJob[] => {
      const inv = invitations.get(c.invitationId);
      if (!inv) return [];
      return [{
        id: c.invitationId,
        shop: c.shop,
        email: inv.email,
        customerName: inv.customerName,
        orderName: inv.orderName,
        orderId: inv.orderId,
        products: inv.products,
        locale: inv.locale,
        customerPostpones: Number(inv.customerPostpones),
        sendAt: inv.sendAt,
        lastError: null,
        attempts: c.attempts,
        leaseUntil: c.leaseUntil,
        reminder: true,
        sentAt: inv.sentAt,
      }];
    });
  });
}

/** Reminders whose dispatcher died between claim and send: back to the queue, or failed on their last attempt. */
export async function releaseExpiredReminders(db: Db, now: Date, maxAttempts: number): Promise<number> {
  const reason = `Gave up after ${maxAttempts} attempts: the dispatcher sending the reminder stopped before it finished`;
  return db.transaction(async (tx) => {
    const { failed, requeued } = await releaseExpiredReminderLeases(tx, now, maxAttempts, reason);
    await insertEvents(tx, failed.map((r): NewEvent => ({
      invitationId: r.invitationId,
      shop: r.shop,
      type: "reminder_failed",
      actor: "system",
      at: now,
      details: { reason },
    })));
    return failed.length + requeued.length;
  });
}

/** What the recorder hands over for reminders (complete.ts Completion, reminder: true). */
export type ReminderCompletion =
  | { kind: "sent"; invitation: { id: number; shop: string; attempts: number; sentAt?: Date | null }; startedAt: Date; at: Date; messageId: string }
  | { kind: "retry"; invitation: { id: number; shop: string; attempts: number }; startedAt: Date; at: Date; nextAttemptAt: Date; reason: string }
  | { kind: "failed"; invitation: { id: number; shop: string; attempts: number }; startedAt: Date; at: Date; reason: string }
  | { kind: "suppressed"; invitation: { id: number; shop: string; attempts: number }; at: Date; reason?: string };

/**
 * One group's reminder outcomes, in the recorder's transaction: the reminder rows, the
 * invitation's `remindedAt`, its `reminder_*` events, and the funnel's "reminded".
 */
export async function writeReminderOutcomes(tx: Tx, group: readonly ReminderCompletion[]): Promise<void> {
  if (group.length === 0) return;
  const events: NewEvent[] = [];
  const entry = (c: ReminderCompletion, type: InvitationEventType, at: Date, details: Record<string, unknown>) =>
    events.push({ invitationId: c.invitation.id, shop: c.invitation.shop, type, actor: "system", at, details });

  const sent = group.filter((c): c is Extract<ReminderCompletion, { kind: "sent" }> => c.kind === "sent");
  if (sent.length > 0) {
    const at = sent.reduce((latest, c) => (c.at > latest ? c.at : latest), sent[0]!.at);
    const done = new Set(
      (await markRemindersSent(tx, sent.map((c) => ({ id: c.invitation.id, messageId: c.messageId })), at)).map((r) => r.invitationId),
    );
    const counted = sent.filter((c) => done.has(c.invitation.id));
    await addFunnelFacts(tx, counted.flatMap((c) =>
      c.invitation.sentAt ? [{ shop: c.invitation.shop, invitationId: c.invitation.id, sentAt: c.invitation.sentAt, figure: "reminded" as const }] : []));
    for (const c of counted) entry(c, "reminder_sent", c.at, { messageId: c.messageId, attempt: c.invitation.attempts });
  }
  for (const c of group) {
    if (c.kind === "retry") {
      if (await requeueClaimedReminder(tx, c.invitation, { sendAt: c.nextAttemptAt, lastError: c.reason, at: c.at })) {
        entry(c, "reminder_retry_scheduled", c.at, { error: c.reason, attempt: c.invitation.attempts, nextAttemptAt: c.nextAttemptAt.toISOString() });
      }
    } else if (c.kind === "failed") {
      if (await endClaimedReminder(tx, c.invitation, { status: "failed", lastError: c.reason, at: c.at })) {
        entry(c, "reminder_failed", c.at, { reason: c.reason, attempt: c.invitation.attempts });
      }
    } else if (c.kind === "suppressed") {
      const reason = c.reason ?? "The customer unsubscribed from this shop's review invitations; no reminder was sent.";
      if (await endClaimedReminder(tx, c.invitation, { status: "canceled", lastError: "unsubscribed", at: c.at })) {
        entry(c, "reminder_canceled", c.at, { reason });
      }
    }
  }
  await insertEvents(tx, events);
}
