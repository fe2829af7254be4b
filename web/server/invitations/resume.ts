/**
 * Resuming after a pause (R5, issue 17). While a shop is paused its invitations fall due and
 * wait; resuming used to send that whole backlog in the next pass. Now the merchant sees the
 * backlog first (count, oldest date) and chooses, for all overdue invitations alike (R3):
 *
 *   - spread: their delivery dates are spread evenly over `hours` of sending time (inside the
 *     send window), oldest first, so at most count / hours go out in any hour;
 *   - shift: every overdue invitation moves by the same number of days.
 *
 * Nothing is cancelled (R2). Each move is a `rescheduled` event with the reason. The dates are
 * rewritten while the shop is still paused, and the pause is lifted only afterwards, so the
 * dispatcher never sees a half-paced backlog; the rewrite is conditional on `queued`.
 */
import type { Db } from "../db/client.ts";
import { overdueBacklog, overdueIds, setSendAtOfQueued } from "../db/queries/backlog.ts";
import { insertEvents } from "../db/queries/events.ts";
import { findShop, updateShopSettings } from "../db/queries/shops.ts";
import { readSendWindow } from "./rules.ts";
import { nextOpenInstant, spreadOverSendingTime } from "./send-window.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows per write transaction: short transactions, and a CASE of bounded size. */
const BATCH = 1_000;

export type ResumePlan = { kind: "spread"; hours: number } | { kind: "shift"; days: number };

export interface ResumeResult {
  resumed: boolean;
  moved: number;
  /** When the last overdue invitation is now due (spread), or null when nothing moved. */
  lastSendAt: Date | null;
}

export { overdueBacklog };

export async function resumeSending(db: Db, input: { shop: string; actor: string; now: Date; plan: ResumePlan }): Promise<ResumeResult> {
  const { shop, now, plan } = input;
  const row = await findShop(db, shop);
  if (!row) return { resumed: false, moved: 0, lastSendAt: null };
  let moved = 0;
  let lastSendAt: Date | null = null;
  const overdue = await overdueIds(db, shop, now);
  const immediate = plan.kind === "spread" && plan.hours === 0;
  if (overdue.length > 0 && !immediate) {
    const window = readSendWindow(row.sendWindow);
    const slot = plan.kind === "spread" ? spreadOverSendingTime(now, plan.hours, window, row.timezone) : null;
    const target = (i: number, sendAt: Date): Date =>
      slot ? slot(i, overdue.length) : nextOpenInstant(new Date(sendAt.getTime() + (plan as { days: number }).days * DAY_MS), window, row.timezone);
    for (let start = 0; start < overdue.length; start += BATCH) {
      const moves = overdue.slice(start, start + BATCH).map((o, j) => ({ id: o.id, from: o.sendAt, sendAt: target(start + j, o.sendAt) }));
      await db.transaction(async (tx) => {
        const done = new Set(await setSendAtOfQueued(tx, shop, moves, now));
        const kept = moves.filter((m) => done.has(m.id));
        await insertEvents(tx, kept.map((m) => ({
          invitationId: m.id,
          shop,
          type: "rescheduled" as const,
          actor: input.actor,
          at: now,
          details: {
            from: m.from.toISOString(),
            to: m.sendAt.toISOString(),
            staffUser: input.actor,
            reason: plan.kind === "spread" ? "paced_resume" : "overdue_shifted",
            ...(plan.kind === "spread" ? { overHours: plan.hours } : { days: plan.days }),
          },
        })));
        moved += kept.length;
        for (const m of kept) if (!lastSendAt || m.sendAt > lastSendAt) lastSendAt = m.sendAt;
      });
    }
  }
  if (row.paused) await updateShopSettings(db, shop, { paused: false, pausedAt: null }, now);
  return { resumed: row.paused, moved, lastSendAt };
}
