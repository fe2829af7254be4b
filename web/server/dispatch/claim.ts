/**
 * The invitation row is the job. Claiming, and giving back the claims of a dispatcher that
 * died, are set-based statements (web/server/db/queries/dispatch.ts). Each claim is ONE
 * statement, so two dispatchers (two processes, two machines) never claim the same row:
 * SQLite runs a write statement under its single write lock, and PostgreSQL locks the rows
 * it picks (FOR UPDATE SKIP LOCKED) so a concurrent claimer takes the next ones instead
 * (the SQL differs by database: Dialect.claimDue in web/server/db/dialect.ts, one builder
 * per database for invitations and reminders alike).
 *
 * Fairness: due rows are ranked per shop (ROW_NUMBER over the shop's own queue) and the
 * batch takes every shop's first, then every shop's second, and so on; a shop with 50,000
 * overdue invitations after a pause cannot starve a shop with three. The candidates come
 * from Shop, and installed + unpaused is checked in the same statement as the claim.
 *
 * Candidates: at most `limit` due rows from each installed, unpaused shop, each shop's
 * oldest first, read straight off the (shop, status, sendAt) index. Ranking only these
 * keeps a claim cheap whatever the backlog: ranking every due row instead made a claim
 * some fifty times slower at 100,000 overdue rows (bench/dispatch.ts; docs/performance.md, "Figures behind the code").
 */
import type { Db } from "../db/client.ts";
import {
  claimDueInvitations as claimStatement,
  failExpiredLeases,
  requeueExpiredLeases,
  type ClaimArgs,
  type ClaimedInvitation,
  type ExpiredLease,
} from "../db/queries/dispatch.ts";
import { insertEvents, type NewEvent } from "../db/queries/events.ts";
import { countMoved } from "../db/queries/invitation-counts.ts";

export { hasDueInvitations } from "../db/queries/dispatch.ts";
export type { ClaimedInvitation, ExpiredLease } from "../db/queries/dispatch.ts";
export type ClaimOptions = ClaimArgs;

/**
 * The claim statement and the shops' counters (queued → sending) in one short transaction;
 * the rows are claimed by the one statement, the counters follow them.
 */
export function claimDueInvitations(db: Db, options: ClaimOptions): Promise<ClaimedInvitation[]> {
  return db.transaction(async (tx) => {
    const rows = await claimStatement(tx, options);
    await countMoved(tx, rows, "queued", "sending");
    return rows;
  });
}

/**
 * A dispatcher that died between claim and send leaves rows in `sending`; once their lease
 * has passed they go back to the queue (or fail, when that was their last allowed attempt),
 * so nothing stays stuck. Their history entries and counters change in the same transaction.
 */
export function releaseExpiredLeases(
  db: Db,
  now: Date,
  maxAttempts: number,
): Promise<{ requeued: ExpiredLease[]; gaveUp: ExpiredLease[] }> {
  const reason = `Gave up after ${maxAttempts} attempts: the dispatcher sending it stopped before it finished`;
  return db.transaction(async (tx) => {
    const gaveUp = await failExpiredLeases(tx, now, maxAttempts, reason);
    const requeued = await requeueExpiredLeases(tx, now);
    await countMoved(tx, gaveUp, "sending", "failed");
    await countMoved(tx, requeued, "sending", "queued");
    await insertEvents(tx, [
      ...requeued.map((row): NewEvent => ({
        invitationId: row.id,
        shop: row.shop,
        type: "retry_scheduled",
        actor: "system",
        at: now,
        details: {
          error: "The dispatcher sending it stopped before it finished (lease expired); it is back in the queue.",
          attempt: row.attempts,
          nextAttemptAt: now.toISOString(),
        },
      })),
      ...gaveUp.map((row): NewEvent => ({
        invitationId: row.id,
        shop: row.shop,
        type: "failed",
        actor: "system",
        at: now,
        details: { reason: `Gave up after ${row.attempts} attempts: the dispatcher sending it stopped before it finished`, attempt: row.attempts },
      })),
    ]);
    return { requeued, gaveUp };
  });
}
