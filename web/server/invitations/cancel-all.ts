/**
 * R2/R5: "Cancel all pending invitations". Every queued invitation of the shop is cancelled
 * by set-based statements, whatever their number: nothing is loaded into memory, so a
 * million rows cost a few statements, not a million round trips.
 *
 * One transaction: the BulkCancellation row (who, when, how many), one `bulk_canceled`
 * event per invitation (INSERT … SELECT), the status change (one UPDATE) and the shop's
 * status counters moved whole (db/queries/invitation-counts.ts). `sending` and
 * `sent` rows never match `status = 'queued'`, so they are never touched; a second call
 * finds nothing left to cancel.
 */
import type { Db } from "../db/client.ts";
import {
  cancelQueuedInvitations,
  deleteBulkCanceledEventsOfUncancelled,
  insertBulkCanceledEvents,
  insertBulkCancellation,
  setBulkCancellationCount,
} from "../db/queries/bulk-cancellations.ts";
import { lockCounts, moveAllCounts } from "../db/queries/invitation-counts.ts";

export interface BulkCancelResult {
  canceled: number;
  bulkCancellationId: number;
}

export async function cancelAllPending(db: Db, input: { shop: string; actor: string; now: Date }): Promise<BulkCancelResult> {
  // SQLite keeps the journal of a statement that changes many rows in temporary storage, in
  // memory by default: +490 MB of RSS for 1,000,000 rows (bench/admin-queries.ts), flat with
  // temporary files. Set on the connection before the transaction takes it.
  if (db.dialect.beforeLargeWrite) await db.run(db.dialect.beforeLargeWrite);
  return db.transaction(async (tx) => {
    // The shop's queued counters first: a concurrent intake either committed before (its row
    // is cancelled below and counted in these) or waits, and counts its row after.
    const counted = await lockCounts(tx, input.shop, "queued");
    const id = await insertBulkCancellation(tx, { shop: input.shop, actor: input.actor, at: input.now });
    const details = JSON.stringify({ bulkCancellationId: id, staffUser: input.actor });
    // Events first, for exactly the rows the UPDATE below will change: the transaction
    // holds the write lock from its first statement, so no row changes status in between.
    const logged = await insertBulkCanceledEvents(tx, { shop: input.shop, actor: input.actor, at: input.now, details });
    const canceled = await cancelQueuedInvitations(tx, input.shop, input.now);
    if (canceled !== logged) {
      // Only possible where another writer can commit between two statements of a
      // transaction (PostgreSQL, READ COMMITTED): drop events of rows that were not cancelled.
      await deleteBulkCanceledEventsOfUncancelled(tx, input.shop, details);
    }
    await moveAllCounts(tx, input.shop, counted, "queued", "canceled");
    await setBulkCancellationCount(tx, id, canceled);
    return { canceled, bulkCancellationId: id };
  });
}
