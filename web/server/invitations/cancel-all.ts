/**
 * R2/R5: "Cancel all pending invitations", whatever their number.
 *
 * The merchant's answer costs one short transaction: the shop's queued counters are locked
 * (a concurrent intake either committed before, and is covered, or waits and gets a larger
 * id), the BulkCancellation row records who, when, how many and the largest invitation id it
 * covers, and the shop is marked with that id. From that commit on, the claim skips the shop
 * (db/dialect.ts), so no covered invitation can be sent: they are cancelled.
 *
 * The rows then catch up in batches (`completeBulkCancellations`): each batch takes the next
 * covered queued rows, sets their status, writes their `bulk_canceled` events and moves
 * their counters, in one transaction. When none is left, the cancellation is complete and
 * the claim sees the shop again (invitations created since then were never covered). Up to
 * `inlineLimit` rows the answer waits for that (a second or two); beyond, it is given at once
 * and the batches run after it (1M rows: the UPDATE alone takes SQLite 9–15 s,
 * docs/performance.md). If the process stops meanwhile, the dispatcher's next pass finishes
 * the work (dispatch/run-once.ts): the mark is durable, the batches are idempotent.
 *
 * `sending` and `sent` rows never match `status = 'queued'`, so they are never touched; a
 * second call finds nothing left to cancel.
 */
import type { Db } from "../db/client.ts";
import {
  cancelInvitations,
  finishBulkCancellations,
  findUnfinishedBulkCancellations,
  insertBulkCanceledEventsFor,
  insertBulkCancellation,
  lastInvitationId,
  markShopCancelling,
  nextCoveredQueued,
} from "../db/queries/bulk-cancellations.ts";
import { countMoved, lockCounts } from "../db/queries/invitation-counts.ts";
import { cancelQueuedReminders } from "../db/queries/reminders.ts";

export interface BulkCancelResult {
  canceled: number;
  /** Reminders that were waiting, cancelled with the invitations (issue 18). */
  remindersCanceled: number;
  bulkCancellationId: number;
  /** Every covered row is written; false while the batches still run (they cannot be sent meanwhile). */
  complete: boolean;
}

export interface BulkCancelOptions {
  /** Up to this many rows the answer waits until every row is written. */
  inlineLimit?: number;
  /** Rows per batch transaction. */
  batchSize?: number;
  /** Told when batches running after the answer fail (the dispatcher retries them). */
  onBackgroundError?: (error: unknown) => void;
  /** Runs the batches left after the answer; by default at once, in this process. */
  afterAnswer?: (write: () => Promise<number>) => void;
}

export const INLINE_LIMIT = 20_000;
/**
 * Rows per batch transaction. At 1M rows on SQLite, batches of 1,000 took 80 s to write
 * everything and batches of 10,000 54 s (the one-statement UPDATE: 22–26 s in the same runs):
 * fewer, larger commits; the shop sends again when the last one is written.
 */
const BATCH_SIZE = 10_000;

export async function cancelAllPending(
  db: Db,
  input: { shop: string; actor: string; now: Date },
  options: BulkCancelOptions = {},
): Promise<BulkCancelResult> {
  // A cancellation of this shop still being written is finished first, so the count below
  // does not include rows that one covers.
  await completeBulkCancellations(db, input.shop, options);
  const { id, count, remindersCanceled } = await db.transaction(async (tx) => {
    const counted = await lockCounts(tx, input.shop, "queued");
    const count = counted.reduce((n, c) => n + Number(c.count), 0);
    const throughId = await lastInvitationId(tx, input.shop);
    const id = await insertBulkCancellation(tx, { shop: input.shop, actor: input.actor, at: input.now, count, throughId });
    await markShopCancelling(tx, input.shop, throughId);
    // Pending reminders go with the invitations: a few days' sends at most, so written here.
    const remindersCanceled = await cancelQueuedReminders(tx, { shop: input.shop }, {
      actor: input.actor,
      at: input.now,
      reason: `Cancelled with all pending invitations (bulk cancellation ${id}).`,
    });
    return { id, count, remindersCanceled };
  });
  const write = () => completeBulkCancellations(db, input.shop, options);
  if (count <= (options.inlineLimit ?? INLINE_LIMIT)) {
    await write();
    return { canceled: count, remindersCanceled, bulkCancellationId: id, complete: true };
  }
  const afterAnswer = options.afterAnswer ?? ((w) => void w().catch((error) => options.onBackgroundError?.(error)));
  afterAnswer(write);
  return { canceled: count, remindersCanceled, bulkCancellationId: id, complete: false };
}

/**
 * Writes the rows of every unfinished cancellation (of one shop, or of all): events, status
 * and counters in batches, then marks them complete. Safe to run twice at once (in two
 * processes): each batch takes only rows still queued, locked while it changes them.
 * Returns how many invitations it cancelled.
 */
export async function completeBulkCancellations(db: Db, shop?: string, options: Pick<BulkCancelOptions, "batchSize"> = {}): Promise<number> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  let written = 0;
  for (const b of await findUnfinishedBulkCancellations(db, shop)) {
    const throughId = Number(b.throughId);
    const details = JSON.stringify({ bulkCancellationId: b.id, staffUser: b.actor });
    for (;;) {
      const changed = await db.transaction(async (tx) => {
        const ids = await nextCoveredQueued(tx, b.shop, throughId, batchSize);
        if (ids.length === 0) return 0;
        const canceled = await cancelInvitations(tx, ids, b.at);
        if (canceled.length === 0) return 0;
        await insertBulkCanceledEventsFor(tx, canceled, { shop: b.shop, actor: b.actor, at: b.at, details });
        await countMoved(tx, canceled.map((id) => ({ id, shop: b.shop })), "queued", "canceled");
        return canceled.length;
      });
      if (changed === 0) break;
      written += changed;
    }
    await db.transaction((tx) => finishBulkCancellations(tx, b.shop, throughId, new Date()));
  }
  return written;
}
