/**
 * R6: a delayed order gets its invitation's delivery date changed. Only a queued invitation
 * can move: a sending or sent one is out of reach (R1) and a cancelled one is final (R2).
 * The update is conditional on `status = 'queued'`, so it cannot race the dispatcher: if
 * the dispatcher claimed the row a moment earlier, nothing is changed and the merchant is
 * told why.
 */
import { DAY_MS } from "../../shared/dates.ts";
import type { Db } from "../db/client.ts";
import { insertEvent } from "../db/queries/events.ts";
import { findInvitationById, findInvitation, rescheduleQueuedInvitation } from "../db/queries/invitations.ts";
import type { InvitationRow } from "../db/schema.ts";

/** The latest a delivery date may be, counted from now. */
export const MAX_SCHEDULE_DAYS = 365;

export type DateCheck =
  | { ok: true; date: Date }
  | { ok: false; problem: "format" | "past" | "too_far"; message: string; bound?: string };

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A delivery date as the admin sends it: an ISO-8601 date-time with its offset, in the
 * future and at most one year ahead. A bare date is refused: it names no time of day and no
 * time zone, and guessing either would move the email by hours.
 */
export function checkDeliveryDate(value: unknown, now: Date, options: { allowNow?: boolean } = {}): DateCheck {
  const date = typeof value === "string" && ISO_DATE_TIME.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    return {
      ok: false,
      problem: "format",
      message: "The delivery date must be an ISO 8601 date-time with a time zone, for example 2026-12-01T09:00:00Z or 2026-12-01T10:00:00+01:00.",
    };
  }
  const max = new Date(now.getTime() + MAX_SCHEDULE_DAYS * DAY_MS);
  // A minute of grace for "send now" from a form filled a moment ago.
  const earliest = options.allowNow ? now.getTime() - 60_000 : now.getTime();
  if (date.getTime() <= earliest) {
    return {
      ok: false,
      problem: "past",
      message: `The delivery date must be in the future (after ${now.toISOString()}).`,
      bound: now.toISOString(),
    };
  }
  if (date.getTime() > max.getTime()) {
    return {
      ok: false,
      problem: "too_far",
      message: `The delivery date can be at most ${MAX_SCHEDULE_DAYS} days ahead (until ${max.toISOString()}).`,
      bound: max.toISOString(),
    };
  }
  return { ok: true, date };
}

export type RescheduleResult =
  | { ok: true; invitation: InvitationRow }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "not_queued"; status: string; message: string };

/** Why an invitation in this status cannot be moved, in the merchant's words. */
export function whyNotReschedulable(status: string): string {
  switch (status) {
    case "canceled":
      return "This invitation was cancelled, and cancelled invitations can never be activated again; use Get reviews to invite this customer with a new invitation.";
    case "sent":
      return "This invitation has already been sent, and a sent invitation cannot be changed or retracted.";
    case "sending":
      return "This invitation is being sent right now, so its delivery date can no longer change.";
    case "failed":
      return "This invitation could not be delivered; its date cannot change. Use Get reviews to invite this customer again.";
    default:
      return `Only a queued invitation can be rescheduled; this one is ${status}.`;
  }
}

export async function rescheduleInvitation(
  db: Db,
  input: { shop: string; id: number; sendAt: Date; actor: string; now: Date },
): Promise<RescheduleResult> {
  return db.transaction(async (tx) => {
    const current = await findInvitation(tx, input.shop, input.id);
    if (!current) return { ok: false, reason: "not_found" } as const;
    const changed = await rescheduleQueuedInvitation(tx, input.shop, input.id, input.sendAt, input.now);
    if (changed === 0) {
      const status = (await findInvitationById(tx, input.id))?.status ?? current.status;
      return { ok: false, reason: "not_queued", status, message: whyNotReschedulable(status) } as const;
    }
    await insertEvent(tx, {
      invitationId: current.id,
      shop: current.shop,
      type: "rescheduled",
      actor: input.actor,
      at: input.now,
      details: { from: current.sendAt.toISOString(), to: input.sendAt.toISOString(), staffUser: input.actor },
    });
    const invitation = (await findInvitationById(tx, input.id))!;
    return { ok: true, invitation } as const;
  });
}
